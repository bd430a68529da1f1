package org.didban.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.model.DeviceRole;

/**
 * Reads a site configuration file (YAML, see {@code agents/config/site-example.yaml}). The tree is
 * walked by hand rather than bound to classes so that every error names its field
 * ({@code devices[2].snmp.auth-passphrase is missing}) and unknown fields are refused: a typo in a
 * credential key must not silently fall back to a default.
 */
public final class SiteConfigReader {
    private static final Set<String> SITE_FIELDS =
            Set.of("agent-id", "branch", "collector", "token", "poll-interval", "devices", "mac-allowlist",
                    "report-refresh");
    private static final Set<String> DEVICE_FIELDS =
            Set.of("id", "role", "address", "snmp", "timeout", "retries", "max-repetitions", "profile", "poll-interval",
                    "uplinks", "trap-engine-id");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}");
    private static final Set<String> V2C_FIELDS = Set.of("version", "community");
    private static final Set<String> V3_FIELDS =
            Set.of("version", "user", "auth-protocol", "auth-passphrase", "priv-protocol", "priv-passphrase");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /**
     * A YAML parser, not an ObjectMapper: the tree is built from the token stream below, which
     * keeps Jackson's data-binding machinery (some 400 classes, megabytes of a small agent's
     * memory) out of the agent.
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final String source;
    /** The environment {@code ${env:NAME}} references are looked up in; null: references are refused. */
    private final java.util.function.Function<String, String> env;

    private SiteConfigReader(String source, java.util.function.Function<String, String> env) {
        this.source = source;
        this.env = env;
    }

    /** Reads a local site file; warns (without its content) when group or others may read it. */
    public static SiteConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        org.didban.secrets.Secrets.warnIfExposed(file, "site file");
        return parse(text, file.toString());
    }

    /**
     * Parses the YAML text of a local site file; {@code source} names it in error messages. The
     * token and SNMP credentials may be {@code ${env:NAME}} or {@code ${file:/path}} references,
     * looked up in this process's environment and file system.
     */
    public static SiteConfig parse(String text, String source) throws ConfigException {
        return parse(text, source, System::getenv);
    }

    /** As {@link #parse(String, String)}, with references looked up in {@code env}. */
    public static SiteConfig parse(String text, String source, java.util.function.Function<String, String> env)
            throws ConfigException {
        return new SiteConfigReader(source, java.util.Objects.requireNonNull(env, "env")).site(text);
    }

    /**
     * Parses a site config the collector serves: every secret must be the value itself. A
     * reference would be looked up on whichever machine reads it, so the collector could make an
     * agent read (and send it) any of its files or variables: references are refused.
     */
    public static SiteConfig parseServed(String text, String source) throws ConfigException {
        return new SiteConfigReader(source, null).site(text);
    }

    private static JsonNode readTree(String text) throws JsonProcessingException {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            return t == null ? null : node(p, t);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static JsonNode node(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    o.set(key, node(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY && next != null) {
                    a.add(node(p, next));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
        }
    }

    private SiteConfig site(String text) throws ConfigException {
        JsonNode root;
        try {
            root = readTree(text);
        } catch (JsonProcessingException e) {
            // never the parser's own message: it quotes the offending line, which may hold a secret
            throw fail("", "not valid YAML" + where(e) + ": " + reason(e));
        }
        if (root == null || !root.isObject()) {
            throw fail("", "expected a mapping with agent-id, branch, collector, token, poll-interval and devices");
        }
        onlyFields(root, "", SITE_FIELDS);
        String agentId = text(root, "", "agent-id");
        String branch = text(root, "", "branch");
        List<URI> collectors = collectors(required(root, "", "collector"));
        Secret token = token(secretText(root, "", "token"));
        Duration interval = duration(root, "", "poll-interval", null);
        JsonNode list = required(root, "", "devices");
        if (!list.isArray() || list.isEmpty()) {
            throw fail("devices", "must be a non-empty list");
        }
        List<DeviceConfig> devices = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            devices.add(device(list.get(i), "devices[" + i + "]"));
        }
        java.util.Set<String> allowlist = new java.util.LinkedHashSet<>();
        if (root.has("mac-allowlist")) {
            JsonNode macs = root.get("mac-allowlist");
            if (!macs.isArray()) {
                throw fail("mac-allowlist", "must be a list of MAC addresses");
            }
            for (int i = 0; i < macs.size(); i++) {
                String mac = macs.get(i).asText("").trim();
                if (!macs.get(i).isValueNode() || !MAC.matcher(mac).matches()) {
                    throw fail("mac-allowlist[" + i + "]", "'" + mac + "' is not a MAC address like 02:00:5e:10:00:01");
                }
                allowlist.add(mac.toLowerCase(Locale.ROOT).replace('-', ':'));
            }
        }
        try {
            return new SiteConfig(agentId, branch, collectors, token, interval, devices, allowlist,
                    duration(root, "", "report-refresh", SiteConfig.DEFAULT_REPORT_REFRESH));
        } catch (IllegalArgumentException e) {
            throw fail("", e.getMessage());
        }
    }

    private DeviceConfig device(JsonNode node, String path) throws ConfigException {
        if (!node.isObject()) {
            throw fail(path, "must be a mapping");
        }
        onlyFields(node, path, DEVICE_FIELDS);
        String id = text(node, path, "id");
        DeviceRole role;
        try {
            role = DeviceRole.parse(text(node, path, "role"));
        } catch (IllegalArgumentException e) {
            throw fail(path + ".role", e.getMessage());
        }
        String address = text(node, path, "address");
        String host;
        int port;
        Matcher m = Pattern.compile("(?:\\[([^\\]]+)\\]|([^:\\[\\]]+))(?::(\\d{1,5}))?").matcher(address.trim());
        if (!m.matches()) {
            throw fail(path + ".address", "'" + address + "' is not host:port");
        }
        host = m.group(1) != null ? m.group(1) : m.group(2);
        port = m.group(3) == null ? DeviceConfig.DEFAULT_PORT : Integer.parseInt(m.group(3));
        SnmpCredentials credentials = credentials(required(node, path, "snmp"), path + ".snmp");
        Duration timeout = duration(node, path, "timeout", DeviceConfig.DEFAULT_TIMEOUT);
        int retries = integer(node, path, "retries", DeviceConfig.DEFAULT_RETRIES);
        int repetitions = integer(node, path, "max-repetitions", DeviceConfig.DEFAULT_MAX_REPETITIONS);
        String profile = node.has("profile") ? text(node, path, "profile") : null;
        Duration pollInterval = node.has("poll-interval") ? duration(node, path, "poll-interval", null) : null;
        List<String> uplinks = new ArrayList<>();
        if (node.has("uplinks")) {
            JsonNode ups = node.get("uplinks");
            if (!ups.isArray()) {
                throw fail(path + ".uplinks", "must be a list of interface names");
            }
            for (int i = 0; i < ups.size(); i++) {
                if (!ups.get(i).isValueNode() || ups.get(i).asText().isBlank()) {
                    throw fail(path + ".uplinks[" + i + "]", "must be an interface name");
                }
                uplinks.add(ups.get(i).asText());
            }
        }
        String trapEngineId = null;
        if (node.has("trap-engine-id")) {
            if (!node.get("trap-engine-id").isTextual()) {
                // YAML reads an unquoted 0x… as a number and would lose what it says.
                throw fail(path + ".trap-engine-id", "write the engine id in quotes, e.g. \"0x80001f8880…\"");
            }
            trapEngineId = text(node, path, "trap-engine-id");
            // RFC 3411 snmpEngineID: 5 to 32 octets, written as hex (0x8000…, 80:00:…, or plain).
            String hex = trapEngineId.startsWith("0x") ? trapEngineId.substring(2) : trapEngineId.replace(":", "");
            if (!hex.matches("(?i)[0-9a-f]{10,64}") || hex.length() % 2 != 0) {
                throw fail(path + ".trap-engine-id", "must be the device's SNMP engine id in hex, 5 to 32 octets");
            }
        }
        DeviceConfig.Options options = new DeviceConfig.Options(profile, pollInterval, node.has("timeout"),
                node.has("retries"), node.has("max-repetitions"), uplinks, trapEngineId);
        try {
            return new DeviceConfig(id, role, host, port, credentials, timeout, retries, repetitions, options);
        } catch (IllegalArgumentException e) {
            throw fail(path, e.getMessage());
        }
    }

    private SnmpCredentials credentials(JsonNode node, String path) throws ConfigException {
        if (!node.isObject()) {
            throw fail(path, "must be a mapping with version: v2c or v3");
        }
        String version = text(node, path, "version").toLowerCase(Locale.ROOT);
        switch (version) {
            case "v2c", "2c" -> {
                onlyFields(node, path, V2C_FIELDS);
                return new SnmpCredentials.Community(Secret.of(secretText(node, path, "community")));
            }
            case "v3", "3" -> {
                onlyFields(node, path, V3_FIELDS);
                String user = text(node, path, "user");
                AuthProtocol auth;
                PrivProtocol priv;
                try {
                    auth = node.has("auth-protocol") ? AuthProtocol.parse(text(node, path, "auth-protocol"))
                            : AuthProtocol.SHA_256;
                } catch (IllegalArgumentException e) {
                    throw fail(path + ".auth-protocol", e.getMessage());
                }
                try {
                    priv = node.has("priv-protocol") ? PrivProtocol.parse(text(node, path, "priv-protocol"))
                            : PrivProtocol.AES_128;
                } catch (IllegalArgumentException e) {
                    throw fail(path + ".priv-protocol", e.getMessage());
                }
                Secret authPass = passphrase(node, path, "auth-passphrase");
                Secret privPass = passphrase(node, path, "priv-passphrase");
                return new SnmpCredentials.Usm(user, auth, authPass, priv, privPass);
            }
            default -> throw fail(path + ".version", "'" + version + "' is not supported; use v3 (or v2c)");
        }
    }

    private Secret passphrase(JsonNode node, String path, String field) throws ConfigException {
        String text = secretText(node, path, field);
        if (text.length() < SnmpCredentials.Usm.MIN_PASSPHRASE) {
            // never echo the passphrase itself
            throw fail(join(path, field), "must be at least " + SnmpCredentials.Usm.MIN_PASSPHRASE + " characters");
        }
        return Secret.of(text);
    }

    /** A bearer token goes into an HTTP header: no line breaks or other control characters. */
    private Secret token(String text) throws ConfigException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                // never echo the token itself
                throw fail("token", "contains a line break, a control character or a non-ASCII character"
                        + " (at position " + (i + 1) + "); an HTTP header cannot carry it");
            }
        }
        return Secret.of(text);
    }

    /** " at line L, column C" where the parser knows it, else nothing. */
    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " at line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
    }

    /** A generic reason from the kind of error alone, never its text. */
    private static String reason(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Duplicate field")) {
            return "a key appears twice in the same mapping";
        }
        return "the YAML syntax is broken here (check indentation, quotes, a ':' inside a value, brackets)";
    }

    /**
     * {@code collector:} is one address, or a list of the addresses of a collector cluster's nodes
     * (1 to {@value SiteConfig#MAX_COLLECTORS}, one scheme, none twice). Each entry is checked as a
     * single address is, and an error names the entry ({@code collector[2]}).
     */
    private List<URI> collectors(JsonNode node) throws ConfigException {
        if (node.isValueNode()) {
            String text = node.asText();
            if (text.isBlank()) {
                throw fail("collector", "is empty");
            }
            return List.of(collector(text, "collector"));
        }
        if (!node.isArray()) {
            throw fail("collector", "must be an address (http://HOST:PORT) or a list of the collector nodes' addresses");
        }
        if (node.isEmpty()) {
            throw fail("collector", "is an empty list; give at least one address");
        }
        if (node.size() > SiteConfig.MAX_COLLECTORS) {
            throw fail("collector", "lists " + node.size() + " addresses; at most " + SiteConfig.MAX_COLLECTORS);
        }
        List<URI> addresses = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "collector[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isValueNode() || entry.isNull() || entry.asText().isBlank()) {
                throw fail(path, "must be an address (http://HOST:PORT)");
            }
            URI uri = collector(entry.asText(), path);
            if (i > 0 && !uri.getScheme().equals(addresses.get(0).getScheme())) {
                // one identity for the whole cluster: an enrolled agent speaks https to every node,
                // and a token-mode agent must not send its token in clear to some of them
                throw fail(path, "is " + uri.getScheme() + ":// but collector[0] is " + addresses.get(0).getScheme()
                        + "://; every node of the collector takes the same scheme");
            }
            Integer first = seen.putIfAbsent(SiteConfig.sameNode(uri), i);
            if (first != null) {
                throw fail(path, "is the same address as collector[" + first + "]");
            }
            addresses.add(uri);
        }
        return addresses;
    }

    private URI collector(String text, String path) throws ConfigException {
        // an address with user:password@ in it is not echoed: it would put the password in the log
        String shown = text.indexOf('@') >= 0 ? "the address" : "'" + text + "'";
        try {
            URI uri = new URI(text.trim());
            if (uri.getRawUserInfo() != null) {
                throw fail(path, "must not hold a user or password (user@host); the agent signs in with its token");
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw fail(path, shown + " is not an http:// or https:// address");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw fail(path, shown + " is not an address" + (shown.equals("the address") ? "" : ": " + e.getReason()));
        }
    }

    /** "10s", "1m", "500ms", "2h" or ISO-8601 ("PT10S"). */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write 10s, 1m, 500ms or PT10S");
        }
    }

    private Duration duration(JsonNode node, String path, String field, Duration fallback) throws ConfigException {
        if (!node.has(field) && fallback != null) {
            return fallback;
        }
        JsonNode value = required(node, path, field);
        if (!value.isTextual()) {
            throw fail(join(path, field), "'" + value.asText() + "' needs a unit, e.g. 10s, 1m or 500ms");
        }
        try {
            Duration d = parseDuration(value.textValue());
            if (d.isNegative() || d.isZero()) {
                throw fail(join(path, field), "must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw fail(join(path, field), e.getMessage());
        }
    }

    private int integer(JsonNode node, String path, String field, int fallback) throws ConfigException {
        if (!node.has(field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (!value.isInt()) {
            throw fail(join(path, field), "must be a whole number");
        }
        return value.intValue();
    }

    /** A secret field: the value itself, or (in a local file) a {@code ${env:NAME}} / {@code ${file:PATH}} reference. */
    private String secretText(JsonNode node, String path, String field) throws ConfigException {
        String value = text(node, path, field);
        if (!org.didban.secrets.Secrets.isReference(value)) {
            return value;
        }
        if (env == null) {
            throw fail(join(path, field), "a ${env:…} or ${file:…} reference is for local site files only;"
                    + " a config the collector serves must hold the value itself");
        }
        try {
            return org.didban.secrets.Secrets.resolve(value, join(path, field), env);
        } catch (org.didban.secrets.Secrets.Unavailable e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private String text(JsonNode node, String path, String field) throws ConfigException {
        JsonNode value = required(node, path, field);
        if (!value.isValueNode() || value.isNull()) {
            throw fail(join(path, field), "must be a single value");
        }
        String s = value.asText();
        if (s.isBlank()) {
            throw fail(join(path, field), "is empty");
        }
        return s;
    }

    private JsonNode required(JsonNode node, String path, String field) throws ConfigException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw fail(join(path, field), "is missing");
        }
        return value;
    }

    private void onlyFields(JsonNode node, String path, Set<String> allowed) throws ConfigException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw fail(join(path, name), "unknown field; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private ConfigException fail(String path, String message) {
        return new ConfigException(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }
}
