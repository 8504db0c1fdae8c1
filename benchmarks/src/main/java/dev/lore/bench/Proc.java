package dev.lore.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the harnesses report about their own process: memory, CPU time, load average. */
final class Proc {

    private static final double MIB = 1 << 20;

    private Proc() {}

    /**
     * A field of {@code /proc/self/status} in MiB ({@code VmHWM}: peak resident set size, which
     * counts heap, off-heap arrays, native libraries and JIT code alike; {@code VmRSS}: current),
     * or -1 where {@code /proc} is unavailable.
     */
    static double statusMib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Peak resident set size of this process so far (VmHWM), MiB. */
    static double peakRssMib() {
        return statusMib("VmHWM");
    }

    /** Current resident set size (VmRSS), MiB. */
    static double rssMib() {
        return statusMib("VmRSS");
    }

    /**
     * Sum over the heap pools of their peak usage since the last reset, MiB: an upper bound of the
     * peak heap (pools peak at different moments).
     */
    static double peakHeapMib() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / MIB;
    }

    /** CPU time of this process (all threads), nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The 1-minute load average as {@code /proc/loadavg} prints it, or "unknown". */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code "name":value} for a JSON line; NaN or negative values print as null. */
    static String mib(String name, double value) {
        return "\"" + name + "\":" + (value >= 0 ? String.format(java.util.Locale.ROOT, "%.1f", value) : "null");
    }
}
