package org.didban.collector.agentconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SiteConfigReader;

/**
 * The per-agent site files of a directory ({@code <agentId>.yaml}), read and checked with the
 * agent's own {@link SiteConfigReader}, cached by modification time and size so that an
 * unchanged file is neither read nor parsed again. {@link #load} blocks (file I/O): call it off
 * the event loop.
 */
public final class AgentConfigFiles {
    /** Agent ids that may name a file: no separators, no leading dot. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");
    /** A site file is a few kilobytes; refuse anything absurd rather than buffer it. */
    static final long MAX_BYTES = 1024 * 1024;

    private final Path dir;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AgentConfigFiles(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** One agent's config as served: the file's bytes and their strong ETag ({@code "sha256-hex"}). */
    public record Served(byte[] yaml, String etag) {
    }

    /** Why there is nothing to serve; {@code status} is the HTTP answer. */
    public static final class Unavailable extends Exception {
        private final int status;

        Unavailable(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private record Cached(long modifiedNanos, long size, Object fileKey, Served served) {
    }

    /**
     * The config of {@code agentId}, which must speak for {@code branch}. 404 when there is no
     * file for it, 500 when the file is not a site config the agent would accept (the message
     * names the field, never a secret).
     */
    public Served load(String agentId, String branch) throws Unavailable {
        if (!FILE_NAME.matcher(agentId).matches()) {
            throw new Unavailable(404, "agent id '" + agentId + "' cannot name a config file");
        }
        Path file = dir.resolve(agentId + ".yaml");
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            cache.remove(agentId);
            throw new Unavailable(404, "no config for agent '" + agentId + "' on this collector");
        } catch (IOException e) {
            throw new Unavailable(500, "cannot read the config of agent '" + agentId + "'");
        }
        if (!attributes.isRegularFile()) {
            throw new Unavailable(404, "no config for agent '" + agentId + "' on this collector");
        }
        long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Cached hit = cache.get(agentId);
        if (hit != null && hit.modifiedNanos == modified && hit.size == attributes.size()
                && Objects.equals(hit.fileKey, attributes.fileKey())) {
            return hit.served;
        }
        if (attributes.size() > MAX_BYTES) {
            throw new Unavailable(500, "the config of agent '" + agentId + "' is larger than " + MAX_BYTES + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Unavailable(500, "cannot read the config of agent '" + agentId + "'");
        }
        check(agentId, branch, bytes);
        // read again only when it changed, so this warns once per version of the file
        org.didban.secrets.Secrets.warnIfExposed(file, "config of agent " + agentId);
        Served served = new Served(bytes, etag(bytes));
        cache.put(agentId, new Cached(modified, attributes.size(), attributes.fileKey(), served));
        return served;
    }

    /** Refuses to serve what the agent itself would refuse, or a config for another agent or branch. */
    private static void check(String agentId, String branch, byte[] bytes) throws Unavailable {
        SiteConfig config;
        try {
            // as the agent will read it: a served config holds its secrets, never ${env:…}/${file:…} references
            config = SiteConfigReader.parseServed(new String(bytes, StandardCharsets.UTF_8), agentId + ".yaml");
        } catch (ConfigException e) {
            throw new Unavailable(500, "the config of agent '" + agentId + "' is invalid: " + e.getMessage());
        }
        if (!config.agentId().equals(agentId)) {
            throw new Unavailable(500, agentId + ".yaml: agent-id is '" + config.agentId() + "', not '" + agentId + "'");
        }
        if (!config.branch().equals(branch)) {
            throw new Unavailable(500, agentId + ".yaml: branch is '" + config.branch() + "' but agent '" + agentId
                    + "' speaks for '" + branch + "'");
        }
    }

    /** A strong entity tag over the content: {@code "<sha-256 in hex>"}. */
    public static String etag(byte[] content) {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
