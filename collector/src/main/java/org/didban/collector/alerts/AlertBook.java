package org.didban.collector.alerts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;

/**
 * The alerts of one shard as people handle them: the active ones by key with what people added
 * (acknowledgements, silences), flap damping, and a bounded ring of the recently resolved (the
 * durable history is the ledger's). Every method returns the {@link AlertChange}s it made, for
 * the caller to record. Owned by the shard's event loop; not thread-safe.
 */
public final class AlertBook {
    private final Map<AlertKey, TrackedAlert> active = new HashMap<>();
    private final Map<String, TrackedAlert> byId = new HashMap<>();
    private final ArrayDeque<TrackedAlert> resolved;
    private final int resolvedCapacity;
    private final Predicate<String> sensitiveBranch;
    private final FlapDamping flaps;
    /** Whether an active alert may be marked silenced (cleared by a walk that finds none). */
    private boolean mayHoldSilenced;
    private List<Silence> silences = List.of();

    public AlertBook(int resolvedCapacity, Predicate<String> sensitiveBranch, FlapDamping flaps) {
        if (resolvedCapacity < 0) {
            throw new IllegalArgumentException("resolved capacity below zero");
        }
        this.resolvedCapacity = resolvedCapacity;
        this.resolved = new ArrayDeque<>(Math.min(resolvedCapacity, 1024));
        this.sensitiveBranch = sensitiveBranch;
        this.flaps = flaps;
    }

    /** For tests and tools: no sensitive branches, standard flap damping. */
    public AlertBook(int resolvedCapacity) {
        this(resolvedCapacity, b -> false, FlapDamping.standard());
    }

    /** What the rule engine decided. */
    public List<AlertChange> record(AlertTransition t) {
        Alert alert = t.alert();
        TrackedAlert known = active.get(alert.key());
        List<AlertChange> out = new ArrayList<>(2);
        if (known == null || known.alert().activeSince() != alert.activeSince()) {
            if (known != null) {
                // a restored alert the engine re-derived as a new occurrence: the old one ends here
                out.add(close(known, known.alert().withState(AlertState.RESOLVED, t.at(), known.alert().value()),
                        t.at(), AlertChange.Kind.EVALUATED, AlertChange.ENGINE, "superseded by a new occurrence"));
            }
            if (t.to() == AlertState.RESOLVED || t.to() == AlertState.INACTIVE) {
                // the end of an alert this book never saw begin (e.g. restored without its record)
                TrackedAlert orphan = TrackedAlert.of(alert, sensitiveBranch.test(alert.branchCode()));
                out.add(change(t.at(), AlertChange.Kind.EVALUATED, orphan, t.from(), t.to(), AlertChange.ENGINE, ""));
                return out;
            }
            TrackedAlert fresh = TrackedAlert.of(alert, sensitiveBranch.test(alert.branchCode()));
            fresh = fresh.flapping(flaps.flapping(alert.key().id(), t.at())).silencedBy(silenceFor(fresh, t.at()));
            put(fresh);
            out.add(change(t.at(), AlertChange.Kind.EVALUATED, fresh, AlertState.INACTIVE, fresh.state(),
                    AlertChange.ENGINE, ""));
            if (t.to() == AlertState.FIRING) {
                fired(fresh, t.at(), out);
            }
            return out;
        }
        if (t.to() == AlertState.RESOLVED || t.to() == AlertState.INACTIVE) {
            out.add(close(known, alert, t.at(), AlertChange.Kind.EVALUATED, AlertChange.ENGINE, ""));
            return out;
        }
        TrackedAlert next = known.withAlert(alert);
        put(next);
        AlertChange.Kind kind = t.from() == t.to() ? AlertChange.Kind.ANNOTATED : AlertChange.Kind.EVALUATED;
        out.add(change(t.at(), kind, next, known.state(), next.state(), AlertChange.ENGINE,
                kind == AlertChange.Kind.ANNOTATED && !alert.groupedUnder().isEmpty()
                        ? "grouped under " + alert.groupedUnder() : ""));
        if (t.to() == AlertState.FIRING && t.from() != AlertState.FIRING) {
            fired(next, t.at(), out);
        }
        return out;
    }

