package org.didban.collector.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.didban.model.Severity;
import org.didban.rules.Durations;
import org.didban.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the notification settings file. YAML is composed into nodes (never constructed into
 * objects), within bounds on size, aliases and nesting, and every field is checked with its line;
 * all problems of a file are reported together. No message ever repeats a secret, a password, a
 * token or a URL (whose path may carry a token of its own). The format, in {@code
 * docs/NOTIFICATIONS.md}:
 *
 * <pre>
 * webhooks:
 *   - name: noc-tehran
 *     url: https://noc.example/didban
 *     secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6
 *     provinces: [THR]
 *     min-severity: high
 * alertmanager:
 *   url: http://127.0.0.1:9093
 *   collector-url: https://didban.example
 * </pre>
 */
public final class NotifySettingsReader {
    /** A settings file is a few kilobytes; a larger one is refused before parsing. */
    public static final int MAX_FILE_CHARS = 256 * 1024;
    private static final SafeYaml.Limits LIMITS = new SafeYaml.Limits(MAX_FILE_CHARS, 10, 10);
    private static final Set<String> TOP = Set.of("webhooks", "alertmanager");
    private static final Set<String> WEBHOOK = Set.of("name", "url", "secret", "provinces", "counties", "min-severity",
            "include-pending", "queue", "retry");
    private static final Set<String> RETRY = Set.of("attempts", "first-delay", "max-delay", "max-age", "timeout",
            "retry-after-cap");
    private static final Set<String> ALERTMANAGER = Set.of("url", "collector-url", "resend-interval", "batch-window",
            "timeout", "bearer-token", "basic-auth");
    private static final Set<String> BASIC_AUTH = Set.of("username", "password");

    private final String source;
    private final java.util.function.Function<String, String> env;
    private final List<NotifyProblem> problems = new ArrayList<>();

    private NotifySettingsReader(String source, java.util.function.Function<String, String> env) {
        this.source = source;
        this.env = env;
    }

