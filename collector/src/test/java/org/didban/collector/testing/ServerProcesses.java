package org.didban.collector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the real-server helpers share: loopback ports, short commands, log reading, stopping. */
final class ServerProcesses {
    /** How many fresh ports a server start tries: another process may take a free port before the server binds it. */
    static final int PORT_ATTEMPTS = 5;

    private ServerProcesses() {}

    /**
     * A TCP port of loopback that was free a moment ago. The socket is closed before the server binds
     * the port, so a caller retries with another one when the server reports the address in use.
     */
    static int freeLoopbackPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** The exit code and the combined stdout and stderr of a finished command. */
    record Outcome(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command to its end. Its output goes to a file rather than a pipe: a server that a command
     * starts in the background could otherwise inherit the pipe and keep us waiting for its end.
     */
    static Outcome run(List<String> command, Path workingDir, Path outputFile, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // PGDATA, PGPORT and friends from the developer's shell must not point our commands elsewhere.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout
                        + "; its output so far:\n" + readFrom(outputFile, 0));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        return new Outcome(process.exitValue(), readFrom(outputFile, 0));
    }

    /** How long to wait for a starting server's exit between two probes; it ending early is the news. */
    private static final Duration PROBE_PAUSE = Duration.ofMillis(50);

    /**
     * Polls GET {@code path} of a starting server until it answers {@code status}; false when the
     * process ends or {@code within} passes first (the caller reads the log to say why).
     *
     * @param what the server's name, for the messages of an interruption
     */
    static boolean awaitAnswer(Process process, java.net.http.HttpClient http, java.net.URI baseUri, String path,
                               int status, Duration within, String what) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        java.net.http.HttpRequest probe = java.net.http.HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (http.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return true;
                }
            } catch (java.net.ConnectException notListeningYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            } catch (IOException e) {
                // A reset or a timeout while it binds; the deadline bounds the retries.
            }
            try {
                process.onExit().get(PROBE_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // The usual case: probe again.
            } catch (ExecutionException e) {
                throw new IOException("waiting for " + what + "'s exit failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
        return false;
    }

    /** The size of a file now, so that a later {@link #readFrom} sees only what an attempt added. */
    static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The text of a log from an offset on; empty when it is missing (the server died before writing it). */
    static String readFrom(Path file, long offset) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(Math.max(offset, 0), all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    /** The last lines of a text, enough to say why a server did not start without flooding a report. */
    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }

    /** How long {@link #awaitExit} waits on the exit event before it looks at the process again. */
    private static final Duration EXIT_CHECK = Duration.ofMillis(20);

    /**
     * Waits until a process is gone or the deadline passes; true when it is gone. The process's own
     * state is checked between short waits on its exit event: for a process that is not our child
     * (a postmaster that pg_ctl started) the JDK learns of the exit only by polling about once a second.
     */
    static boolean awaitExit(ProcessHandle process, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!isGone(process)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                process.onExit().get(Math.min(left, EXIT_CHECK.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Look at the process again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return isGone(process);
            }
        }
        return true;
    }

    /**
     * Whether a process has ended. A zombie counts as ended: an orphaned server (pg_ctl's postmaster)
     * belongs to PID 1 once it is done, and in a container PID 1 may reap it only a second or more
     * later, while the JDK still calls it alive.
     */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The state follows the command name, which is in parentheses and may itself hold spaces.
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z';
        } catch (IOException e) {
            return !process.isAlive();
        }
    }

    /** Asks a process to end, then kills it and its descendants if it has not ended by the deadline. */
    static void stop(ProcessHandle process, Duration grace) {
        if (isGone(process)) {
            return;
        }
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
    }

    /**
     * A hook that stops a server when the JVM ends without closing it (a test run aborted by a
     * timeout or Ctrl-C): the servers run as separate processes and would otherwise outlive Maven.
     */
    static Thread registerShutdownHook(String name, Runnable stop) {
        Thread hook = new Thread(stop, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void removeShutdownHook(Thread hook) {
        if (hook == Thread.currentThread()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; it finds the server closed and does nothing.
        }
    }
}
