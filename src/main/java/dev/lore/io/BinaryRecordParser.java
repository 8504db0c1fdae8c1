package dev.lore.io;

import dev.lore.QuotedText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.ZipException;

/**
 * Reads word2vec binary records after the header line: per record, optional {@code \n} bytes, the
 * word's bytes up to a space, then {@code dim} little-endian IEEE 754 float32 values. Records are
 * returned in chunks; a record's "line" is its 1-based record number (the header is not counted).
 */
final class BinaryRecordParser {

    /** Longest word accepted, in bytes. */
    static final int MAX_WORD_BYTES = 1 << 20;
    private static final int BUFFER_BYTES = 1 << 20;
    /** Values per chunk, small enough to stay out of G1's humongous objects. */
    private static final int CHUNK_VALUES = 1 << 16;

    private final InputStream in;
    private final int dim;
    private final int recordsPerChunk;
    private byte[] buf;
    private ByteBuffer littleEndian;
    private int pos;
    private int limit;
    private boolean eof;
    private int records;
    private float[] previousValues;

    /** @param in positioned just after the header line */
    BinaryRecordParser(InputStream in, int dim) {
        this.in = in;
        this.dim = dim;
        this.recordsPerChunk = Math.max(1, CHUNK_VALUES / dim);
        setBuffer(new byte[Math.max(BUFFER_BYTES, 4 * dim + 1)]);
    }

    /**
     * Up to {@code recordsPerChunk} records, stopping at the first bad one; null at the end. The
     * previous chunk's arrays are reused, so the caller must be done with it. A
     * failure of a decompressing stream ({@link EOFException}, {@link ZipException}) becomes the
     * chunk's problem on the record being read, after the records before it.
     */
    ParsedChunk next() throws IOException {
        ChunkBuilder rows = new ChunkBuilder(dim, recordsPerChunk, previousValues);
        int first = records;
        int r = 0;
        try {
            for (; r < recordsPerChunk; r++) {
                while (ensure(1) && buf[pos] == '\n') {
                    pos++;
                }
                if (!ensure(1)) {
                    return r == 0 ? null : keep(rows.build(r, -1, null));
                }
                records++;
                String problem = readRecord(rows, r);
                if (problem != null) {
                    return rows.build(r + 1, r, "record " + records + problem);
                }
            }
        } catch (EOFException | ZipException e) {
            String problem = e instanceof EOFException ? "truncated gzip stream"
                    : "corrupt gzip stream: " + e.getMessage();
            return rows.build(r + 1, r, "record " + (first + r + 1) + ": " + problem, e);
        }
        return keep(rows.build(records - first, -1, null));
    }

    private ParsedChunk keep(ParsedChunk chunk) {
        previousValues = chunk.values;
        return chunk;
    }

    /** Reads one record into {@code rows}; returns its problem (after ": "), or null. */
    private String readRecord(ChunkBuilder rows, int r) throws IOException {
        int wordEnd = findSpace();
        if (wordEnd < 0) {
            return ": " + (eof ? "truncated in the word" : "no space within " + MAX_WORD_BYTES
                    + " bytes");
        }
        if (wordEnd == pos) {
            return ": empty word";
        }
        String word = rows.word(buf, pos, wordEnd, r);
        pos = wordEnd + 1;
        String problem = readValues(rows);
        if (problem != null) {
            return " ('" + QuotedText.of(word) + "'): " + problem;
        }
        rows.addRow(word, r);
        return null;
    }

    private String readValues(ChunkBuilder rows) throws IOException {
        int bytes = 4 * dim;
        if (!ensure(bytes)) {
            return "truncated, expected " + bytes + " bytes of values, found " + (limit - pos);
        }
        float[] values = rows.values();
        int offset = rows.rowOffset();
        for (int j = 0; j < dim; j++) {
            float v = littleEndian.getFloat(pos + 4 * j);
            if (!Float.isFinite(v)) {
                return (Float.isNaN(v) ? "NaN" : "infinite value") + " at value " + (j + 1);
            }
            values[offset + j] = v;
        }
        pos += bytes;
        return null;
    }

    /** Index of the space ending the word at {@code pos}, or -1 at end of stream or past the limit. */
    private int findSpace() throws IOException {
        int i = pos;
        while (true) {
            for (; i < limit; i++) {
                if (buf[i] == ' ') {
                    return i;
                }
            }
            int scanned = i - pos;
            if (scanned >= MAX_WORD_BYTES || !ensure(scanned + 1)) {
                return -1;
            }
            i = pos + scanned;
        }
    }

    /** Makes {@code n} bytes available at {@code pos} unless the stream ends first. */
    private boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, 2 * buf.length)];
            System.arraycopy(buf, 0, bigger, 0, limit);
            setBuffer(bigger);
        }
        while (limit < n && !eof) {
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return limit - pos >= n;
    }

    private void setBuffer(byte[] b) {
        buf = b;
        littleEndian = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
