package org.didban.agent.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small, read-only HTTP page for the branch's IT staff, served by the JDK's own HTTP server on
 * one daemon thread: {@code GET /} is plain HTML (English and Persian, the Persian column
 * right-to-left), {@code GET /status.json} the same as JSON. Bound to 127.0.0.1 unless told
 * otherwise. It renders a {@link SiteStatus}, which holds no secret; every text is escaped.
 */
public final class StatusPage implements AutoCloseable {
    public static final String LOOPBACK = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService thread;
    private final Supplier<SiteStatus> status;
    /** When the agent's certificate expires (an enrolled agent), or null: shown on the page. */
    private volatile Instant certificateExpiry;

    private StatusPage(HttpServer server, ExecutorService thread, Supplier<SiteStatus> status) {
        this.server = server;
        this.thread = thread;
        this.status = status;
    }

    /** Serves {@code status} on {@code host:port} ({@code port} 0: any free port, see {@link #port()}). */
    public static StatusPage start(String host, int port, Supplier<SiteStatus> status) throws IOException {
        Objects.requireNonNull(status, "status");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("status page port " + port + " is out of range");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(
                host == null || host.isBlank() ? LOOPBACK : host), port), 8);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "didban-status-page");
            t.setDaemon(true);
            return t;
        });
        StatusPage page = new StatusPage(server, thread, status);
        server.createContext("/", page::handle);
        server.setExecutor(thread);
        server.start();
        return page;
    }

    /** On 127.0.0.1. */
    public static StatusPage start(int port, Supplier<SiteStatus> status) throws IOException {
        return start(LOOPBACK, port, status);
    }

    /** Shows when the agent's certificate expires (null: nothing shown, token mode). */
    public void certificateExpiry(Instant notAfter) {
        this.certificateExpiry = notAfter;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().close();
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!"GET".equals(method) && !head) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n", head);
                return;
            }
            String path = ex.getRequestURI().getPath();
            SiteStatus s = status.get();
            if ("/".equals(path)) {
                send(ex, 200, "text/html; charset=utf-8", html(s, certificateExpiry), head);
            } else if ("/status.json".equals(path)) {
                send(ex, 200, "application/json; charset=utf-8", json(s, certificateExpiry), head);
            } else {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n", head);
            }
        } catch (RuntimeException e) {
            // a broken snapshot must not kill the page's only thread; the exchange is closed above
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body, boolean head) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---- JSON

    static String json(SiteStatus s) {
        return json(s, null);
    }

    static String json(SiteStatus s, Instant certificateExpiry) {
        ObjectNode o = JSON.createObjectNode();
        o.put("agent", s.agentId());
        o.put("branch", s.branch());
        o.put("generated_at", iso(s.generatedAt()));
        ObjectNode collector = o.putObject("collector");
        collector.put("state", s.link().wireName());
        collector.put("reachable", s.link() == SiteStatus.Link.REACHABLE);
        collector.put("since", iso(s.linkSince()));
        ArrayNode devices = o.putArray("devices");
        for (SiteStatus.DeviceStatus d : s.devices()) {
            ObjectNode n = devices.addObject();
            n.put("id", d.id());
            n.put("role", d.role());
            n.put("address", d.address());
            number(n, "device_up", d.deviceUp());
            if (d.lastSampleAt() > 0) {
                n.put("last_sample_at", iso(d.lastSampleAt()));
            } else {
                n.putNull("last_sample_at");
            }
            ObjectNode values = n.putObject("values");
            new TreeMap<>(d.values()).forEach((k, v) -> number(values, k, v));
            ObjectNode ifs = n.putObject("interfaces");
            new TreeMap<>(d.interfaces()).forEach((k, v) -> number(ifs, k, v));
        }
        ArrayNode alerts = o.putArray("alerts");
        for (SiteStatus.ActiveAlert a : s.alerts()) {
            ObjectNode n = alerts.addObject();
            n.put("id", a.id());
            n.put("rule", a.rule());
            n.put("device", a.device());
            ObjectNode labels = n.putObject("labels");
            new TreeMap<>(a.labels()).forEach(labels::put);
            n.put("state", a.state());
            n.put("severity", a.severity());
            n.put("title_en", a.titleEn());
            n.put("title_fa", a.titleFa());
            n.put("active_since", iso(a.activeSince()));
            if (a.firedAt() > 0) {
                n.put("fired_at", iso(a.firedAt()));
            } else {
                n.putNull("fired_at");
            }
        }
        ObjectNode sync = o.putObject("sync");
        sync.put("waiting", s.syncBacklog());
        sync.put("dropped", s.syncDropped());
        o.put("log_failures", s.logFailures());
        try {
            if (certificateExpiry != null) {
                o.putObject("certificate").put("not_after", certificateExpiry.toString())
                        .put("days_left", java.time.Duration.between(Instant.now(), certificateExpiry).toDays());
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void number(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, v);
        } else {
            n.putNull(name);
        }
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    // ---- HTML

    static String html(SiteStatus s) {
        return html(s, null);
    }

    static String html(SiteStatus s, Instant certificateExpiry) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"10\">\n")
                .append("<title>Didban — ").append(esc(s.branch())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}"
                        + "td[dir=rtl]{text-align:right}.down{color:#b00;font-weight:bold}.up{color:#070}</style>\n")
                .append("</head>\n<body>\n");
        h.append("<h1>Branch <span id=\"branch\">").append(esc(s.branch())).append("</span> ")
                .append("<span dir=\"rtl\" lang=\"fa\">شعبه</span></h1>\n");
        h.append("<p>Agent ").append(esc(s.agentId())).append(" · page generated ").append(esc(iso(s.generatedAt())))
                .append(" UTC</p>\n");
        if (certificateExpiry != null) {
            long days = java.time.Duration.between(Instant.now(), certificateExpiry).toDays();
            h.append("<p id=\"certificate\">Agent certificate valid until <strong class=\"")
                    .append(days < 30 ? "down" : "up").append("\">").append(esc(certificateExpiry.toString()))
                    .append("</strong> (").append(days).append(" days) · <span dir=\"rtl\" lang=\"fa\">")
                    .append("گواهی عامل معتبر تا ").append(esc(certificateExpiry.toString())).append("</span></p>\n");
        }
        String linkText = switch (s.link()) {
            case REACHABLE -> "reachable";
            case UNREACHABLE -> "UNREACHABLE";
            case UNKNOWN -> "not known yet";
        };
        String linkFa = switch (s.link()) {
            case REACHABLE -> "در دسترس";
            case UNREACHABLE -> "خارج از دسترس";
            case UNKNOWN -> "نامعلوم";
        };
        h.append("<p id=\"collector\">Collector: <strong class=\"")
                .append(s.link() == SiteStatus.Link.UNREACHABLE ? "down" : "up").append("\">").append(linkText)
                .append("</strong> since ").append(esc(iso(s.linkSince()))).append(" UTC · <span dir=\"rtl\" lang=\"fa\">")
                .append("سامانه مرکزی: ").append(linkFa).append("</span>");
        if (s.syncBacklog() > 0 || s.syncDropped() > 0) {
            h.append(" · local alert changes waiting for the collector: ").append(s.syncBacklog());
            if (s.syncDropped() > 0) {
                h.append(" (").append(s.syncDropped()).append(" dropped)");
            }
        }
        if (s.logFailures() > 0) {
            h.append(" · <strong class=\"down\">local alert log failed ").append(s.logFailures()).append(" times</strong>");
        }
        h.append("</p>\n");

        h.append("<h2>Active local alerts <span dir=\"rtl\" lang=\"fa\">هشدارهای فعال</span></h2>\n");
        if (s.alerts().isEmpty()) {
            h.append("<p id=\"no-alerts\">None.</p>\n");
        } else {
            h.append("<table id=\"alerts\">\n<tr><th>Severity</th><th>State</th><th>Rule</th><th>Device</th><th>Labels</th>"
                    + "<th>Alert</th><th dir=\"rtl\" lang=\"fa\">هشدار</th><th>Since (UTC)</th></tr>\n");
            for (SiteStatus.ActiveAlert a : s.alerts()) {
                h.append("<tr><td>").append(esc(a.severity())).append("</td><td>").append(esc(a.state()))
                        .append("</td><td>").append(esc(a.rule())).append("</td><td>").append(esc(a.device()))
                        .append("</td><td>").append(esc(labels(a.labels()))).append("</td><td>")
                        .append(esc(a.titleEn())).append("</td><td dir=\"rtl\" lang=\"fa\">").append(esc(a.titleFa()))
                        .append("</td><td>").append(esc(iso(a.activeSince()))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Devices <span dir=\"rtl\" lang=\"fa\">دستگاه‌ها</span></h2>\n");
        h.append("<table id=\"devices\">\n<tr><th>Device</th><th>Role</th><th>Address</th><th>Up</th>"
                + "<th>Last reading (UTC)</th><th>Values</th><th>Interfaces</th></tr>\n");
        for (SiteStatus.DeviceStatus d : s.devices()) {
            String up = Double.isNaN(d.deviceUp()) ? "not polled yet"
                    : d.deviceUp() == 1.0 ? "up" : d.deviceUp() == 0.0 ? "NOT ANSWERING" : format(d.deviceUp());
            String cls = d.deviceUp() == 0.0 ? "down" : d.deviceUp() == 1.0 ? "up" : "";
            h.append("<tr><td>").append(esc(d.id())).append("</td><td>").append(esc(d.role())).append("</td><td>")
                    .append(esc(d.address())).append("</td><td class=\"").append(cls).append("\">").append(esc(up))
                    .append("</td><td>").append(d.lastSampleAt() > 0 ? esc(iso(d.lastSampleAt())) : "—")
                    .append("</td><td>");
            StringBuilder values = new StringBuilder();
            new TreeMap<>(d.values()).forEach((k, v) -> values.append(values.length() > 0 ? ", " : "")
                    .append(k).append(" = ").append(format(v)));
            h.append(esc(values.toString())).append("</td><td>");
            StringBuilder ifs = new StringBuilder();
            new TreeMap<>(d.interfaces()).forEach((k, v) -> ifs.append(ifs.length() > 0 ? ", " : "")
                    .append(k).append(' ').append(v == 1.0 ? "up" : v == 2.0 ? "down" : format(v)));
            h.append(esc(ifs.toString())).append("</td></tr>\n");
        }
        h.append("</table>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> sb.append(sb.length() > 0 ? ", " : "").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Stops serving at once and ends the page's thread. */
    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
