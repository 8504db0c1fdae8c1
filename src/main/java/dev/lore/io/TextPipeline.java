package dev.lore.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipException;

/**
 * Reads text embeddings chunk by chunk: the calling thread reads (and decompresses) line-aligned
 * chunks and hands them to parsing threads; parsed chunks are assembled strictly in file order, so
 * duplicates, filters, line numbers and the first error reported are those of a sequential read.
 * One instance reads one file once.
 */
final class TextPipeline {

    /** Bytes per chunk: large enough to amortize a task, small enough to keep parsers busy. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Longest line accepted, in bytes (a 300-d line is about 3 KB). */
    static final int MAX_LINE_BYTES = 64 << 20;
    /** Chunks in flight per parsing thread, bounding memory while keeping threads fed. */
    private static final int INFLIGHT_PER_THREAD = 2;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final Path file;
    private final LineChunker chunker;
    private final BufferPool buffers;
    private final boolean gzip;
    /** Value arrays of assembled chunks, for parsers to reuse. */
    private final Queue<float[]> spareValues = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Future<ParsedChunk>> inflight = new ArrayDeque<>();
    private final int threads;
    private ExecutorService pool;
    private long lineBase;

    /**
     * @param in the file's bytes from the start (decompressed)
     * @param gzip whether the stream is decompressed, so EOF and format errors mean a damaged file
     * @param threads parsing threads, {@code >= 1}, working while the calling thread reads; a file
     *     of one chunk is parsed on the calling thread
     */
    TextPipeline(Path file, InputStream in, boolean gzip, int threads) {
        this.file = file;
        this.threads = threads;
        this.buffers = new BufferPool(CHUNK_BYTES, threads * INFLIGHT_PER_THREAD + 2);
        this.chunker = new LineChunker(in, buffers, CHUNK_BYTES, MAX_LINE_BYTES);
        this.gzip = gzip;
    }

    /** Lines consumed so far (header included): the number of the last line assembled. */
    long lines() {
        return lineBase;
    }

    /**
     * Parses lines into {@code rows} until the end of the file or {@code rows.full()}.
     *
     * @param first the first chunk; parsing starts at {@code start} (after a header line)
     * @param headerLines 1 if a header line precedes {@code start}, else 0
     */
    void run(LineChunker.Chunk first, int start, int headerLines, int dim, RowAssembler rows)
            throws IOException {
        lineBase = headerLines;
        int maxInflight = threads * INFLIGHT_PER_THREAD;
        try {
            LineChunker.Chunk chunk = first;
            int offset = start;
            boolean whole = chunker.atEnd(); // one chunk: not worth a thread
            while (chunk != null) {
                inflight.add(submit(chunk, offset, dim, whole));
                offset = 0;
                assemble(rows, maxInflight);
                chunk = rows.full() ? null : nextChunk(rows);
            }
            assemble(rows, 1);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Parses {@code c} on the thread pool, or right here if {@code inline}. */
    private Future<ParsedChunk> submit(LineChunker.Chunk c, int offset, int dim, boolean inline) {
        Callable<ParsedChunk> task = () -> {
            try {
                return TextChunkParser.parse(c.bytes(), offset, c.length(), dim, spareValues.poll());
            } finally {
                buffers.give(c.bytes());
            }
        };
        if (inline) {
            try {
                return CompletableFuture.completedFuture(task.call());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "lore-parse-" + THREAD_NUMBER.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool.submit(task);
    }

    /** Assembles finished chunks in order, waiting while {@code keep} or more are in flight. */
    private void assemble(RowAssembler rows, int keep) throws IOException {
        while (!inflight.isEmpty() && !rows.full()
                && (inflight.size() >= keep || inflight.peek().isDone())) {
            ParsedChunk parsed = await(inflight.poll());
            rows.add(parsed, lineBase);
            lineBase += parsed.lineCount;
            spareValues.offer(parsed.values);
        }
    }

    /** The first chunk of the file, holding at least one line; call once, before {@link #run}. */
    LineChunker.Chunk firstChunk() throws IOException {
        return nextChunk(null);
    }

    /** The next chunk; a damaged stream is reported after the lines before it are assembled. */
    private LineChunker.Chunk nextChunk(RowAssembler rows) throws IOException {
        try {
            return chunker.next();
        } catch (LineChunker.LineTooLongException e) {
            return fail(rows, "line longer than " + MAX_LINE_BYTES + " bytes, not a text embedding"
                    + " file", e);
        } catch (EOFException e) {
            if (!gzip) {
                throw e;
            }
            return fail(rows, "truncated gzip stream: the file ends inside this line", e);
        } catch (ZipException e) {
            if (!gzip) {
                throw e;
            }
            return fail(rows, "corrupt gzip stream: " + e.getMessage(), e);
        }
    }

    /** Reports a damaged stream after assembling the chunks before it ({@code rows} may be null). */
    private LineChunker.Chunk fail(RowAssembler rows, String problem, IOException cause)
            throws IOException {
        if (rows != null) {
            assemble(rows, 1);
            if (rows.full()) {
                return null;
            }
        }
        throw new EmbeddingFileException(file, lineBase + 1, problem, cause);
    }

    private static ParsedChunk await(Future<ParsedChunk> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while parsing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }
}
