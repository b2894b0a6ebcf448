package io.lollmsbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** CPU time and resident memory of processes, read from Linux's /proc. */
final class ProcStats {

    /** Linux reports CPU times in clock ticks of 1/100 s on every common configuration (USER_HZ). */
    private static final double MILLIS_PER_TICK = 10.0;

    private ProcStats() {
    }

    /** User plus system CPU of the process, in milliseconds; 0 when it is gone. */
    static double cpuMillis(long pid) {
        return cpuMillis(pid, false);
    }

    /**
     * CPU of a process and of all its live descendants, plus what its exited and reaped children used (so a
     * PostgreSQL backend that ended during the window still counts).
     */
    static double treeCpuMillis(long pid) {
        double total = cpuMillis(pid, true);
        for (long child : descendants(pid)) {
            total += cpuMillis(child, false);
        }
        return total;
    }

    /** A live thread of a process: its group name and its CPU so far. */
    record ThreadCpu(String group, double millis) {}

    /**
     * CPU of a process's live threads by thread id, each with its group: the thread's name (as the kernel keeps it,
     * at most 15 characters) with digits as #, so "Default Executor-12" and the lane workers each add up.
     */
    static Map<Long, ThreadCpu> threadCpuMillis(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "#").trim();
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, millis));
                } catch (IOException | RuntimeException threadGone) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException | RuntimeException gone) {
            return threads;
        }
        return threads;
    }

    /**
     * CPU per thread group between two readings: threads alive at both count their difference, threads started in
     * between all of theirs; threads that ended in between are missing (their last CPU is not known).
     */
    static Map<String, Double> threadGroupCpuMillis(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Double> groups = new TreeMap<>();
        after.forEach((tid, thread) -> {
            ThreadCpu earlier = before.get(tid);
            double used = earlier == null || !earlier.group().equals(thread.group())
                    ? thread.millis() : thread.millis() - earlier.millis();
            groups.merge(thread.group(), used, Double::sum);
        });
        return groups;
    }

    static long rssKiB(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    static List<Long> descendants(long pid) {
        List<Long> all = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    private static double cpuMillis(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may contain spaces; the fields after it are space-separated
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        String memory = "";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // keep the default
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            memory = lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("");
        } catch (IOException ignored) {
            // keep the default
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " memory, Java "
                + System.getProperty("java.version");
    }
}