    /**
     * Flap damping counts alerts that fired, not blips that cleared while pending: a real
     * outage after a few short ones must page. The notice that a key flaps is told once, when
     * it first fires often enough, and carries the firing alert.
     */
    private void fired(TrackedAlert a, long at, List<AlertChange> out) {
        FlapDamping.Verdict flap = flaps.started(a.key().id(), at);
        if (flap == FlapDamping.Verdict.STEADY || a.flapping()) {
            return;
        }
        TrackedAlert marked = a.flapping(true);
        put(marked);
        if (flap == FlapDamping.Verdict.STARTED_FLAPPING) {
            out.add(change(at, AlertChange.Kind.FLAPPING, marked, marked.state(), marked.state(), AlertChange.ENGINE,
                    "fired often enough to be damped; notifications held until it settles"));
        }
    }

    /** Someone takes an active alert on. Again by the same or another person: the latest stands. */
    public Action acknowledge(String id, String by, String note, long at) {
        TrackedAlert a = byId.get(id);
        if (a == null) {
            return Action.refused(resolvedIds(id) ? Refusal.NOT_ACTIVE : Refusal.NOT_FOUND);
        }
        TrackedAlert next = a.acknowledged(new Acknowledgement(by, at, note));
        put(next);
        return Action.done(change(at, AlertChange.Kind.ACKNOWLEDGED, next, a.state(), next.state(), by, note));
    }

    /** Someone closes an active alert; the caller must also reset the engine's series of its key. */
    public Action resolveByHand(String id, String by, String note, long at) {
        TrackedAlert a = byId.get(id);
        if (a == null) {
            return Action.refused(resolvedIds(id) ? Refusal.NOT_ACTIVE : Refusal.NOT_FOUND);
        }
        TrackedAlert closed = a.resolvedByHand(by, at);
        return Action.done(close(a, closed.alert(), at, AlertChange.Kind.RESOLVED_BY_HAND, by, note, by));
    }

    /**
     * The silences in force changed, or time moved on (a maintenance window opened or closed):
     * marks each active alert with the silence that covers it now.
     */
    public List<AlertChange> applySilences(List<Silence> current, long at) {
        // No silence then or now and none marked: nothing to look at (the housekeeping asks every
        // few seconds, and a storm of alerts must not make each ask a walk over all of them).
        if (current.isEmpty() && silences.isEmpty() && !mayHoldSilenced) {
            return List.of();
        }
        this.silences = List.copyOf(current);
        mayHoldSilenced = false;
        List<AlertChange> out = new ArrayList<>();
        for (TrackedAlert a : new ArrayList<>(active.values())) {
            String now = silenceFor(a, at);
            if (!now.equals(a.silencedBy())) {
                TrackedAlert next = a.silencedBy(now);
                put(next);
                String note = now.isEmpty() ? "silence " + a.silencedBy() + " no longer covers it" : "covered by silence " + now;
                out.add(change(at, now.isEmpty() ? AlertChange.Kind.UNSILENCED : AlertChange.Kind.SILENCED, next,
                        a.state(), next.state(), AlertChange.ENGINE, note));
            }
        }
        return out;
    }

    /**
     * Time moved on: alerts whose flapping settled are marked steady again, and quiet keys are
     * forgotten.
     */
    public List<AlertChange> settle(long at) {
        List<AlertChange> out = new ArrayList<>();
        for (TrackedAlert a : new ArrayList<>(active.values())) {
            if (a.flapping() && !flaps.flapping(a.key().id(), at)) {
                TrackedAlert next = a.flapping(false);
                put(next);
                out.add(change(at, AlertChange.Kind.STEADY, next, a.state(), next.state(), AlertChange.ENGINE,
                        "has not started again for a whole flap window"));
            }
        }
        flaps.forgetQuiet(at);
        return out;
    }

    /** Adds why the site of this alert went quiet. */
    public Action diagnose(String id, SiteDiagnosis diagnosis, long at) {
        TrackedAlert a = byId.get(id);
        if (a == null) {
            return Action.refused(Refusal.NOT_FOUND);
        }
        TrackedAlert next = a.diagnosed(diagnosis);
        put(next);
        return Action.done(change(at, AlertChange.Kind.ANNOTATED, next, a.state(), next.state(), AlertChange.ENGINE,
                "site silent: " + diagnosis.cause().wireName() + " — " + diagnosis.evidence()));
    }

