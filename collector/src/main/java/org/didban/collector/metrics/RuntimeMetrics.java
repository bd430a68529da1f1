package org.didban.collector.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;

/**
 * A few cheap JVM numbers, named as Prometheus' own JVM instrumentation names them (that library
 * does not resolve from the mirror these machines use, see DEPENDENCIES.md).
 */
public final class RuntimeMetrics {
    private RuntimeMetrics() {
    }

    public static void register(PrometheusRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes")
                .help("Used bytes of the JVM's heap and non-heap memory.")
                .labelNames("area")
                .callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                })
                .register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes")
                .help("Most bytes the JVM's heap may grow to (-1 when unbounded).")
                .labelNames("area")
                .callback(cb -> cb.call(memory.getHeapMemoryUsage().getMax(), "heap"))
                .register(registry);
        GaugeWithCallback.builder().name("jvm_threads_current")
                .help("Live JVM threads.")
                .callback(cb -> cb.call(threads.getThreadCount()))
                .register(registry);
        GaugeWithCallback.builder().name("process_start_time_seconds")
                .help("When the process started, in seconds since the Unix epoch.")
                .callback(cb -> cb.call(runtime.getStartTime() / 1000.0))
                .register(registry);
    }
}
