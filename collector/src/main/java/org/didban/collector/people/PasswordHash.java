package org.didban.collector.people;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Console passwords as BCrypt hashes ({@code $2a$}, {@code $2b$} or {@code $2y$}, cost 10 to 15),
 * made and checked by Spring Security's BCrypt. Hashing and checking take about 0.1 s at cost 10
 * and 0.3 s or more at cost 12, on purpose: call them on a worker thread, never on an event loop.
 *
 * <p>Spring's {@code BCryptPasswordEncoder} logs through commons-logging, which the collector does
 * not ship; its {@link BCrypt} underneath is the same algorithm without that dependency.
 */
public final class PasswordHash {
    public static final int MIN_COST = 10;
    public static final int MAX_COST = 15;
    public static final int DEFAULT_COST = 12;
    /** Shorter passwords are refused when hashing: the online guessing limit protects the rest. */
    public static final int MIN_PASSWORD_CHARS = 12;
    /** BCrypt reads no further than 72 bytes; a longer password would be silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** Null if {@code hash} is a BCrypt hash the collector accepts, else why not (never quoting it). */
    public static String problem(String hash) {
        if (hash == null) {
            return "no hash";
        }
        Matcher m = FORMAT.matcher(hash);
        if (!m.matches()) {
            return "password-bcrypt must be a BCrypt hash: 60 characters starting $2a$, $2b$ or $2y$ and the cost"
                    + " (didban people password prints one); got " + hash.length() + " characters";
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < MIN_COST || cost > MAX_COST) {
            return "password-bcrypt has cost " + cost + "; use " + MIN_COST + " to " + MAX_COST;
        }
        return null;
    }

    /** The cost of a well-formed hash. */
    public static int cost(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }

    /** Null if {@code password} may be hashed, else why not (never quoting it). */
    public static String passwordProblem(String password) {
        if (password == null || password.isEmpty()) {
            return "the password is empty";
        }
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            return "the password is shorter than " + MIN_PASSWORD_CHARS + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return "the password is longer than " + MAX_PASSWORD_BYTES + " bytes in UTF-8 (BCrypt ignores the rest;"
                    + " a Persian letter takes two)";
        }
        for (int i = 0; i < password.length(); i++) {
            if (Character.isISOControl(password.charAt(i))) {
                return "the password contains a control character";
            }
        }
        return null;
    }

    /** Blocking (slow by design). Throws IllegalArgumentException for a password {@link #passwordProblem} refuses. */
    public static String hash(String password, int cost) {
        String problem = passwordProblem(password);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("cost " + cost + " is outside " + MIN_COST + " to " + MAX_COST);
        }
        return BCrypt.hashpw(password, BCrypt.gensalt("$2b", cost, RANDOM));
    }

    /**
     * Blocking (slow by design). Does this password match this hash? False for a malformed hash
     * rather than an exception: a sign-in is refused, not failed.
     */
    public static boolean matches(String password, String hash) {
        if (password == null || problem(hash) != null) {
            return false;
        }
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A hash of a random password nobody knows, at {@code cost}: checking against it takes as long
     * as checking a real one, so that an unknown name is not told apart by the time the answer takes.
     * Blocking.
     */
    public static String unguessable(int cost) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return BCrypt.hashpw(java.util.HexFormat.of().formatHex(secret), BCrypt.gensalt("$2b", cost, RANDOM));
    }
}
