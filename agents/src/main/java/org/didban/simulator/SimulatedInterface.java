package org.didban.simulator;

/**
 * One network interface of a simulated device. Octet and packet counters grow at a steady rate
 * while the link is up and stand still while it is down, like a real port; error counters grow
 * only when a fault adds errors.
 */
final class SimulatedInterface {
    /** Average packet size of the simulated traffic, for the packet counters. */
    static final long BYTES_PER_PACKET = 500;

    final int index;
    final String name;
    final int type;
    /** Whether the port is optical (a transceiver, MAU 1000BASE-LX): fiber rather than copper. */
    final boolean fiber;
    private volatile int speedMbps;
    private volatile String alias;
    private final long inBytesPerSecond;
    private final long outBytesPerSecond;
    private boolean adminUp;
    private boolean operUp;
    private long inOctets;
    private long outOctets;
    private long inErrors;
    private long outErrors;
    private long countedUntil;
    private long lastChange;

    SimulatedInterface(int index, String name, int type, int speedMbps, boolean up, long now) {
        this(index, name, type, speedMbps, up, false, "", now);
    }

    SimulatedInterface(int index, String name, int type, int speedMbps, boolean up, boolean fiber, String alias, long now) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.speedMbps = speedMbps;
        this.fiber = fiber;
        this.alias = alias;
        this.adminUp = up;
        this.operUp = up;
        // a small steady load, different per port so that series are told apart
        this.inBytesPerSecond = 20_000L + 1_000L * index;
        this.outBytesPerSecond = 5_000L + 500L * index;
        this.countedUntil = now;
        this.lastChange = now;
    }

    int speedMbps() {
        return speedMbps;
    }

    void setSpeedMbps(int mbps) {
        speedMbps = mbps;
    }

    String alias() {
        return alias;
    }

    void setAlias(String alias) {
        this.alias = alias;
    }

    synchronized void setOperUp(boolean up, long now) {
        advance(now);
        if (operUp != up) {
            lastChange = now;
        }
        operUp = up;
    }

    synchronized void setAdminUp(boolean up, long now) {
        advance(now);
        if (operUp != up || adminUp != up) {
            lastChange = now;
        }
        adminUp = up;
        operUp = up;
    }

    synchronized boolean adminUp() {
        return adminUp;
    }

    synchronized boolean operUp() {
        return operUp;
    }

    /** Epoch milliseconds of the last state change (creation counts as one). */
    synchronized long lastChange() {
        return lastChange;
    }

    synchronized long inOctets(long now) {
        advance(now);
        return inOctets;
    }

    synchronized long outOctets(long now) {
        advance(now);
        return outOctets;
    }

    /** Unicast packets received; multicast and broadcast are a hundredth of the traffic each. */
    synchronized long inUcastPackets(long now) {
        advance(now);
        return inOctets / BYTES_PER_PACKET * 98 / 100;
    }

    synchronized long inMulticastPackets(long now) {
        advance(now);
        return inOctets / BYTES_PER_PACKET / 100;
    }

    synchronized long inBroadcastPackets(long now) {
        advance(now);
        return inOctets / BYTES_PER_PACKET / 100;
    }

    synchronized long inErrors() {
        return inErrors;
    }

    synchronized long outErrors() {
        return outErrors;
    }

    synchronized void addErrors(long in, long out) {
        inErrors += in;
        outErrors += out;
    }

    private void advance(long now) {
        if (now > countedUntil) {
            if (operUp) {
                inOctets += inBytesPerSecond * (now - countedUntil) / 1000;
                outOctets += outBytesPerSecond * (now - countedUntil) / 1000;
            }
            countedUntil = now;
        }
    }
}
