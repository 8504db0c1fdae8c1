package dev.lore.spark;

import dev.lore.QuotedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Embedding text files (GloVe: {@code word v1 ... vd} per line; word2vec text: the same after a
 * {@code V d} header line), gzip or not, read in parallel into {@link RowBlock}s: Hadoop's text
 * input splits, one partition per split, files in the order of their names.
 *
 * <p>Tokens are separated by spaces, tabs or carriage returns, as lore's own reader separates them;
 * values are parsed by {@link Float#parseFloat}, which gives the same float as lore's reader. A
 * first line of two integers is a word2vec header when the first file starts with one; its
 * {@code d} must match. Blank lines are skipped. A line with another number of values than the
 * first, an unparsable, NaN or infinite value, or a word alone fails the task with a
 * {@link BadRowException} naming {@code file:line}.
 *
 * <p>Stateless: every method may be called from any thread.
 */
public final class TextEmbeddings {

    /** Rows per {@link RowBlock}. */
    static final int BLOCK_ROWS = 4096;

    private TextEmbeddings() {}

    /**
     * What {@link #read} found on the driver: the files and the dimension.
     *
     * @param files the files, sorted by name, at least one
     * @param dimension {@code d >= 1}
     * @param header whether the files start with a word2vec {@code V d} line
     * @param bytes the files' total size
     */
    public record Layout(List<String> files, int dimension, boolean header, long bytes) {
        /**
         * Validates and copies.
         *
         * @param files at least one file
         * @param dimension {@code >= 1}
         * @param header any
         * @param bytes {@code >= 0}
         */
        public Layout {
            files = List.copyOf(files);
            if (files.isEmpty() || dimension < 1 || bytes < 0) {
                throw new IllegalArgumentException("a layout needs files and a dimension >= 1, got " + files
                        + " and " + dimension);
            }
        }
    }

    /**
     * Lists the files of {@code path} (a file, a directory of files, or a glob) and reads the first
     * line of the first to find the dimension.
     *
     * @param conf the Hadoop configuration (of the Spark context)
     * @param path the input, in Hadoop's syntax ({@code /data/glove.txt}, {@code hdfs://...})
     * @return the layout
     * @throws IllegalArgumentException if nothing matches, or the first line holds no values
     * @throws UncheckedIOException if the files cannot be listed or read
     */
    public static Layout layout(Configuration conf, String path) {
        Objects.requireNonNull(path, "path");
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(p);
            List<FileStatus> files = new ArrayList<>();
            if (matched != null) {
                for (FileStatus s : matched) {
                    if (s.isDirectory()) {
                        for (FileStatus c : fs.listStatus(s.getPath())) {
                            String n = c.getPath().getName();
                            if (c.isFile() && !n.startsWith(".") && !n.startsWith("_")) {
                                files.add(c);
                            }
                        }
                    } else {
                        files.add(s);
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("--input " + path + ": no such file or no files in it");
            }
            files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
            List<String> names = new ArrayList<>();
            long bytes = 0;
            for (FileStatus s : files) {
                names.add(s.getPath().toString());
                bytes += s.getLen();
            }
            String first = firstLine(conf, names.get(0));
            if (first == null) {
                throw new IllegalArgumentException(display(names.get(0)) + ": no words to compress");
            }
            String[] t = tokens(first);
            boolean header = t.length == 2 && t[0].matches("[0-9]+") && t[1].matches("[0-9]+");
            int d;
            if (header) {
                d = Integer.parseInt(t[1]);
            } else {
                d = t.length - 1;
            }
            if (d < 1) {
                throw new IllegalArgumentException(display(names.get(0)) + ":1: word '" + QuotedText.of(t[0])
                        + "' has no values");
            }
            return new Layout(names, d, header, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("--input " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows of the files of {@code layout}, in file and line order.
     *
     * @param sc the Spark context
     * @param layout what {@link #layout} found
     * @param minPartitions at least this many partitions where the files can be split (a gzip file
     *     is one partition), {@code >= 1}
     * @return the rows, lazily read; a bad line fails the job that reads it
     * @throws IllegalArgumentException if {@code minPartitions < 1}
     */
    public static JavaRDD<RowBlock> read(JavaSparkContext sc, Layout layout, int minPartitions) {
        if (minPartitions < 1) {
            throw new IllegalArgumentException("minPartitions must be >= 1, got " + minPartitions);
        }
        try {
            Job job = Job.getInstance(new Configuration(sc.hadoopConfiguration()));
            Path[] paths = layout.files().stream().map(Path::new).toArray(Path[]::new);
            FileInputFormat.setInputPaths(job, paths);
            long split = Math.max(1 << 20, (layout.bytes() + minPartitions - 1) / minPartitions);
            FileInputFormat.setMaxInputSplitSize(job, split);
            FileInputFormat.setMinInputSplitSize(job, 1);
            @SuppressWarnings("unchecked")
            JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopRDD(
                    job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
            int d = layout.dimension();
            boolean header = layout.header();
            return lines.mapPartitionsWithInputSplit(
                    (InputSplit s, Iterator<Tuple2<LongWritable, Text>> it) -> new Parser(
                            ((FileSplit) s).getPath().toString(), d, header, it), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the lines of one split into blocks. */
    private static final class Parser implements Iterator<RowBlock> {
        private final String file;
        private final int d;
        private final boolean header;
        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private long firstOffset = -1;
        private long line = -1;
        private RowBlock next;

        Parser(String file, int d, boolean header, Iterator<Tuple2<LongWritable, Text>> lines) {
            this.file = file;
            this.d = d;
            this.header = header;
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = block();
            }
            return next != null;
        }

        @Override
        public RowBlock next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RowBlock b = next;
            next = null;
            return b;
        }

        private RowBlock block() {
            String[] words = new String[BLOCK_ROWS];
            float[] values = new float[BLOCK_ROWS * d];
            long[] at = new long[BLOCK_ROWS];
            int n = 0;
            while (n < BLOCK_ROWS && lines.hasNext()) {
                Tuple2<LongWritable, Text> rec = lines.next();
                long offset = rec._1().get();
                if (firstOffset < 0) {
                    firstOffset = offset;
                }
                line++;
                Text text = rec._2();
                String s = new String(text.getBytes(), 0, text.getLength(), StandardCharsets.UTF_8);
                if (offset == 0 && s.startsWith("\uFEFF")) {
                    s = s.substring(1); // a byte-order mark, as lore's reader skips it
                }
                String[] t = tokens(s);
                if (t.length == 0) {
                    continue;
                }
                if (offset == 0 && header && t.length == 2 && t[0].matches("[0-9]+") && t[1].matches("[0-9]+")) {
                    if (!t[1].equals(Integer.toString(d))) {
                        throw new BadRowException(where() + ": the header gives " + t[1] + " values per word,"
                                + " the first file " + d);
                    }
                    continue;
                }
                if (t.length - 1 != d) {
                    throw new BadRowException(where() + ": " + (t.length == 1 ? "word '" + QuotedText.of(t[0])
                            + "' has no values" : "expected " + d + " values, found " + (t.length - 1)));
                }
                int base = n * d;
                for (int k = 0; k < d; k++) {
                    float v;
                    try {
                        v = Float.parseFloat(t[k + 1]);
                    } catch (NumberFormatException e) {
                        throw new BadRowException(where() + ": value " + (k + 1) + " of word '" + QuotedText.of(t[0])
                                + "' is not a number: '" + QuotedText.of(t[k + 1]) + "'");
                    }
                    if (!Float.isFinite(v)) {
                        throw new BadRowException(where() + ": value " + (k + 1) + " of word '" + QuotedText.of(t[0])
                                + "' must be finite, got " + t[k + 1]);
                    }
                    values[base + k] = v;
                }
                words[n] = t[0];
                at[n] = line;
                n++;
            }
            if (n == 0) {
                return null;
            }
            return RowBlock.ofText(n == BLOCK_ROWS ? words : Arrays.copyOf(words, n),
                    n == BLOCK_ROWS ? values : Arrays.copyOf(values, n * d), n, d, file, firstOffset,
                    n == BLOCK_ROWS ? at : Arrays.copyOf(at, n));
        }

        private String where() {
            return display(file) + ":" + lineNumber(file, firstOffset, line);
        }
    }

    /**
     * The 1-based line number of the line {@code index} lines after the line at byte
     * {@code firstOffset} of {@code file}; reads the file up to {@code firstOffset} when it is not 0.
     *
     * @param file the file
     * @param firstOffset the byte offset of a line's start
     * @param index lines after it, {@code >= 0}
     * @return the line number, or {@code -1} if the file cannot be read
     */
    static long lineNumber(String file, long firstOffset, long index) {
        if (firstOffset <= 0) {
            return index + 1;
        }
        Path p = new Path(file);
        try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
            byte[] buf = new byte[1 << 16];
            long left = firstOffset;
            long newlines = 0;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        newlines++;
                    }
                }
                left -= n;
            }
            return newlines + index + 1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** A file name as the user wrote it: a local file without its {@code file:} scheme. */
    static String display(String file) {
        return file.startsWith("file:") ? new Path(file).toUri().getPath() : file;
    }

    private static String[] tokens(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSeparator(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** The first non-blank line of a file, decompressed if its codec says so; null if there is none. */
    private static String firstLine(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        InputStream raw = p.getFileSystem(conf).open(p);
        try (InputStream in = codec == null ? raw : codec.createInputStream(raw);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                if (tokens(s).length > 0) {
                    return s.startsWith("\uFEFF") ? s.substring(1) : s;
                }
            }
            return null;
        }
    }
}
