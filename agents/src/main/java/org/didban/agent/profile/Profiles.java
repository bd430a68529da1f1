package org.didban.agent.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.didban.model.DeviceRole;

/**
 * The device profiles shipped in the jar ({@code org/didban/agent/profiles/<role>.yaml}, fragments
 * under {@code common/}), loaded once. A device uses its role's profile unless its configuration
 * names another ({@code profile:}); a name ending in {@code .yaml} is a file on disk.
 */
public final class Profiles {
    public static final String RESOURCE_DIR = "/org/didban/agent/profiles/";

    private static final Map<DeviceRole, DeviceProfile> SHIPPED = loadShipped();
    private static final Map<String, DeviceProfile> BY_PATH = new LinkedHashMap<>();

    private Profiles() {
    }

    /** The shipped profile of a role. */
    public static DeviceProfile forRole(DeviceRole role) {
        return SHIPPED.get(role);
    }

    /**
     * The profile a device configuration names: null → its role's; a shipped name (a role's wire
     * name: "router"…) → that one; a path to a {@code .yaml} file → read from disk once.
     */
    public static DeviceProfile resolve(DeviceRole role, String name) throws InvalidProfileException {
        if (name == null || name.isBlank()) {
            return forRole(role);
        }
        for (DeviceRole r : DeviceRole.values()) {
            if (r.wireName().equals(name)) {
                return forRole(r);
            }
        }
        synchronized (BY_PATH) {
            DeviceProfile known = BY_PATH.get(name);
            if (known != null) {
                return known;
            }
            Path file = Path.of(name);
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidProfileException(java.util.List.of(new ProfileProblem(name, 1, "cannot read: " + e.getMessage())));
            }
            DeviceProfile p = reader().read(text, name);
            BY_PATH.put(name, p);
            return p;
        }
    }

    /** A reader whose includes are the shipped fragments. */
    public static ProfileReader reader() {
        return new ProfileReader(fragment -> {
            if (!fragment.matches("[a-z][a-z0-9-]*")) {
                return null;
            }
            String resource = RESOURCE_DIR + "common/" + fragment + ".yaml";
            String text = resource(resource);
            return text == null ? null : new ProfileReader.Source(text, resource.substring(1));
        });
    }

    /** The text of a resource, or null. */
    static String resource(String name) {
        try (InputStream in = Profiles.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a shipped role profile; fails with the problems (file:line) if it does not load. */
    public static DeviceProfile loadShipped(DeviceRole role) throws InvalidProfileException {
        String resource = RESOURCE_DIR + role.wireName() + ".yaml";
        String text = resource(resource);
        if (text == null) {
            throw new InvalidProfileException(java.util.List.of(new ProfileProblem(resource, 1, "missing from the jar")));
        }
        DeviceProfile p = reader().read(text, resource.substring(1));
        if (!p.name().equals(role.wireName())) {
            throw new InvalidProfileException(java.util.List.of(new ProfileProblem(resource, 1,
                    "profile '" + p.name() + "' in the file of role " + role.wireName())));
        }
        return p;
    }

    private static Map<DeviceRole, DeviceProfile> loadShipped() {
        Map<DeviceRole, DeviceProfile> out = new EnumMap<>(DeviceRole.class);
        for (DeviceRole role : DeviceRole.values()) {
            try {
                out.put(role, loadShipped(role));
            } catch (InvalidProfileException e) {
                throw new IllegalStateException("a shipped device profile does not load:\n" + e.getMessage(), e);
            }
        }
        return out;
    }
}
