package dev.lore.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a 2-d little-endian float32 C-order NumPy {@code .npy} file (format 1.0 or 2.0) straight
 * into an off-heap FLOAT 'c' matrix, so that lore and the Python peers factorize the same bytes.
 */
final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\)");

    private Npy() {}

    static INDArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0);
            if (pre.get(0) != (byte) 0x93 || pre.get(1) != 'N' || pre.get(2) != 'U') {
                throw new IOException(file + ": not a .npy file");
            }
            int major = pre.get(6);
            long headerLength = major == 1 ? pre.getShort(8) & 0xffff : pre.getInt(8) & 0xffffffffL;
            long start = (major == 1 ? 10 : 12) + headerLength;
            ByteBuffer h = ByteBuffer.allocate(Math.toIntExact(headerLength));
            readFully(ch, h, major == 1 ? 10 : 12);
            String header = new String(h.array(), StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(header);
            Matcher order = ORDER.matcher(header);
            Matcher shape = SHAPE.matcher(header);
            if (!descr.find() || !descr.group(1).equals("<f4") || !order.find() || !order.group(1).equals("False")
                    || !shape.find()) {
                throw new IOException(file + ": expected a 2-d '<f4' C-order array, header " + header.trim());
            }
            long rows = Long.parseLong(shape.group(1));
            long cols = Long.parseLong(shape.group(2));
            long bytes = Math.multiplyExact(Math.multiplyExact(rows, cols), 4L);
            if (ch.size() != start + bytes) {
                throw new IOException(file + ": " + ch.size() + " bytes, expected " + (start + bytes));
            }
            INDArray x = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
            FloatPointer p = (FloatPointer) x.data().addressPointer();
            long done = 0;
            long chunk = 1L << 30;
            while (done < bytes) {
                long n = Math.min(chunk, bytes - done);
                FloatPointer window = new FloatPointer(p);
                window.position(p.position() + done / 4).limit(p.position() + (done + n) / 4);
                ByteBuffer dst = window.asByteBuffer();
                readFully(ch, dst, start + done);
                done += n;
            }
            return x;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
