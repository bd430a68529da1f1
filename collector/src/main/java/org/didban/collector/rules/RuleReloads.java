package org.didban.collector.rules;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.didban.collector.shard.Shards;
import org.didban.rules.InvalidRulesException;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleProblem;
import org.didban.rules.RuleSet;

/**
 * Puts a changed rule file in force without a restart and without losing alert state: when the
 * file changes on disk (checked every few seconds) or on {@code POST /api/v1/rules/reload}. The
 * file is read and compiled on a worker; a file with any problem is refused whole — logged with
 * file:line, counted, reported to the caller — and the rules in force stay in force.
 */
public final class RuleReloads {
    public static final String PATH = "/api/v1/rules/reload";
    private static final Logger LOG = Logger.getLogger(RuleReloads.class.getName());

    private final Vertx vertx;
    private final Path file;
    private final Shards shards;
    private final Counter reloads;
    private volatile RuleSet inForce;
    private volatile FileTime seenModified;
    private volatile long seenSize = -1;
    private long timer = -1;
    private boolean reading;

    public RuleReloads(Vertx vertx, Path file, RuleSet inForce, Shards shards, PrometheusRegistry registry) {
        this.vertx = vertx;
        this.file = file;
        this.inForce = inForce;
        this.shards = shards;
        this.reloads = Counter.builder().name("didban_rule_reloads_total")
                .help("Rule file reloads, by result: ok, refused (the file had problems; the previous rules stay)")
                .labelNames("result").register(registry);
        reloads.labelValues("ok");
        reloads.labelValues("refused");
    }

    public RuleSet inForce() {
        return inForce;
    }

    public void mount(Router router) {
        router.post(PATH).handler(ctx -> {
            Person person = Person.of(ctx);
            if (person.role() != Role.ADMIN && person.role() != Role.HQ) {
                ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(new JsonObject().put("error", "only HQ or an admin may reload the rules").encode());
                return;
            }
            if (file == null) {
                ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(new JsonObject().put("error", "the collector runs the shipped catalogue; start it with --rules FILE to reload one").encode());
                return;
            }
            reload().onComplete(done -> {
                JsonObject body;
                if (done.succeeded()) {
                    ctx.response().setStatusCode(200);
                    body = new JsonObject().put("status", "reloaded").put("rules", done.result().size());
                } else if (done.cause() instanceof InvalidRulesException e) {
                    ctx.response().setStatusCode(422);
                    JsonArray problems = new JsonArray();
                    e.problems().forEach(p -> problems.add(p.toString()));
                    body = new JsonObject().put("error", "rule file refused; the previous rules stay in force")
                            .put("problems", problems);
                } else {
                    ctx.response().setStatusCode(500);
                    body = new JsonObject().put("error", "cannot read the rule file: " + done.cause().getMessage());
                }
                ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
            });
        });
    }

    /** Starts checking the file for changes; does nothing when there is no file. */
    public void watch(Duration every) {
        if (file == null) {
            return;
        }
        vertx.executeBlocking(this::stamp, false).onSuccess(ignored ->
                timer = vertx.setPeriodic(every.toMillis(), id -> checkForChange()));
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Reads the file now and, if it is sound, puts it in force on every shard. */
    public Future<RuleSet> reload() {
        return vertx.executeBlocking(() -> {
            stamp();
            return new RuleFileReader().read(file);
        }, false).compose(rules -> shards.askAll(shard -> shard.replaceRules(rules)).map(done -> {
            inForce = rules;
            reloads.labelValues("ok").inc();
            LOG.info("rules reloaded from " + file + ": " + rules.size() + " rules in force");
            return rules;
        })).onFailure(failure -> {
            reloads.labelValues("refused").inc();
            String detail = failure instanceof InvalidRulesException e
                    ? String.join("; ", e.problems().stream().map(RuleProblem::toString).toList())
                    : String.valueOf(failure.getMessage());
            LOG.log(Level.WARNING, "rule file " + file + " refused, the previous rules stay in force: " + detail);
        });
    }

    private void checkForChange() {
        if (reading) {
            return;
        }
        reading = true;
        vertx.executeBlocking(() -> {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            return !modified.equals(seenModified) || size != seenSize;
        }, false).onComplete(changed -> {
            if (changed.succeeded() && changed.result()) {
                reload().onComplete(done -> reading = false);
            } else {
                reading = false;
            }
        });
    }

    /** Blocking: remembers the file's time and size, so that only a new change triggers a reload. */
    private Void stamp() throws java.io.IOException {
        seenModified = Files.getLastModifiedTime(file);
        seenSize = Files.size(file);
        return null;
    }

}
