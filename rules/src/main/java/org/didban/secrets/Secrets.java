package org.didban.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Didban's secrets come from and how the files holding them are made. One convention for
 * every secret (see {@code docs/SECURITY.md}, "Secrets"):
 *
 * <ul>
 *   <li>A secret given as a command-line setting comes from the environment, never from the command
 *       line: {@code DIDBAN_X} holds the value itself, or {@code DIDBAN_X_FILE} names a file holding
 *       it ({@link #fromEnvironment}). Both at once is an error.</li>
 *   <li>A secret inside a YAML file (site file, notification settings) may be the value itself, or
 *       a reference: {@code ${env:NAME}} (the environment variable NAME) or {@code ${file:/path}}
 *       (the content of that file) ({@link #resolve}).</li>
 *   <li>A secret file's content is the secret, less one trailing line break.</li>
 * </ul>
 *
 * Error messages name the variable or the file, never the secret. Files and folders that Didban
 * creates to hold secrets are owner-only from their creation ({@link #createPrivateDirectories},
 * {@link #createPrivateFile}); a secret file Didban reads that others can read is warned about
 * ({@link #warnIfExposed}).
 */
public final class Secrets {
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    /** A secret file is a line, not a document: larger files are refused unread. */
    public static final long MAX_FILE_BYTES = 64 * 1024;
    /** The suffix of the variable naming a secret file: {@code DIDBAN_LEDGER_PASSWORD_FILE}. */
    public static final String FILE_SUFFIX = "_FILE";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final System.Logger LOG = System.getLogger(Secrets.class.getName());

    private Secrets() {
    }

    /** A secret that cannot be had; the message names where it was looked for, never its value. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** Whether {@code value} is a {@code ${env:NAME}} or {@code ${file:PATH}} reference rather than a secret. */
    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value.trim()).matches();
    }

    /**
     * The secret {@code value} stands for: the environment variable of a {@code ${env:NAME}}, the
     * content of the file of a {@code ${file:PATH}}, else {@code value} itself.
     *
     * @param what names the setting in messages, e.g. {@code devices[0].snmp.auth-passphrase}
     * @param env  the environment ({@code System::getenv})
     */
    public static String resolve(String value, String what, Function<String, String> env) throws Unavailable {
        Objects.requireNonNull(value, "value");
        Matcher m = REFERENCE.matcher(value.trim());
        if (!m.matches()) {
            return value;
        }
        String target = m.group(2).trim();
        if ("env".equals(m.group(1))) {
            String v = env.apply(target);
            if (v == null) {
                throw new Unavailable(what + ": environment variable " + target + " is not set");
            }
            if (v.isEmpty()) {
                throw new Unavailable(what + ": environment variable " + target + " is empty");
            }
            return v;
        }
        return readFile(Path.of(target), what);
    }

    /**
     * A secret from the environment: {@code name} holds it, or {@code name_FILE} names a file that
     * does. Null when neither is set (or {@code name} is empty and there is no file).
     */
    public static String fromEnvironment(String name, Function<String, String> env) throws Unavailable {
        String value = env.apply(name);
        String file = env.apply(name + FILE_SUFFIX);
        boolean haveValue = value != null && !value.isEmpty();
        boolean haveFile = file != null && !file.isBlank();
        if (haveValue && haveFile) {
            throw new Unavailable("both " + name + " and " + name + FILE_SUFFIX + " are set; set one of them");
        }
        if (haveFile) {
            return readFile(Path.of(file.trim()), name + FILE_SUFFIX);
        }
        return haveValue ? value : null;
    }

    /**
     * The secret in {@code file}, less one trailing line break ({@code echo secret > file}); warns
     * when others may read the file.
     */
    public static String readFile(Path file, String what) throws Unavailable {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new Unavailable(what + ": secret file " + file + " is a folder");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Unavailable(what + ": secret file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unavailable(what + ": secret file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new Unavailable(what + ": secret file " + file + " cannot be read by this user (permission denied)");
        } catch (IOException e) {
            // the exception's class, not its message: some file systems quote content in theirs
            throw new Unavailable(what + ": secret file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        warnIfExposed(file, what);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new Unavailable(what + ": secret file " + file + " is empty");
        }
        return text;
    }

    /** Whether group or others have any permission on {@code file}; false where POSIX permissions are unknown. */
    public static boolean exposed(Path file) {
        if (!posix()) {
            return false;
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.stream().anyMatch(GROUP_OR_OTHERS::contains);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Logs a warning (naming the file and its mode, never its content) when {@code file}, which
     * holds secrets, may be read or changed by group or others. Returns whether it warned.
     */
    public static boolean warnIfExposed(Path file, String what) {
        if (!exposed(file)) {
            return false;
        }
        String mode;
        try {
            mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException e) {
            mode = "?";
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: {1} holds secrets but is accessible to group or others ({2});"
                + " make it owner-only: chmod 600 {1}", what, file, mode);
        return true;
    }

    /** Creates {@code dir} and missing parents owner-only ({@code rwx------}); an existing folder is left as it is. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (posix()) {
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        }
        return Files.createDirectories(dir);
    }

    /** Creates an empty owner-only ({@code rw-------}) file unless {@code file} exists; returns whether it created it. */
    public static boolean createPrivateFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        try {
            Files.createFile(file, privateFile());
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** The attribute that makes a new file owner-only, or none where POSIX permissions are unknown. */
    public static FileAttribute<?>[] privateFile() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
