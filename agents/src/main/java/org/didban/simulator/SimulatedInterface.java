package org.didban.simulator;

/**
 * One network interface of a simulated device. Octet counters grow at a steady rate while the link
 * is up and stand still while it is down, like a real port.
 */
final class SimulatedInterface {
    final int index;
    final String name;
    final int type;
    final int speedMbps;
    private final long inBytesPerSecond;
    private final long outBytesPerSecond;
    private boolean adminUp;
    private boolean operUp;
    private long inOctets;
    private long outOctets;
    private long countedUntil;

    SimulatedInterface(int index, String name, int type, int speedMbps, boolean up, long now) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.speedMbps = speedMbps;
        this.adminUp = up;
        this.operUp = up;
        // a small steady load, different per port so that series are told apart
        this.inBytesPerSecond = 20_000L + 1_000L * index;
        this.outBytesPerSecond = 5_000L + 500L * index;
        this.countedUntil = now;
    }

    synchronized void setOperUp(boolean up, long now) {
        advance(now);
        operUp = up;
    }

    synchronized void setAdminUp(boolean up, long now) {
        advance(now);
        adminUp = up;
        operUp = up;
    }

    synchronized boolean adminUp() {
        return adminUp;
    }

    synchronized boolean operUp() {
        return operUp;
    }

    synchronized long inOctets(long now) {
        advance(now);
        return inOctets;
    }

    synchronized long outOctets(long now) {
        advance(now);
        return outOctets;
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
