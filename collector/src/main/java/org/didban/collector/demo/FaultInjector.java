package org.didban.collector.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;

/**
 * Breaks things in the simulated fleet now and then, and mends them later, so that the demo
 * shows alerts appearing and clearing: a fiber uplink cut (NET-01), mains lost (PWR-01), a
 * voting or authentication device gone silent (DEV-01). A bounded number of faults at a time.
 */
final class FaultInjector implements AutoCloseable {
    enum Kind { UPLINK_CUT, MAINS_LOST, DEVICE_SILENT }

    private final SimulatedFleet fleet;
    private final List<Branch> branches;
    private final ScheduledExecutorService scheduler;
    private final Random random;
    private final PrintStream out;
    private final Duration every;
    private final Duration lasting;
    private final int maxAtOnce;
    private final Set<String> faulty = new HashSet<>();
    /** The injection timer and the mend timers of faults now in force; a mended fault leaves. */
    private final Set<ScheduledFuture<?>> timers = new HashSet<>();
    private int next;

    FaultInjector(SimulatedFleet fleet, Inventory inventory, ScheduledExecutorService scheduler, Random random,
                  PrintStream out, Duration every, Duration lasting, int maxAtOnce) {
        this.fleet = fleet;
        this.branches = List.copyOf(inventory.branches());
        this.scheduler = scheduler;
        this.random = random;
        this.out = out;
        this.every = every;
        this.lasting = lasting;
        this.maxAtOnce = maxAtOnce;
    }

    void start(Duration firstAfter) {
        synchronized (timers) {
            timers.add(scheduler.scheduleAtFixedRate(this::injectOne, firstAfter.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private void injectOne() {
        try {
            Branch branch;
            synchronized (faulty) {
                if (faulty.size() >= maxAtOnce) {
                    return;
                }
                branch = branches.get(random.nextInt(branches.size()));
                if (!faulty.add(branch.code())) {
                    return;
                }
            }
            Kind kind = Kind.values()[next++ % Kind.values().length];
            Runnable mend = breakBranch(branch, kind);
            // A little jitter so that faults do not all clear in lock step.
            long lastsMillis = lasting.toMillis() + random.nextInt((int) Math.max(1, lasting.toMillis() / 2));
            synchronized (timers) {
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                self[0] = scheduler.schedule(() -> {
                    mend.run();
                    synchronized (faulty) {
                        faulty.remove(branch.code());
                    }
                    synchronized (timers) {
                        timers.remove(self[0]);
                    }
                }, lastsMillis, TimeUnit.MILLISECONDS);
                timers.add(self[0]);
            }
        } catch (RuntimeException e) {
            out.println("demo: fault injection failed: " + e);
        }
    }

    private Runnable breakBranch(Branch branch, Kind kind) {
        String where = branch.code() + " (" + branch.nameEn() + ", county " + branch.countyCode() + ")";
        switch (kind) {
            case UPLINK_CUT -> {
                SimulatedDevice router = device(branch, DeviceRole.ROUTER);
                router.linkDown(1);
                out.println("demo: fault  — fiber uplink cut at " + where + "; expect NET-01");
                return () -> {
                    router.linkUp(1);
                    out.println("demo: mended — uplink back at " + branch.code());
                };
            }
            case MAINS_LOST -> {
                SimulatedDevice ups = device(branch, DeviceRole.UPS);
                ups.onBattery();
                out.println("demo: fault  — mains lost, UPS on battery at " + where + "; expect PWR-01");
                return () -> {
                    ups.mainsRestored();
                    out.println("demo: mended — mains restored at " + branch.code());
                };
            }
            default -> {
                DeviceRole role = random.nextBoolean() ? DeviceRole.VOTING_DEVICE : DeviceRole.AUTH_DEVICE;
                SimulatedDevice device = device(branch, role);
                device.unreachable();
                out.println("demo: fault  — " + role.wireName() + " silent at " + where + "; expect DEV-01");
                return () -> {
                    device.reachable();
                    out.println("demo: mended — " + role.wireName() + " answering again at " + branch.code());
                };
            }
        }
    }

    private SimulatedDevice device(Branch branch, DeviceRole role) {
        SimulatedDevice d = fleet.device(SyntheticInventory.deviceId(branch.code(), role));
        if (d == null) {
            throw new IllegalStateException("no simulated " + role.wireName() + " at " + branch.code());
        }
        return d;
    }

    @Override
    public void close() {
        synchronized (timers) {
            timers.forEach(t -> t.cancel(false));
            timers.clear();
        }
    }
}
