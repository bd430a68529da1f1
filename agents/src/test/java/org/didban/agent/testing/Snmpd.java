package org.didban.agent.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real net-snmp {@code snmpd} on a free loopback UDP port, with its state in a temporary folder.
 * It serves a v2c community and a v3 authPriv user (SHA-256 + AES-128). Stopped by {@link #close()}.
 */
public final class Snmpd implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/snmpd");
    public static final String COMMUNITY = "didban-ro";
    public static final String USER = "didban";
    public static final String AUTH_PASS = "auth-pass-123";
    public static final String PRIV_PASS = "priv-pass-456";

    private static final int START_ATTEMPTS = 5;

    private final Process process;
    private final Path dir;
    private final int port;

    private Snmpd(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts snmpd on a free port. The port is found free then handed to snmpd, so another process
     * may take it in between: when snmpd cannot bind it, it is started again on another port, a few
     * times. Whatever goes wrong, a started process is stopped before this throws.
     */
    public static Snmpd start(Path dir) throws IOException, InterruptedException {
        return start(dir, () -> {
            try {
                return freeUdpPort();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** As {@link #start(Path)}, taking each attempt's port from {@code ports}. */
    static Snmpd start(Path dir, java.util.function.IntSupplier ports) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is not installed: this test needs net-snmp's snmpd (Debian package snmpd);"
                    + " run scripts/test, which installs what the tests need");
        }
        String logs = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path runDir = Files.createDirectories(dir.resolve("run-" + attempt));
            Snmpd snmpd = launch(runDir, ports.getAsInt());
            boolean ok = false;
            try {
                if (snmpd.awaitAnswering(Duration.ofSeconds(10))) {
                    ok = true;
                    return snmpd;
                }
                logs = snmpd.log();
                if (!snmpd.process.isAlive() && couldNotBind(logs)) {
                    continue; // the port was taken after we found it free: another port
                }
                fail("snmpd did not answer on 127.0.0.1:" + snmpd.port + " within 10s; log:\n" + logs);
            } finally {
                if (!ok) {
                    snmpd.close();
                }
            }
        }
        fail("snmpd could not bind a free port in " + START_ATTEMPTS + " attempts; last log:\n" + logs);
        return null; // not reached
    }

    private static Snmpd launch(Path dir, int port) throws IOException {
        Path conf = dir.resolve("snmpd.conf");
        Files.writeString(conf, String.join("\n",
                "[snmp] persistentDir " + dir,
                "agentAddress udp:127.0.0.1:" + port,
                "rocommunity " + COMMUNITY + " 127.0.0.1",
                "createUser " + USER + " SHA-256 \"" + AUTH_PASS + "\" AES \"" + PRIV_PASS + "\"",
                "rouser " + USER + " priv",
                ""));
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-f", "-Lf", dir.resolve("snmpd.log").toString(),
                "-C", "-c", conf.toString(), "-p", dir.resolve("snmpd.pid").toString());
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.toString());
        pb.environment().put("MIBS", "");
        // to a file, not a pipe: nobody reads a pipe while snmpd runs, and a full one would block it
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("snmpd.out").toFile());
        return new Snmpd(pb.start(), dir, port);
    }

    private static boolean couldNotBind(String log) {
        String l = log.toLowerCase(java.util.Locale.ROOT);
        return l.contains("address already in use") || l.contains("error opening specified endpoint")
                || l.contains("couldn't bind") || l.contains("cannot bind");
    }

    public int port() {
        return port;
    }

    /** Sends a v2c GET of sysUpTime until an answer comes back; false if none before the deadline or exit. */
    private boolean awaitAnswering(Duration within) throws IOException, InterruptedException {
        byte[] get = v2cGetSysUpTime();
        long deadline = System.nanoTime() + within.toNanos();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    break;
                }
                socket.send(new DatagramPacket(get, get.length, InetAddress.getLoopbackAddress(), port));
                try {
                    socket.receive(new DatagramPacket(new byte[1500], 1500));
                    return true;
                } catch (java.net.SocketTimeoutException notYet) {
                    // poll again until the deadline
                }
            }
        }
        if (!process.isAlive()) {
            process.waitFor(1, TimeUnit.SECONDS); // let its log be flushed
        }
        return false;
    }

    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"snmpd.log", "snmpd.out"}) {
            try {
                sb.append(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
            } catch (IOException e) {
                sb.append("(no ").append(name).append(")\n");
            }
        }
        return sb.toString();
    }

    /** A hand-encoded v2c GET of sysUpTime.0 with the test community: no SNMP stack needed. */
    private static byte[] v2cGetSysUpTime() {
        byte[] community = COMMUNITY.getBytes(StandardCharsets.US_ASCII);
        byte[] oid = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00};
        byte[] varbind = concat(new byte[] {0x30, (byte) (oid.length + 2)}, oid, new byte[] {0x05, 0x00});
        byte[] list = concat(new byte[] {0x30, (byte) varbind.length}, varbind);
        byte[] pduBody = concat(new byte[] {0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}, list);
        byte[] pdu = concat(new byte[] {(byte) 0xa0, (byte) pduBody.length}, pduBody);
        byte[] body = concat(new byte[] {0x02, 0x01, 0x01, 0x04, (byte) community.length}, community, pdu);
        return concat(new byte[] {0x30, (byte) body.length}, body);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    public static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
