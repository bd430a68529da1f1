package org.didban.collector.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the JVM says about a measured window: GC pauses (from the collectors' notifications, one
 * per collection with its pause in milliseconds), CPU by group of threads (ThreadMXBean) beside
 * the whole process's, and live heap after a full collection.
 */
final class JvmWatch {
    private final List<Long> pauses = new ArrayList<>();
    private final List<String> causes = new ArrayList<>();
    private volatile boolean recording;
    private final List<Runnable> detach = new ArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    JvmWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = (n, handback) -> {
                    if (!recording || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    synchronized (pauses) {
                        pauses.add(info.getGcInfo().getDuration());
                        causes.add(info.getGcName() + " (" + info.getGcCause() + ")");
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                detach.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
    }

    void record(boolean on) {
        recording = on;
    }

    /** Count, total, max and p99 of the pauses recorded, in milliseconds, and what caused them. */
    String pauses() {
        long[] all;
        Map<String, Integer> byCause = new HashMap<>();
        synchronized (pauses) {
            all = pauses.stream().mapToLong(Long::longValue).sorted().toArray();
            causes.forEach(c -> byCause.merge(c, 1, Integer::sum));
        }
        if (all.length == 0) {
            return "no collection";
        }
        long total = 0;
        for (long p : all) {
            total += p;
        }
        return String.format("%d pauses, total %d ms, p50 %d ms, p99 %d ms, max %d ms %s", all.length, total,
                all[all.length / 2], all[Math.min(all.length - 1, (int) (all.length * 0.99))], all[all.length - 1], byCause);
    }

    /** CPU time of every live thread, nanoseconds, by thread id. */
    Map<Long, Long> threadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }

    /** The CPU spent between two readings by the threads {@code ofGroup} selects (by id and name). */
    long cpuBetween(Map<Long, Long> before, Map<Long, Long> after, Predicate<ThreadInfo> ofGroup) {
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ThreadInfo info = threads.getThreadInfo(e.getKey());
            if (info != null && ofGroup.test(info)) {
                total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return total;
    }

    static Predicate<ThreadInfo> ids(Set<Long> ids) {
        return info -> ids.contains(info.getThreadId());
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Used heap after full collections, in bytes (System.gc() twice; the collections are not recorded). */
    long liveHeapAfterFullGc() {
        boolean was = recording;
        recording = false;
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        recording = was;
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The top of {@code jcmd GC.class_histogram} (it collects first), read through the diagnostic MBean. */
    static String classHistogram(int lines) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] all = String.valueOf(text).split("\n");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(lines, all.length); i++) {
                sb.append(all[i]).append('\n');
            }
            if (all.length > lines) {
                sb.append(all[all.length - 1]).append('\n');
            }
            return sb.toString();
        } catch (Exception e) {
            return "class histogram unavailable: " + e.getMessage() + "\n";
        }
    }

    void close() {
        detach.forEach(Runnable::run);
    }
}
