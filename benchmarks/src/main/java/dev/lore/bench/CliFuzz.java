package dev.lore.bench;

import dev.lore.cli.LoreCommand;
import dev.lore.compress.LoreFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;

/**
 * Fuzzes the command line in one JVM, group by group, and counts how each case ended.
 *
 * <ul>
 *   <li>{@code embeddings}: a GloVe text file of {@code --words} rows mutated (bytes flipped,
 *       deleted, inserted, truncated; numbers replaced by {@code nan}, {@code inf}, {@code 1e40},
 *       empty or malformed tokens; values dropped or added; a byte-order mark; headers right and
 *       wrong; CRLF; gzipped, sometimes with a corrupt stream), read by {@code lore nearest};
 *   <li>{@code lore}: float32, 8-bit and rank-5 {@code .lore} files of that table, bytes flipped,
 *       truncated or appended (the checksum then fails), or header fields set to random and extreme
 *       values with the checksum recomputed (what a crafted file does), read by {@code inspect},
 *       {@code nearest} and {@code export};
 *   <li>{@code lorem}: a trained {@code .lorem} model flipped, truncated or appended, read by
 *       {@code inspect} and {@code predict};
 *   <li>{@code arguments}: random argument lists for {@code compress}, {@code export},
 *       {@code inspect}, {@code nearest}, {@code evaluate}, {@code predict} and {@code schedule}:
 *       known options with negative, zero, huge, non-numeric, empty and NaN values, directories,
 *       devices, missing and repeated paths, an output equal to the input, unknown options.
 * </ul>
 *
 * <p>A case is <em>clean</em> when it exits 0, or exits 1 or 2 with a one-line message that is not
 * a bare exception name, within {@code --timeout} seconds, and, for the file groups, a failure
 * names the file. It is a <em>fault</em> otherwise: an unexpected exception type (a
 * {@code NullPointerException}, an index or arithmetic error, any {@code Error}), a message without
 * the file, a timeout, or exit 0 on a {@code .lore}/{@code .lorem} file whose bytes were corrupted
 * without recomputing its checksum. One JSON line per group with the counts, and one per fault.
 *
 * <p>Usage: {@code CliFuzz --work DIR --glove GLOVE_TXT --dataset PREFIX --embeddings GLOVE_GZ
 * [--cases N] [--seed S] [--words N] [--timeout S]}.
 */
public final class CliFuzz {

    private static final List<Class<? extends Throwable>> FAULTS = List.of(NullPointerException.class,
            IndexOutOfBoundsException.class, ArithmeticException.class, NegativeArraySizeException.class,
            ClassCastException.class, NumberFormatException.class, java.nio.BufferUnderflowException.class,
            java.nio.BufferOverflowException.class, UnsupportedOperationException.class, Error.class);

    private final Path work;
    private final Random rnd;
    private final long timeout;
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    /** Counts of one group. */
    private static final class Counts {
        int cases;
        int accepted;
        int rejected1;
        int rejected2;
        int faults;
        final Map<String, Integer> exceptions = new TreeMap<>();
    }

    private CliFuzz(Path work, long seed, long timeout) {
        this.work = work;
        this.rnd = new Random(seed);
        this.timeout = timeout;
    }

    /** One in-process run. */
    private record Run(int code, String err, Throwable thrown, boolean timedOut) {}

    private Run run(String... args) {
        Throwable[] thrown = new Throwable[1];
        StringWriter err = new StringWriter();
        Future<Integer> f = runner.submit(() -> {
            CommandLine cl = LoreCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            CommandLine.IExecutionExceptionHandler h = cl.getExecutionExceptionHandler();
            cl.setExecutionExceptionHandler((ex, c, p) -> {
                thrown[0] = ex;
                return h.handleExecutionException(ex, c, p);
            });
            return cl.execute(args);
        });
        try {
            return new Run(f.get(timeout, TimeUnit.SECONDS), err.toString(), thrown[0], false);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Run(-1, err.toString(), null, true);
        } catch (Exception e) {
            return new Run(-1, err.toString(), e, false);
        }
    }