    /**
     * Takes up an alert recorded before a restart, as it was recorded; one that was flapping goes
     * on flapping until a whole window passes without it firing again.
     */
    public void restore(TrackedAlert a, long at) {
        put(a);
        if (a.flapping()) {
            flaps.flag(a.key().id(), a.alert().firedAt() > 0 ? a.alert().firedAt() : at);
        }
    }

    /**
     * Lets go of the alerts of counties another collector of the cluster takes over, active and
     * recently resolved, without a change: on the record they stay as they are, for the new owner.
     */
    public void forget(java.util.Set<String> counties) {
        active.values().removeIf(a -> counties.contains(a.countyCode()));
        byId.values().removeIf(a -> counties.contains(a.countyCode()));
        resolved.removeIf(a -> counties.contains(a.countyCode()));
    }

    /** Whether this occurrence (key and start) is the active one of its key here. */
    public boolean holds(AlertKey key, long activeSince) {
        TrackedAlert a = active.get(key);
        return a != null && a.alert().activeSince() == activeSince;
    }

    public TrackedAlert find(String id) {
        TrackedAlert a = byId.get(id);
        if (a != null) {
            return a;
        }
        for (TrackedAlert r : resolved) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    public Collection<TrackedAlert> active() {
        return Collections.unmodifiableCollection(active.values());
    }

    /** Oldest first. */
    public Collection<TrackedAlert> recentlyResolved() {
        return Collections.unmodifiableCollection(resolved);
    }

    /** The active and recently resolved alerts that {@code query} selects. */
    public List<TrackedAlert> select(AlertQuery query) {
        List<TrackedAlert> out = new ArrayList<>();
        if (query.wantsActive()) {
            for (TrackedAlert a : active.values()) {
                if (query.matches(a)) {
                    out.add(a);
                }
            }
        }
        if (query.wantsResolved()) {
            for (TrackedAlert a : resolved) {
                if (query.matches(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private String silenceFor(TrackedAlert a, long at) {
        for (Silence s : silences) {
            if (s.inForceAt(at) && s.matches(a)) {
                return s.id();
            }
        }
        return "";
    }

    private boolean resolvedIds(String id) {
        for (TrackedAlert r : resolved) {
            if (r.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private void put(TrackedAlert a) {
        if (!a.silencedBy().isEmpty()) {
            mayHoldSilenced = true;
        }
        TrackedAlert old = active.put(a.key(), a);
        if (old != null && !old.id().equals(a.id())) {
            byId.remove(old.id());
        }
        byId.put(a.id(), a);
    }

    private AlertChange close(TrackedAlert known, Alert ended, long at, AlertChange.Kind kind, String actor, String note) {
        return close(known, ended, at, kind, actor, note, known.resolvedBy());
    }

    private AlertChange close(TrackedAlert known, Alert ended, long at, AlertChange.Kind kind, String actor, String note,
                              String resolvedBy) {
        TrackedAlert last = new TrackedAlert(known.id(), ended, known.sensitive(), known.acknowledgement(),
                known.silencedBy(), known.flapping(), known.diagnosis(), resolvedBy);
        active.remove(known.key());
        byId.remove(known.id());
        if (last.state() == AlertState.RESOLVED && resolvedCapacity > 0) {
            if (resolved.size() == resolvedCapacity) {
                resolved.removeFirst();
            }
            resolved.addLast(last);
        }
        return change(at, kind, last, known.state(), last.state(), actor, note);
    }

    private static AlertChange change(long at, AlertChange.Kind kind, TrackedAlert a, AlertState from, AlertState to,
                                      String actor, String note) {
        return new AlertChange(0, at, kind, a, from, to, actor, note);
    }

    /** Why a person's action on an alert was refused. */
    public enum Refusal { NOT_FOUND, NOT_ACTIVE }

    /** A person's action: the change it made, or why it was refused. */
    public record Action(AlertChange change, Refusal refusal) {
        static Action done(AlertChange c) {
            return new Action(c, null);
        }

        static Action refused(Refusal r) {
            return new Action(null, r);
        }

        public boolean ok() {
            return change != null;
        }
    }
}
