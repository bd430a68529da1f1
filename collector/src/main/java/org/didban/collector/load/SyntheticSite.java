package org.didban.collector.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;

/**
 * One simulated site for the load generator: produces, round after round, the batch a real
 * agent would send for its branch's devices — the same metric names and labels, healthy values
 * except for a small share of faults, sequence numbers in order.
 */
final class SyntheticSite {
    private static final Labels[] INTERFACES = {
        Labels.of(Metrics.LABEL_IF_INDEX, "1", Metrics.LABEL_IF_NAME, "wan0"),
        Labels.of(Metrics.LABEL_IF_INDEX, "2", Metrics.LABEL_IF_NAME, "lan0"),
        Labels.of(Metrics.LABEL_IF_INDEX, "3", Metrics.LABEL_IF_NAME, "wwan0"),
    };

    final String agentId;
    final String branch;
    final String token;
    private final List<Device> devices;
    private final Random random;
    private final double faultShare;
    private final long epoch = System.currentTimeMillis();
    private long seq;
    private long octets;
    /** The devices of the last round that carried a fault, for timing fault to alert. */
    final java.util.Set<String> faulted = new java.util.HashSet<>();

    SyntheticSite(String agentId, String branch, String token, List<Device> devices, long seed, double faultShare) {
        this.agentId = agentId;
        this.branch = branch;
        this.token = token;
        this.devices = List.copyOf(devices);
        this.random = new Random(seed);
        this.faultShare = faultShare;
    }

    SiteBatch nextRound(long now) {
        List<Sample> samples = new ArrayList<>(48);
        octets += 1_000 + random.nextInt(100_000);
        faulted.clear();
        for (Device d : devices) {
            current = d.id();
            samples.add(new Sample(d.id(), Metrics.DEVICE_UP, Labels.EMPTY, fault() ? 0 : 1, now));
            samples.add(new Sample(d.id(), Metrics.SYS_UPTIME_SECONDS, Labels.EMPTY, now / 1000.0, now));
            if (d.role() == DeviceRole.UPS) {
                samples.add(new Sample(d.id(), Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, fault() ? 5 : 3, now));
                samples.add(new Sample(d.id(), Metrics.UPS_BATTERY_STATUS, Labels.EMPTY, 2, now));
                samples.add(new Sample(d.id(), Metrics.UPS_MINUTES_REMAINING, Labels.EMPTY, 180, now));
                samples.add(new Sample(d.id(), Metrics.UPS_CHARGE_PERCENT, Labels.EMPTY, 100, now));
                continue;
            }
            int interfaces = d.role() == DeviceRole.ROUTER ? 3 : 1;
            for (int i = 0; i < interfaces; i++) {
                Labels l = INTERFACES[i];
                samples.add(new Sample(d.id(), Metrics.IF_ADMIN_STATUS, l, 1, now));
                samples.add(new Sample(d.id(), Metrics.IF_OPER_STATUS, l, fault() ? 2 : 1, now));
                samples.add(new Sample(d.id(), Metrics.IF_IN_OCTETS_TOTAL, l, octets, now));
                samples.add(new Sample(d.id(), Metrics.IF_OUT_OCTETS_TOTAL, l, octets / 3, now));
                samples.add(new Sample(d.id(), Metrics.IF_IN_ERRORS_TOTAL, l, 0, now));
            }
        }
        return new SiteBatch(agentId, branch, epoch, ++seq, now, samples, List.of());
    }

    /** The device whose values are being made. */
    private String current;

    private boolean fault() {
        boolean f = faultShare > 0 && random.nextDouble() < faultShare;
        if (f) {
            faulted.add(current);
        }
        return f;
    }

    List<Device> devices() {
        return devices;
    }
}