    /**
     * Classifies a run into {@code c}; {@code file} is the fuzzed file (or null), {@code mustFail}
     * whether exit 0 is a fault. Prints a JSON line per fault.
     */
    private void count(String group, Counts c, Run r, Path file, boolean mustFail, String what) {
        c.cases++;
        if (r.thrown() != null) {
            c.exceptions.merge(r.thrown().getClass().getSimpleName(), 1, Integer::sum);
        }
        String fault = null;
        if (r.timedOut()) {
            fault = "timeout";
        } else if (r.code() == 0) {
            if (mustFail) {
                fault = "exit 0 on a corrupted file";
            } else {
                c.accepted++;
            }
        } else if (r.code() == 1 || r.code() == 2) {
            Throwable t = r.thrown() instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : r.thrown();
            String msg = r.err().strip();
            if (t != null && FAULTS.stream().anyMatch(k -> k.isInstance(t))) {
                fault = "unexpected " + t.getClass().getName() + ": " + t.getMessage();
            } else if (msg.isEmpty() || msg.contains("\tat ") || msg.contains("Exception in thread")) {
                fault = "no message or a stack trace";
            } else if (file != null && r.code() == 1 && !msg.contains(file.getFileName().toString())) {
                fault = "the message does not name the file";
            } else if (r.code() == 1) {
                c.rejected1++;
            } else {
                c.rejected2++;
            }
        } else {
            fault = "exit " + r.code() + (r.thrown() != null ? " " + r.thrown() : "");
        }
        if (fault != null) {
            c.faults++;
            String first = r.err().lines().findFirst().orElse("");
            System.out.println("{\"kind\":\"fault\",\"group\":\"" + group + "\",\"case\":\"" + json(what) + "\",\"fault\":\""
                    + json(fault) + "\",\"stderr\":\"" + json(first.length() > 300 ? first.substring(0, 300) : first) + "\"}");
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static void report(String group, Counts c) {
        StringBuilder ex = new StringBuilder();
        c.exceptions.forEach((k, v) -> ex.append(ex.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
        System.out.println("{\"kind\":\"group\",\"group\":\"" + group + "\",\"cases\":" + c.cases + ",\"accepted\":"
                + c.accepted + ",\"rejected_exit1\":" + c.rejected1 + ",\"rejected_exit2\":" + c.rejected2 + ",\"faults\":"
                + c.faults + ",\"exceptions\":{" + ex + "}}");
    }

    // ------------------------------------------------------------------ embedding files

    private static final String[] BAD_NUMBERS = {"nan", "NaN", "inf", "-inf", "Infinity", "1e40", "-1e39", "0x10", "",
        "1,5", "--1", "1e", ".", "-", "1.0.0", "\u00a0", "3.4028236e38", "1e-50"};

    private byte[] mutateText(byte[] base) {
        String text = new String(base, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int kind = rnd.nextInt(12);
        switch (kind) {
            case 0 -> { // a number replaced
                int l = rnd.nextInt(lines.size() - 1);
                String[] f = lines.get(l).split(" ");
                if (f.length > 1) {
                    f[1 + rnd.nextInt(f.length - 1)] = BAD_NUMBERS[rnd.nextInt(BAD_NUMBERS.length)];
                    lines.set(l, String.join(" ", f));
                }
            }
            case 1 -> { // a value dropped or added
                int l = rnd.nextInt(lines.size() - 1);
                lines.set(l, rnd.nextBoolean() ? lines.get(l).replaceFirst(" [^ ]+$", "") : lines.get(l) + " 0.5");
            }
            case 2 -> lines.add(0, rnd.nextBoolean() ? (lines.size() - 1) + " " + (lines.get(0).split(" ").length - 1)
                    : rnd.nextInt(1000) + " " + rnd.nextInt(1000)); // header, right or wrong
            case 3 -> lines.set(0, "\uFEFF" + lines.get(0)); // BOM
            case 4 -> lines.add(rnd.nextInt(lines.size()), lines.get(rnd.nextInt(lines.size() - 1))); // duplicate
            case 5 -> lines.add(rnd.nextInt(lines.size()), rnd.nextBoolean() ? "" : "   "); // blank line
            case 6 -> {
                return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                byte[] b = base.clone();
                int at = rnd.nextInt(b.length);
                return switch (kind) {
                    case 7 -> {
                        b[at] = (byte) (b[at] ^ (1 + rnd.nextInt(255)));
                        yield b;
                    }
                    case 8 -> Arrays.copyOf(b, at); // truncated
                    case 9 -> { // bytes deleted
                        int len = Math.min(b.length - at, 1 + rnd.nextInt(40));
                        byte[] o = new byte[b.length - len];
                        System.arraycopy(b, 0, o, 0, at);
                        System.arraycopy(b, at + len, o, at, b.length - at - len);
                        yield o;
                    }
                    default -> { // random bytes inserted
                        byte[] ins = new byte[1 + rnd.nextInt(16)];
                        rnd.nextBytes(ins);
                        byte[] o = new byte[b.length + ins.length];
                        System.arraycopy(b, 0, o, 0, at);
                        System.arraycopy(ins, 0, o, at, ins.length);
                        System.arraycopy(b, at, o, at + ins.length, b.length - at);
                        yield o;
                    }
                };
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private void embeddings(byte[] base, String word, int cases) throws IOException {
        Counts c = new Counts();
        for (int i = 0; i < cases; i++) {
            byte[] b = mutateText(base);
            boolean gz = rnd.nextInt(4) == 0;
            if (gz) {
                b = gzip(b);
                if (rnd.nextInt(3) == 0) {
                    b[10 + rnd.nextInt(b.length - 10)] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            Path f = work.resolve("emb-" + i + (gz ? ".txt.gz" : ".txt"));
            Files.write(f, b);
            count("embeddings", c, run("nearest", f.toString(), word, "-k", "3"), f, false, "case " + i);
            Files.delete(f);
        }
        report("embeddings", c);
    }

    // ------------------------------------------------------------------ .lore and .lorem

    /** A copy of {@code b} corrupted without fixing the checksum (so every reader must refuse it). */
    private byte[] corrupt(byte[] b) {
        byte[] o = b.clone();
        int kind = rnd.nextInt(4);
        int at = rnd.nextInt(o.length);
        return switch (kind) {
            case 0, 1 -> {
                o[at] = (byte) (o[at] ^ (1 << rnd.nextInt(8)));
                yield o;
            }
            case 2 -> Arrays.copyOf(o, at);
            default -> {
                byte[] x = Arrays.copyOf(o, o.length + 1 + rnd.nextInt(64));
                yield x;
            }
        };
    }

    private static final int[] EXTREMES = {0, -1, 1, 2, 3, Integer.MAX_VALUE, Integer.MIN_VALUE, 65535, 65536, 1 << 30};

    /** A crafted {@code .lore}: one 4-byte field among the first bytes after the preamble set to an extreme, CRC recomputed. */
    private byte[] craft(byte[] b) {
        byte[] o = b.clone();
        ByteBuffer bb = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
        int limit = Math.min(o.length - 8, 20 + 4 * 64);
        int at = rnd.nextInt(3) == 0 ? 20 + 4 * rnd.nextInt(6) : 20 + rnd.nextInt(limit - 20);
        bb.putInt(at, rnd.nextBoolean() ? EXTREMES[rnd.nextInt(EXTREMES.length)] : rnd.nextInt());
        if (rnd.nextInt(5) == 0) { // a value of the payload set to NaN or infinity instead
            int p = o.length / 2 + rnd.nextInt(o.length / 2 - 8);
            bb.putInt(p & ~3, rnd.nextBoolean() ? 0x7fc00000 : 0x7f800000);
        }
        CRC32C crc = new CRC32C();
        crc.update(o, 0, o.length - 4);
        bb.putInt(o.length - 4, (int) crc.getValue());
        return o;
    }

    private void loreFiles(List<Path> bases, String word, int cases) throws IOException {
        Counts c = new Counts();
        for (int i = 0; i < cases; i++) {
            Path base = bases.get(i % bases.size());
            byte[] b = Files.readAllBytes(base);
            boolean crafted = rnd.nextInt(3) == 0;
            byte[] m = crafted ? craft(b) : corrupt(b);
            if (Arrays.equals(m, b)) {
                continue;
            }
            Path f = work.resolve("case-" + i + ".lore");
            Files.write(f, m);
            Path out = work.resolve("case-" + i + ".txt");
            String what = base.getFileName() + (crafted ? " crafted" : " corrupted") + " case " + i;
            count("lore", c, run("inspect", f.toString()), f, !crafted, what + ": inspect");
            count("lore", c, run("nearest", f.toString(), word, "-k", "3"), f, !crafted, what + ": nearest");
            count("lore", c, run("export", f.toString(), "--output", out.toString()), f, !crafted, what + ": export");
            Files.deleteIfExists(f);
            Files.deleteIfExists(out);
        }
        report("lore", c);
    }

    private void loremFiles(List<Path> bases, Path texts, int cases) throws IOException {
        Counts c = new Counts();
        for (int i = 0; i < cases; i++) {
            Path base = bases.get(i % bases.size());
            byte[] b = Files.readAllBytes(base);
            byte[] m = corrupt(b);
            if (Arrays.equals(m, b)) {
                continue;
            }
            Path f = work.resolve("case-" + i + ".lorem");
            Files.write(f, m);
            String what = base.getFileName() + " corrupted case " + i;
            count("lorem", c, run("inspect", f.toString()), f, true, what + ": inspect");
            count("lorem", c, run("predict", f.toString(), "--input", texts.toString()), f, true, what + ": predict");
            Files.deleteIfExists(f);
        }
        report("lorem", c);
    }

    // ------------------------------------------------------------------ arguments

    private void arguments(Path glove, Path lore, Path lorem, Path texts, Path wordsim, int cases) {
        String dir = work.toString();
        String[] values = {"-1", "0", "1", "3", "99999999999", "nan", "", "abc", "1e309", "-0", dir, "/dev/null", "/dev/zero",
            work.resolve("missing.txt").toString(), glove.toString(), lore.toString(), lorem.toString(), "x".repeat(5000),
            "--", "=", "0.5", "1.5", "row", "matrix", "exact", "randomized(oversampling=-3)", "calr", "the"};
        Map<String, String[]> options = new TreeMap<>();
        options.put("compress", new String[] {"--input", "--output", "--rank", "--energy", "--compression", "--full",
            "--method", "--placement", "--quantize-bits", "--quantize-scope", "--max-words", "--seed", "-q", "--streaming"});
        options.put("export", new String[] {"--output", "--format", "--precision"});
        options.put("inspect", new String[] {"--json"});
        options.put("nearest", new String[] {"-k", "--json"});
        options.put("evaluate", new String[] {"--wordsim", "--analogies", "--restrict", "--threads", "--dataset", "--test",
            "--split", "--json"});
        options.put("predict", new String[] {"--input", "--threads", "--probabilities", "--batch"});
        options.put("schedule", new String[] {"--iterations", "--plot", "--lr", "--min-lr", "--max-lr", "--cycle"});
        String[] commands = options.keySet().toArray(new String[0]);
        Counts c = new Counts();
        for (int i = 0; i < cases; i++) {
            String cmd = commands[rnd.nextInt(commands.length)];
            List<String> args = new ArrayList<>(List.of(cmd));
            if (!cmd.equals("compress") && !cmd.equals("schedule") && rnd.nextInt(5) > 0) {
                args.add(switch (cmd) {
                    case "predict", "inspect" -> rnd.nextBoolean() ? lorem.toString() : values[rnd.nextInt(values.length)];
                    case "nearest" -> glove.toString();
                    default -> rnd.nextBoolean() ? lore.toString() : values[rnd.nextInt(values.length)];
                });
                if (cmd.equals("nearest") && rnd.nextInt(4) > 0) {
                    args.add(values[rnd.nextInt(values.length)]);
                }
            }
            if (cmd.equals("schedule")) {
                args.add(rnd.nextBoolean() ? "calr" : values[rnd.nextInt(values.length)]);
            }
            String[] opts = options.get(cmd);
            int n = rnd.nextInt(5);
            for (int k = 0; k < n; k++) {
                String o = rnd.nextInt(12) == 0 ? "--no-such-option" : opts[rnd.nextInt(opts.length)];
                String v = switch (o) {
                    case "--input", "--embeddings" -> rnd.nextBoolean() ? glove.toString() : values[rnd.nextInt(values.length)];
                    case "--wordsim" -> rnd.nextBoolean() ? wordsim.toString() : values[rnd.nextInt(values.length)];
                    case "--output", "--plot" -> rnd.nextInt(3) == 0 ? glove.toString()
                            : work.resolve("arg-out-" + i + (o.equals("--plot") ? ".png" : ".lore")).toString();
                    default -> values[rnd.nextInt(values.length)];
                };
                if (rnd.nextBoolean()) {
                    args.add(o + "=" + v);
                } else {
                    args.add(o);
                    if (rnd.nextInt(6) > 0) {
                        args.add(v);
                    }
                }
            }
            if (cmd.equals("predict") && !args.contains("--input") && args.stream().noneMatch(a -> a.startsWith("--input"))) {
                args.add("--input");
                args.add(texts.toString());
            }
            count("arguments", c, run(args.toArray(new String[0])), null, false, String.join(" ", args.size() > 12
                    ? args.subList(0, 12) : args));
        }
        report("arguments", c);
    }

    public static void main(String[] a) throws Exception {
        Path work = null;
        Path glove = null;
        Path dataset = null;
        Path embeddings = null;
        int cases = 200;
        long seed = 1;
        int words = 300;
        long timeout = 120;
        List<String> groups = List.of("embeddings", "lore", "lorem", "arguments");
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--work" -> work = Path.of(a[++i]);
                case "--glove" -> glove = Path.of(a[++i]);
                case "--dataset" -> dataset = Path.of(a[++i]);
                case "--embeddings" -> embeddings = Path.of(a[++i]);
                case "--cases" -> cases = Integer.parseInt(a[++i]);
                case "--seed" -> seed = Long.parseLong(a[++i]);
                case "--words" -> words = Integer.parseInt(a[++i]);
                case "--timeout" -> timeout = Long.parseLong(a[++i]);
                case "--groups" -> groups = List.of(a[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + a[i]);
            }
        }
        if (work == null || glove == null || dataset == null || embeddings == null) {
            throw new IllegalArgumentException("usage: CliFuzz --work DIR --glove TXT --dataset PREFIX --embeddings GZ ...");
        }
        Files.createDirectories(work);
        CliFuzz f = new CliFuzz(work, seed, timeout);
        List<String> head;
        try (Stream<String> s = Files.lines(glove)) {
            head = s.limit(words).toList();
        }
        byte[] base = (String.join("\n", head) + "\n").getBytes(StandardCharsets.UTF_8);
        Path baseTxt = work.resolve("base.txt");
        Files.write(baseTxt, base);
        String word = head.get(0).split(" ")[0];
        List<Path> lores = new ArrayList<>();
        String[][] kinds = {{"--full"}, {"--full", "--quantize-bits", "8"}, {"--rank", "5"}, {"--rank", "5", "--quantize-bits", "6"}};
        for (int k = 0; k < kinds.length; k++) {
            Path p = work.resolve("base-" + k + ".lore");
            List<String> args = new ArrayList<>(List.of("compress", "--input", baseTxt.toString(), "--output", p.toString(), "-q"));
            args.addAll(List.of(kinds[k]));
            if (LoreCommand.execute(args.toArray(new String[0])) != 0) {
                throw new IllegalStateException("compress " + Arrays.toString(kinds[k]) + " failed");
            }
            LoreFile.read(p);
            lores.add(p);
        }
        Path lorem = work.resolve("base.lorem");
        if (!Files.exists(lorem) && LoreCommand.execute("train", "--dataset", dataset.toString(), "--embeddings",
                embeddings.toString(), "--compression", "0.9", "--output", lorem.toString(), "-q") != 0) {
            throw new IllegalStateException("train failed");
        }
        Path texts = work.resolve("texts.txt");
        Files.writeString(texts, "a fine film\nawful\n\nthe best of the year , truly\n");
        Path wordsim = work.resolve("ws.txt");
        Files.writeString(wordsim, head.get(1).split(" ")[0] + "\t" + head.get(2).split(" ")[0] + "\t3\n" + word + "\t"
                + head.get(3).split(" ")[0] + "\t1\n" + word + "\tzzzz\t2\n");
        long t0 = System.nanoTime();
        System.out.println("{\"kind\":\"setup\",\"seed\":" + seed + ",\"cases\":" + cases + ",\"words\":" + words + "}");
        for (String g : groups) {
            switch (g) {
                case "embeddings" -> f.embeddings(base, word, cases);
                case "lore" -> f.loreFiles(lores, word, cases);
                case "lorem" -> f.loremFiles(List.of(lorem), texts, cases);
                case "arguments" -> f.arguments(baseTxt, lores.get(2), lorem, texts, wordsim, cases);
                default -> throw new IllegalArgumentException("unknown group " + g);
            }
        }
        System.out.println(String.format(Locale.ROOT, "{\"kind\":\"done\",\"seconds\":%.1f}", (System.nanoTime() - t0) / 1e9));
        f.runner.shutdownNow();
        System.exit(0);
    }
}
