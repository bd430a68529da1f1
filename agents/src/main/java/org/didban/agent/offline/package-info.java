/**
 * The site agent's offline side: the branch's own rules, alert log and status page, so that the
 * branch's IT staff keep seeing what is wrong while the collector is out of reach, and HQ learns
 * afterwards what the branch saw and when.
 *
 * <pre>
 *  poll round / trap ──accept(samples, events)──▶ LocalRules ──AlertTransition──▶ LocalAlertLog (JSON lines, fsync)
 *  uplink outcome ────collectorReachable(bool)──▶    │   │
 *                                                    │   └─ outage over ─▶ sync consumer: local_alert events ─▶ uplink
 *                                                    └─ status() snapshot ─▶ StatusPage (GET /, GET /status.json)
 * </pre>
 *
 * <h2>{@link org.didban.agent.offline.LocalRules}</h2>
 * A {@link org.didban.rules.RuleEngine} over an inventory of this branch alone, built from the
 * site configuration (branch code; county, province, sensitive and mobile from
 * {@link org.didban.agent.offline.LocalRules.Options}, placeholders {@code unknown} otherwise;
 * every device with its role and address, never its credentials). It evaluates always, not only
 * when the link is down: evaluation is cheap and an alert whose {@code for} began before the cut
 * must already be pending when it happens.
 * <ul>
 *   <li><b>Which rules.</b> The shipped catalogue, or the agent's own rule file
 *       ({@code Options.ruleFile}), reduced to the site-scoped rules: those driven by a metric or
 *       by events. Area rules (NET-08) need other branches; inventory rules (RDY-05/07/08) judge
 *       the registered inventory, which only the collector holds — against the agent's stand-in
 *       RDY-08 would fire at every branch. Both stay with the collector.</li>
 *   <li><b>Threads.</b> The engine is single-threaded. Every call ({@code accept},
 *       {@code collectorReachable}, {@code close}) becomes a task on a serial executor over the
 *       agent's {@link java.util.concurrent.ScheduledExecutorService}, and the engine's timers run
 *       there too, so callers may be on any thread and the executor may even be shared by many
 *       agents. {@code status()} returns an immutable snapshot published after every change.
 *       Tests use {@code LocalRules.create} with a {@link org.didban.rules.ManualScheduler} and a
 *       direct executor.</li>
 *   <li><b>Sync.</b> Each transition becomes a {@value org.didban.agent.offline.LocalAlertEvents#LOCAL_ALERT}
 *       event (device: the alert's device; attributes {@code rule}, {@code alert}, {@code state},
 *       {@code from}, {@code severity}, {@code at}; timestamp: when it happened) and is kept until
 *       the uplink confirms a delivery. If a failure comes first — the collector did not see it
 *       in time — what is held goes to the sync consumer at once, in order, and so does every
 *       transition while the collector stays unreachable: the consumer queues them on the
 *       uplink, whose disk spool keeps them across a restart of the agent. Transitions while the
 *       link works are never sent. At most {@code Options.syncLimit} (default 1000) are held
 *       between deliveries: the oldest go first and the first event handed over says how many
 *       ({@code dropped_before}).</li>
 * </ul>
 *
 * <h2>{@link org.didban.agent.offline.LocalAlertLog}</h2>
 * {@code local-alerts.jsonl}: one UTF-8 JSON line per transition ({@code at}, {@code at_ms},
 * {@code rule}, {@code alert}, {@code device}, {@code labels}, {@code branch}, {@code from},
 * {@code to}, {@code severity}, {@code title_en}, {@code title_fa}, {@code value}), forced to disk
 * before the next, rotated to {@code local-alerts.1.jsonl}… at a size (default 4 MiB, 2 rotated
 * files kept). It survives restarts; a line torn by a crash is skipped on reading.
 *
 * <h2>{@link org.didban.agent.offline.StatusPage}</h2>
 * The JDK HTTP server on one daemon thread, on 127.0.0.1 unless told otherwise. {@code GET /}:
 * an HTML page refreshing every 10 s — branch, whether the collector is reachable and since when,
 * every device with {@code device_up}, its label-less values and interface states, the active
 * local alerts with English and Persian titles (the Persian column {@code dir="rtl"}).
 * {@code GET /status.json}: the same. Read-only (other methods 405), every text escaped, and it
 * renders a {@link org.didban.agent.offline.SiteStatus}, which by construction holds no token, no
 * SNMP credential and no collector address.
 */
package org.didban.agent.offline;
