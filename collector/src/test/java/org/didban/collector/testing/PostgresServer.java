package org.didban.collector.testing;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A throwaway PostgreSQL cluster for a test: Debian's {@code initdb} and {@code pg_ctl} run into a
 * folder the caller owns (a JUnit {@code @TempDir}), the server listens on a free port of loopback
 * only, trusts every local connection, and is stopped on {@link #close()}.
 *
 * <p>Tests fail rather than skip when PostgreSQL is missing: {@code scripts/test} installs it, so a
 * missing server is a broken machine, not an optional feature. {@link #available()} is there for the
 * rare test that is told otherwise.
 *
 * <p>PostgreSQL refuses to run as root. When the tests do (CI and the developers' machines here), every
 * PostgreSQL program runs through {@code runuser -u postgres --} (the account Debian's package makes)
 * and the cluster's folder is handed to that account.
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser that initdb creates; with trust authentication any password (or none) works. */
    public static final String USER = "didban";

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String SERVICE_ACCOUNT = "postgres";
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** A Unix socket path has room for 107 bytes; the file name {@code .s.PGSQL.NNNNN} takes 15 of them. */
    private static final int MAX_SOCKET_DIR_LENGTH = 90;
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Binaries binaries;
    private final List<String> runAs;
    private final Path clusterDir;
    private final Path logFile;
    private final int port;
    private final ProcessHandle postmaster;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresServer(Binaries binaries, List<String> runAs, Path clusterDir, int port, ProcessHandle postmaster) {
        this.binaries = binaries;
        this.runAs = runAs;
        this.clusterDir = clusterDir;
        this.logFile = clusterDir.resolve("postgres.log");
        this.port = port;
        this.postmaster = postmaster;
        databases.add("postgres");
        this.shutdownHook = ServerProcesses.registerShutdownHook("postgres-" + port, this::stopQuietly);
    }

    /** Whether initdb and pg_ctl are installed, in Debian's folders or on the PATH. */
    public static boolean available() {
        return findBinaries().isPresent();
    }

    /** Fails with what to install when PostgreSQL is missing. */
    public static void requireInstalled() {
        if (!available()) {
            throw new IllegalStateException("PostgreSQL's initdb and pg_ctl are not installed (looked in "
                    + DEBIAN_VERSIONS + "/*/bin and on the PATH). Run scripts/test, which installs them, or:"
                    + " apt-get install postgresql");
        }
    }

    /**
     * Creates a cluster in {@code folder/postgres} and starts it.
     *
     * @param folder a folder the test owns and deletes afterwards, such as a JUnit {@code @TempDir}
     */
    public static PostgresServer start(Path folder) throws IOException {
        requireInstalled();
        Binaries binaries = findBinaries().orElseThrow();
        Path clusterDir = folder.toAbsolutePath().resolve("postgres");
        Files.createDirectories(clusterDir);
        Path socketDir = clusterDir.resolve("socket");
        Files.createDirectories(socketDir);
        if (socketDir.toString().length() > MAX_SOCKET_DIR_LENGTH || socketDir.toString().contains("'")) {
            throw new IllegalArgumentException("PostgreSQL's socket folder " + socketDir
                    + " is too long for a Unix socket or holds a quote; pass a short folder such as a @TempDir");
        }
        List<String> runAs = runningAsRoot() ? handToServiceAccount(folder.toAbsolutePath(), clusterDir, socketDir) : List.of();

        initdb(binaries, runAs, clusterDir);

        Path logFile = clusterDir.resolve("postgres.log");
        String lastFailure = "";
        for (int attempt = 1; attempt <= ServerProcesses.PORT_ATTEMPTS; attempt++) {
            int port = ServerProcesses.freeLoopbackPort();
            long logStart = ServerProcesses.sizeOf(logFile);
            List<String> command = new ArrayList<>(runAs);
            command.addAll(List.of(binaries.pgCtl().toString(), "start", "-D", clusterDir.resolve("data").toString(),
                    // fsync off: a test's cluster is thrown away, and syncing slows every commit.
                    "-o", "-h 127.0.0.1 -p " + port + " -k '" + socketDir + "' -c fsync=off",
                    "-l", logFile.toString(), "-w", "-t", Long.toString(START_TIMEOUT.toSeconds())));
            ServerProcesses.Outcome outcome = ServerProcesses.run(command, clusterDir,
                    clusterDir.resolve("pg_ctl-start.out"), START_TIMEOUT.plusSeconds(10));
            String log = ServerProcesses.readFrom(logFile, logStart);
            if (outcome.succeeded()) {
                return new PostgresServer(binaries, runAs, clusterDir, port, postmasterOf(clusterDir.resolve("data")));
            }
            lastFailure = "pg_ctl start: " + outcome.output().strip() + "\nserver log:\n" + ServerProcesses.tail(log, 20);
            // Someone took the port between our probe and the server's bind: try another one.
            boolean portTaken = log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets");
            if (!portTaken) {
                break;
            }
        }
        // A start that timed out may have left a server coming up: make sure none survives us.
        stopCluster(binaries, runAs, clusterDir);
        throw new IOException("PostgreSQL did not start in " + clusterDir + "\n" + lastFailure);
    }

    /** The superuser to connect as. */
    public String user() {
        return USER;
    }

    /** The empty password that trust authentication accepts. */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** The server's log, for a failing test's message. */
    public Path logFile() {
        return logFile;
    }

    /**
     * The JDBC address of a database of this cluster, creating it the first time it is asked for, so
     * that tests sharing a cluster can each have their own database.
     */
    public String jdbcUrl(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name " + database + " is not a plain lower-case SQL name");
        }
        if (!databases.contains(database)) {
            createDatabase(database);
        }
        return urlOf(database);
    }

    private String urlOf(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private synchronized void createDatabase(String database) {
        if (databases.contains(database)) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(urlOf("postgres"), USER, password())) {
            boolean exists;
            try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = admin.createStatement()) {
                    // The name matched DATABASE_NAME, so quoting it is enough; CREATE DATABASE takes no parameters.
                    create.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
            databases.add(database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on port " + port
                    + ": " + e.getMessage() + "\nserver log:\n" + ServerProcesses.tail(ServerProcesses.readFrom(logFile, 0), 20), e);
        }
    }

    /** Stops the cluster: a fast shutdown through pg_ctl, then a kill if the server is still there. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ServerProcesses.removeShutdownHook(shutdownHook);
        try {
            stopCluster(binaries, runAs, clusterDir);
        } finally {
            // pg_ctl waits for the postmaster, but a wedged one must not outlive the test run.
            if (!ServerProcesses.awaitExit(postmaster, Duration.ofSeconds(10))) {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
                ServerProcesses.awaitExit(postmaster, Duration.ofSeconds(5));
            }
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // The JVM is ending; there is no one left to tell.
        }
    }

    private static void stopCluster(Binaries binaries, List<String> runAs, Path clusterDir) {
        Path dataDir = clusterDir.resolve("data");
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(binaries.pgCtl().toString(), "stop", "-D", dataDir.toString(), "-m", "fast",
                "-w", "-t", Long.toString(STOP_TIMEOUT.toSeconds())));
        try {
            ServerProcesses.run(command, clusterDir, clusterDir.resolve("pg_ctl-stop.out"), STOP_TIMEOUT.plusSeconds(10));
        } catch (IOException e) {
            // The caller kills the postmaster by its pid next.
        }
    }

    private static void initdb(Binaries binaries, List<String> runAs, Path clusterDir) throws IOException {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(binaries.initdb().toString(), "-D", clusterDir.resolve("data").toString(),
                "-U", USER, "--auth=trust", "-E", "UTF8",
                // C collation: the same sort order on every machine, and no locale package needed.
                "--locale=C",
                // --no-sync: the cluster is thrown away with the test, so waiting for the disk is waste.
                "--no-sync"));
        ServerProcesses.Outcome outcome = ServerProcesses.run(command, clusterDir, clusterDir.resolve("initdb.out"), INITDB_TIMEOUT);
        if (!outcome.succeeded()) {
            throw new IOException("initdb failed (exit " + outcome.exitCode() + ") in " + clusterDir + ":\n"
                    + ServerProcesses.tail(outcome.output(), 30));
        }
    }

    /** The running postmaster, from the first line of postmaster.pid, so that close can kill it if pg_ctl cannot stop it. */
    private static ProcessHandle postmasterOf(Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        long pid = Long.parseLong(lines.get(0).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new IOException("postmaster " + pid + " is already gone"));
    }

    private static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /**
     * Makes the cluster's folders the service account's and checks that it can reach them. A JUnit
     * {@code @TempDir} is private to its owner (mode 700), so the folder gets search permission for
     * others: they can reach the cluster folder through it but cannot list it.
     */
    private static List<String> handToServiceAccount(Path folder, Path clusterDir, Path socketDir) throws IOException {
        UserPrincipal account;
        try {
            account = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_ACCOUNT);
        } catch (IOException e) {
            throw new IOException("the tests run as root, which PostgreSQL refuses, and there is no '" + SERVICE_ACCOUNT
                    + "' account to run it as; apt-get install postgresql makes one", e);
        }
        Set<PosixFilePermission> folderPermissions = Files.getPosixFilePermissions(folder);
        folderPermissions.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(folder, folderPermissions);
        Files.setOwner(clusterDir, account);
        Files.setOwner(socketDir, account);

        List<String> runAs = List.of(runuser(), "-u", SERVICE_ACCOUNT, "--");
        List<String> probe = new ArrayList<>(runAs);
        probe.addAll(List.of("test", "-w", clusterDir.toString()));
        if (!ServerProcesses.run(probe, clusterDir, folder.resolve("reach-check.out"), Duration.ofSeconds(30)).succeeded()) {
            throw new IOException("PostgreSQL runs as '" + SERVICE_ACCOUNT + "' when the tests run as root, and that account"
                    + " cannot reach " + clusterDir + ": give its parent folders search permission (chmod o+x)"
                    + " or pass a folder under /tmp");
        }
        return runAs;
    }

    private static String runuser() {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the tests run as root, which PostgreSQL refuses, and runuser (util-linux) is missing");
    }

    /** The programs of one PostgreSQL installation. */
    private record Binaries(Path initdb, Path pgCtl) {
        static Optional<Binaries> in(Path dir) {
            Path initdb = dir.resolve("initdb");
            Path pgCtl = dir.resolve("pg_ctl");
            return Files.isExecutable(initdb) && Files.isExecutable(pgCtl) ? Optional.of(new Binaries(initdb, pgCtl)) : Optional.empty();
        }
    }

    /**
     * Debian's newest major version first (its server programs are not on the PATH), then the PATH,
     * where another distribution or a hand-made symlink may put them.
     */
    private static Optional<Binaries> findBinaries() {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(DEBIAN_VERSIONS)) {
                dirs.forEach(versions::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + DEBIAN_VERSIONS, e);
            }
        }
        versions.sort(Comparator.comparing((Path dir) -> versionOf(dir.getFileName().toString()), PostgresServer::compareVersions).reversed());
        for (Path version : versions) {
            Optional<Binaries> found = Binaries.in(version.resolve("bin"));
            if (found.isPresent()) {
                return found;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    Optional<Binaries> found = Binaries.in(Path.of(dir));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** "15" or "9.6" as numbers; a folder with another name sorts last. */
    private static int[] versionOf(String name) {
        String[] parts = name.split("\\.");
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return new int[] {-1};
            }
        }
        return numbers;
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