    /** Reads {@code file}; blocks on file I/O, so call it off the event loop. */
    public static NotifySettings read(Path file) throws IOException, InvalidNotifySettingsException {
        // Checked before reading, so a huge file is refused without being loaded: at most four bytes a character.
        if (Files.size(file) > 4L * MAX_FILE_CHARS) {
            throw new InvalidNotifySettingsException(List.of(new NotifyProblem(file.toString(), 1,
                    "file is larger than " + MAX_FILE_CHARS + " characters")));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // it holds webhook secrets and receiver credentials
        org.didban.secrets.Secrets.warnIfExposed(file, "notification settings");
        return read(text, file.toString());
    }

    /**
     * Reads settings text. A secret ({@code secret}, {@code bearer-token}, {@code basic-auth.password})
     * may be the value itself, or {@code ${env:NAME}} / {@code ${file:/path}}, looked up here.
     */
    public static NotifySettings read(String text, String source) throws InvalidNotifySettingsException {
        return read(text, source, System::getenv);
    }

    /** As {@link #read(String, String)}, with {@code ${env:NAME}} looked up in {@code env}. */
    public static NotifySettings read(String text, String source, java.util.function.Function<String, String> env)
            throws InvalidNotifySettingsException {
        return new NotifySettingsReader(source, java.util.Objects.requireNonNull(env, "env")).settings(text);
    }

    private NotifySettings settings(String text) throws InvalidNotifySettingsException {
        Node root;
        try {
            root = SafeYaml.compose(text, LIMITS);
        } catch (SafeYaml.Invalid e) {
            throw new InvalidNotifySettingsException(List.of(new NotifyProblem(source, e.line(), e.getMessage())));
        }
        if (root == null) {
            return NotifySettings.NONE;
        }
        Fields top = fields(root, "the file", TOP, "expected a mapping with 'webhooks' and/or 'alertmanager'");
        List<WebhookTarget> webhooks = new ArrayList<>();
        AlertmanagerTarget alertmanager = null;
        if (top != null) {
            NodeTuple list = top.get("webhooks");
            if (list != null) {
                if (list.getValueNode() instanceof SequenceNode seq) {
                    Set<String> names = new LinkedHashSet<>();
                    for (Node item : seq.getValue()) {
                        WebhookTarget w = webhook(item);
                        if (w != null && !names.add(w.name())) {
                            problem(item, "two webhooks are named '" + w.name() + "'");
                        } else if (w != null) {
                            webhooks.add(w);
                        }
                    }
                } else {
                    problem(list.getValueNode(), "'webhooks' must be a list");
                }
            }
            NodeTuple am = top.get("alertmanager");
            if (am != null) {
                alertmanager = alertmanager(am.getValueNode());
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(NotifyProblem::line));
            throw new InvalidNotifySettingsException(problems);
        }
        return new NotifySettings(webhooks, alertmanager);
    }

    private WebhookTarget webhook(Node node) {
        int before = problems.size();
        String named = nameOf(node);
        String where = named == null ? "webhook" : "webhook " + named;
        Fields f = fields(node, where, WEBHOOK, "each webhook must be a mapping with name, url and secret");
        if (f == null) {
            return null;
        }
        String name = f.text("name", true);
        if (name != null && !WebhookTarget.NAME.matcher(name).matches()) {
            problem(f.value("name"), where + ": the name must be letters, digits, '.', '_' or '-', at most 64");
        }
        URI url = f.url("url", true);
        String secret = f.secret("secret", true);
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < WebhookTarget.MIN_SECRET_BYTES) {
            problem(f.value("secret"), where + ": 'secret' is " + secret.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; it must be at least " + WebhookTarget.MIN_SECRET_BYTES + " (e.g. 32 random hex digits)");
        }
        Set<String> provinces = f.codes("provinces");
        Set<String> counties = f.codes("counties");
        Severity minimum = Severity.INFO;
        String severity = f.text("min-severity", false);
        if (severity != null) {
            try {
                minimum = Severity.parse(severity);
            } catch (IllegalArgumentException e) {
                problem(f.value("min-severity"), where + ": " + e.getMessage());
            }
        }
        boolean pending = f.bool("include-pending", false);
        int queue = f.integer("queue", WebhookTarget.DEFAULT_QUEUE_CAPACITY, 1, 1_000_000);
        RetryPolicy retry = RetryPolicy.DEFAULT;
        NodeTuple retryField = f.get("retry");
        if (retryField != null) {
            retry = retry(retryField.getValueNode(), where);
        }
        if (problems.size() > before || retry == null) {
            return null;
        }
        try {
            return new WebhookTarget(name, url, secret, new WebhookScope(provinces, counties, minimum, pending), retry,
                    queue);
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
            return null;
        }
    }

    private RetryPolicy retry(Node node, String where) {
        Fields f = fields(node, where + " retry", RETRY, where + ": 'retry' must be a mapping");
        if (f == null) {
            return null;
        }
        RetryPolicy d = RetryPolicy.DEFAULT;
        int attempts = f.integer("attempts", d.attempts(), 1, 100);
        Duration first = f.duration("first-delay", d.firstDelay());
        Duration max = f.duration("max-delay", d.maxDelay());
        Duration age = f.duration("max-age", d.maxAge());
        Duration timeout = f.duration("timeout", d.timeout());
        Duration cap = f.duration("retry-after-cap", d.retryAfterCap());
        try {
            return new RetryPolicy(attempts, first, max, age, timeout, cap);
        } catch (IllegalArgumentException e) {
            problem(node, where + " retry: " + e.getMessage());
            return null;
        }
    }

    private AlertmanagerTarget alertmanager(Node node) {
        int before = problems.size();
        Fields f = fields(node, "alertmanager", ALERTMANAGER, "'alertmanager' must be a mapping with a url");
        if (f == null) {
            return null;
        }
        URI url = f.url("url", true);
        URI collector = f.url("collector-url", false);
        Duration resend = f.duration("resend-interval", AlertmanagerTarget.DEFAULT_RESEND_INTERVAL);
        Duration batch = f.duration("batch-window", AlertmanagerTarget.DEFAULT_BATCH_WINDOW);
        Duration timeout = f.duration("timeout", AlertmanagerTarget.DEFAULT_TIMEOUT);
        AlertmanagerTarget.Credentials credentials = null;
        String token = f.secret("bearer-token", false);
        NodeTuple basic = f.get("basic-auth");
        if (token != null && basic != null) {
            problem(basic.getKeyNode(), "alertmanager: give 'bearer-token' or 'basic-auth', not both");
        } else if (token != null) {
            credentials = credentials(() -> AlertmanagerTarget.Credentials.bearer(token), f.value("bearer-token"));
        } else if (basic != null) {
            Fields b = fields(basic.getValueNode(), "alertmanager basic-auth", BASIC_AUTH,
                    "alertmanager: 'basic-auth' must be a mapping with username and password");
            if (b != null) {
                String user = b.text("username", true);
                String password = b.secret("password", true);
                if (user != null && password != null) {
                    credentials = credentials(() -> AlertmanagerTarget.Credentials.basic(user, password),
                            basic.getValueNode());
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            return new AlertmanagerTarget(url, collector, resend, batch, timeout, credentials);
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
            return null;
        }
    }

    private AlertmanagerTarget.Credentials credentials(java.util.function.Supplier<AlertmanagerTarget.Credentials> make,
                                                      Node at) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            problem(at, "alertmanager: " + e.getMessage());
            return null;
        }
    }

    /** The webhook's name, if it has one, to say which webhook a problem is in. */
    private static String nameOf(Node node) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                        && t.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
                    return v.getValue().trim();
                }
            }
        }
        return null;
    }

    /** The fields of a mapping node, after reporting unknown and repeated ones; null (reported) if not a mapping. */
    private Fields fields(Node node, String where, Set<String> known, String notAMapping) {
        if (!(node instanceof MappingNode map)) {
            problem(node, notAMapping);
            return null;
        }
        Fields f = new Fields(map, where);
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(t.getKeyNode(), where + ": field names must be plain text");
                continue;
            }
            String name = key.getValue();
            if (!known.contains(name)) {
                problem(key, where + ": unknown field '" + name + "'; known: " + String.join(", ", new TreeSet<>(known)));
            } else if (f.tuples.put(name, t) != null) {
                problem(key, where + ": field '" + name + "' given twice");
            }
        }
        return f;
    }

    private void problem(Node at, String message) {
        problems.add(new NotifyProblem(source, at == null ? 1 : at.getStartMark().getLine() + 1, message));
    }

    /** The fields of one mapping, read one by one; each problem is reported at its value's line. */
    private final class Fields {
        final Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        final MappingNode map;
        final String where;

        Fields(MappingNode map, String where) {
            this.map = map;
            this.where = where;
        }

        NodeTuple get(String name) {
            return tuples.get(name);
        }

        Node value(String name) {
            NodeTuple t = tuples.get(name);
            return t == null ? null : t.getValueNode();
        }

        String text(String name, boolean required) {
            NodeTuple t = tuples.get(name);
            if (t == null) {
                if (required) {
                    problems.add(new NotifyProblem(source, line(), where + ": '" + name + "' is required"));
                }
                return null;
            }
            if (!(t.getValueNode() instanceof ScalarNode s) || s.getValue().isBlank()) {
                problem(t.getValueNode(), where + ": '" + name + "' must be a non-empty text");
                return null;
            }
            return s.getValue().trim();
        }

        /** Like {@link #text}, but never trimmed (a secret is what it is) and never echoed. */
        String secret(String name, boolean required) {
            NodeTuple t = tuples.get(name);
            if (t == null) {
                if (required) {
                    problems.add(new NotifyProblem(source, line(), where + ": '" + name + "' is required"));
                }
                return null;
            }
            if (!(t.getValueNode() instanceof ScalarNode s) || s.getValue().isEmpty()) {
                problem(t.getValueNode(), where + ": '" + name + "' must be a non-empty text");
                return null;
            }
            try {
                return org.didban.secrets.Secrets.resolve(s.getValue(), where + ": '" + name + "'", env);
            } catch (org.didban.secrets.Secrets.Unavailable e) {
                problem(t.getValueNode(), e.getMessage());
                return null;
            }
        }

        URI url(String name, boolean required) {
            String text = text(name, required);
            if (text == null) {
                return null;
            }
            try {
                return Endpoints.requireHttp(new URI(text), where);
            } catch (URISyntaxException e) {
                problem(value(name), where + ": '" + name + "' is not a URL (" + e.getReason() + ")");
            } catch (IllegalArgumentException e) {
                problem(value(name), e.getMessage().replace(": the url", ": '" + name + "'"));
            }
            return null;
        }

        Set<String> codes(String name) {
            NodeTuple t = tuples.get(name);
            if (t == null) {
                return Set.of();
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                problem(t.getValueNode(), where + ": '" + name + "' must be a list of codes, e.g. [THR, ISF]");
                return Set.of();
            }
            Set<String> codes = new LinkedHashSet<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && !s.getValue().isBlank()) {
                    codes.add(s.getValue().trim());
                } else {
                    problem(item, where + ": each of '" + name + "' must be a code");
                }
            }
            if (codes.isEmpty()) {
                problem(t.getValueNode(), where + ": '" + name + "' is empty; leave it out to mean all");
            }
            return codes;
        }

        boolean bool(String name, boolean dflt) {
            String text = text(name, false);
            if (text == null) {
                return dflt;
            }
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            problem(value(name), where + ": '" + name + "' must be true or false");
            return dflt;
        }

        int integer(String name, int dflt, int min, int max) {
            String text = text(name, false);
            if (text == null) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(value(name), where + ": '" + name + "' must be a whole number from " + min + " to " + max);
            return dflt;
        }

        Duration duration(String name, Duration dflt) {
            String text = text(name, false);
            if (text == null) {
                return dflt;
            }
            try {
                long millis = Durations.parseMillis(text);
                if (millis > 0) {
                    return Duration.ofMillis(millis);
                }
                problem(value(name), where + ": '" + name + "' must be longer than zero");
            } catch (IllegalArgumentException e) {
                problem(value(name), where + ": '" + name + "': " + e.getMessage());
            }
            return dflt;
        }

        /** Where the mapping starts, for a field that is missing from it. */
        private int line() {
            return map.getStartMark().getLine() + 1;
        }
    }
}
