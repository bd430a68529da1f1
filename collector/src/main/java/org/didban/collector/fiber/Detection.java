package org.didban.collector.fiber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.didban.model.Device;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.rules.DeviceReadings;

/**
 * What a branch's devices say about its uplinks: the path carrying traffic ({@code active}), the
 * kinds of path reported at all ({@code paths}, fiber, copper, cellular in that order) and when a
 * device reporting them was last heard from (epoch ms; 0 never).
 *
 * <p>The agent's uplink detector puts {@code uplink_active{kind}} on routers, firewalls and modems
 * (1 for the active path, 0 for the others). A branch may have more than one such device (a router
 * and a separate 4G modem, whose own path is always "active"): the branch's path is the best kind
 * any of them reports active, fiber before copper before cellular.
 */
public record Detection(Detected active, List<Detected> paths, long lastSeen) {
    /** No device of the branch has reported an uplink. */
    public static final Detection NONE_REPORTED = new Detection(Detected.UNKNOWN, List.of(), 0);

    private static final Labels[] KIND_LABELS = {
        Labels.of(Metrics.LABEL_KIND, Metrics.KIND_FIBER),
        Labels.of(Metrics.LABEL_KIND, Metrics.KIND_COPPER),
        Labels.of(Metrics.LABEL_KIND, Metrics.KIND_CELLULAR)};

    public Detection {
        Objects.requireNonNull(active, "active");
        paths = List.copyOf(paths);
    }

    /**
     * What one device reported: its latest {@code uplink_active} per kind (NaN for a kind it did
     * not report) and when it was last heard from.
     */
    public record DeviceUplinks(double fiber, double copper, double cellular, long lastSeen) {
        boolean reportsAny() {
            return !Double.isNaN(fiber) || !Double.isNaN(copper) || !Double.isNaN(cellular);
        }

        double of(int path) {
            return path == 0 ? fiber : path == 1 ? copper : cellular;
        }
    }

    /**
     * Reads the devices' latest readings; {@code readings} gives a device's readings or null (a
     * shard's {@code ShardView::readings}). Three map lookups per device, nothing copied.
     */
    public static Detection read(List<Device> devices, Function<String, DeviceReadings> readings) {
        List<DeviceUplinks> reported = null;
        for (Device d : devices) {
            DeviceReadings r = readings.apply(d.id());
            if (r == null) {
                continue;
            }
            double[] v = new double[3];
            boolean any = false;
            for (int i = 0; i < 3; i++) {
                Map<String, Double> at = r.at(KIND_LABELS[i]);
                Double value = at.get(Metrics.UPLINK_ACTIVE);
                v[i] = value == null ? Double.NaN : value;
                any |= value != null;
            }
            if (any) {
                if (reported == null) {
                    reported = new ArrayList<>(2);
                }
                reported.add(new DeviceUplinks(v[0], v[1], v[2], r.lastSeen()));
            }
        }
        return reported == null ? NONE_REPORTED : combine(reported);
    }

    /** The branch's view from what each of its devices reported. */
    public static Detection combine(List<DeviceUplinks> devices) {
        boolean[] seen = new boolean[3];
        boolean[] up = new boolean[3];
        long lastSeen = 0;
        boolean any = false;
        for (DeviceUplinks d : devices) {
            if (!d.reportsAny()) {
                continue;
            }
            any = true;
            lastSeen = Math.max(lastSeen, d.lastSeen());
            for (int i = 0; i < 3; i++) {
                double v = d.of(i);
                if (!Double.isNaN(v)) {
                    seen[i] = true;
                    up[i] |= v >= 0.5;
                }
            }
        }
        if (!any) {
            return NONE_REPORTED;
        }
        List<Detected> paths = new ArrayList<>(3);
        Detected active = Detected.DOWN;
        for (int i = 0; i < 3; i++) {
            if (seen[i]) {
                paths.add(Detected.PATHS[i]);
            }
            if (up[i] && active == Detected.DOWN) {
                active = Detected.PATHS[i];
            }
        }
        return new Detection(active, paths, lastSeen);
    }
}
