package org.didban.agent.snmp;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.didban.agent.WireText;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.profile.DeviceProfile;
import org.didban.agent.profile.ProfileEvaluator;
import org.didban.agent.profile.TableRows;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One poll of one device, as its {@link DeviceProfile} says: GETs of the profile's scalars (a few
 * dozen per request), then a GETBULK walk of each table, one after the other (one request in flight
 * per device). Always completes normally: a device that does not answer yields {@code device_up 0}
 * and a {@code poll_failed} event; values of the wrong type or missing are skipped and counted,
 * never thrown. Every poll also says {@code snmp_weak_security} for the device's configured
 * credentials (SEC-09).
 */
final class DevicePoll implements ResponseListener {
    /** The attribute of a {@code poll_failed} event saying why. */
    static final String REASON = "reason";
    /** Scalars asked per GET: well inside one UDP datagram for the answers. */
    static final int SCALARS_PER_GET = 24;

    private final SnmpSession session;
    private final DeviceConfig device;
    private final DeviceProfile profile;
    private final Target<UdpAddress> target;
    private final int maxRepetitions;
    private final Clock clock;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<OID, Variable> scalarValues = new HashMap<>();
    private final Map<String, TableRows> tables = new LinkedHashMap<>();
    private final CompletableFuture<DeviceReading> done = new CompletableFuture<>();
    private Map<String, String> captures = Map.of();
    private DeviceReading.DeviceIdentity identity;
    private PDU pending;
    private int chunk;
    private int odd;

    DevicePoll(SnmpSession session, DeviceConfig device, DeviceProfile profile, Target<UdpAddress> target,
               int maxRepetitions, Clock clock) {
        this.session = session;
        this.device = device;
        this.profile = profile;
        this.target = target;
        this.maxRepetitions = maxRepetitions;
        this.clock = clock;
    }

    CompletableFuture<DeviceReading> start() {
        nextScalars();
        return done;
    }

    private void nextScalars() {
        List<DeviceProfile.Scalar> scalars = profile.scalars();
        int from = chunk * SCALARS_PER_GET;
        if (from >= scalars.size()) {
            readScalars();
            walk(0);
            return;
        }
        PDU pdu = session.newPdu(target, PDU.GET);
        for (DeviceProfile.Scalar s : scalars.subList(from, Math.min(scalars.size(), from + SCALARS_PER_GET))) {
            pdu.add(new VariableBinding(new OID(s.oid())));
        }
        chunk++;
        synchronized (this) {
            pending = pdu;
        }
        try {
            session.send(pdu, target, null, this);
        } catch (IOException | RuntimeException e) {
            fail("send failed: " + e.getMessage());
        }
    }

    @Override
    public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
        session.cancel(event.getRequest(), this);
        PDU response;
        synchronized (this) {
            if (event.getRequest() != pending) {
                return; // a late duplicate
            }
            pending = null;
            response = event.getResponse();
        }
        if (response == null) {
            fail(event.getError() == null ? "timeout" : "error: " + event.getError().getMessage());
            return;
        }
        if (response.getType() == PDU.REPORT) {
            fail(describeReport(response));
            return;
        }
        if (response.getErrorStatus() != PDU.noError) {
            odd++; // it answered, but refused the whole request
        } else {
            for (VariableBinding vb : response.getVariableBindings()) {
                if (vb.getOid() != null && vb.getVariable() != null) {
                    scalarValues.put(vb.getOid(), vb.getVariable());
                }
            }
        }
        nextScalars();
    }

    private void readScalars() {
        ProfileEvaluator.Result r = ProfileEvaluator.scalars(profile, device.id(), scalarValues, clock.millis());
        samples.addAll(r.samples());
        odd += r.oddValues();
        captures = r.captures();
        String descr = captures.get(ProfileEvaluator.SYS_DESCR);
        String objectId = captures.get(ProfileEvaluator.SYS_OBJECT_ID);
        if (descr != null || objectId != null) {
            identity = new DeviceReading.DeviceIdentity(descr, objectId);
        }
    }

    private void walk(int t) {
        List<DeviceProfile.Table> list = profile.tables();
        if (t >= list.size()) {
            ProfileEvaluator.Result r = ProfileEvaluator.tables(profile, device.id(), tables, captures, clock.millis());
            samples.addAll(r.samples());
            odd += r.oddValues();
            succeed();
            return;
        }
        DeviceProfile.Table table = list.get(t);
        List<OID> columns = table.columns().values().stream().map(DeviceProfile.Column::oid).toList();
        new TableWalk(session, target, columns, maxRepetitions, table.indexLength())
                .start()
                .whenComplete((result, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        fail(cause instanceof PollFailure f ? f.reason() : "walk failed: " + cause);
                    } else {
                        odd += result.oddValues();
                        tables.put(table.name(), new TableRows(table.columnNames(), result.rows()));
                        walk(t + 1);
                    }
                });
    }

    /** 1 when the device is polled with v1/v2c or with SHA-1, MD5 or DES; 0 for SHA-2 with AES. */
    static double weakSecurity(DeviceConfig device) {
        SnmpCredentials c = device.credentials();
        return c instanceof SnmpCredentials.Usm usm && !usm.weak() ? 0 : 1;
    }

    private void succeed() {
        long now = clock.millis();
        samples.add(new Sample(device.id(), Metrics.SNMP_WEAK_SECURITY, Labels.EMPTY, weakSecurity(device), now));
        samples.add(new Sample(device.id(), Metrics.DEVICE_UP, Labels.EMPTY, 1, now));
        done.complete(new DeviceReading(device.id(), true, identity, samples, List.of(), odd, tables));
    }

    private void fail(String reason) {
        done.complete(failed(device, identity, samples, reason, odd, clock));
    }

    /** A device that did not answer before anything was sent (e.g. its name does not resolve). */
    static DeviceReading failed(DeviceConfig device, String reason, Clock clock) {
        return failed(device, null, new ArrayList<>(), reason, 0, clock);
    }

    private static DeviceReading failed(DeviceConfig device, DeviceReading.DeviceIdentity identity,
                                        List<Sample> samples, String reason, int odd, Clock clock) {
        long now = clock.millis();
        samples.add(new Sample(device.id(), Metrics.SNMP_WEAK_SECURITY, Labels.EMPTY, weakSecurity(device), now));
        samples.add(new Sample(device.id(), Metrics.DEVICE_UP, Labels.EMPTY, 0, now));
        Event event = new Event(device.id(), EventTypes.POLL_FAILED,
                Map.of(REASON, WireText.bound(String.valueOf(reason))), now);
        return new DeviceReading(device.id(), false, identity, samples, List.of(event), odd);
    }

    /** A report instead of a response: usually unknown user, wrong digest or not in time window. */
    static String describeReport(PDU report) {
        List<? extends VariableBinding> vbs = report.getVariableBindings();
        String what = vbs.isEmpty() ? "empty" : describeReportOid(vbs.get(0).getOid());
        return "snmp report: " + what;
    }

    private static String describeReportOid(OID oid) {
        String[] names = {"unsupportedSecLevels", "notInTimeWindows", "unknownUserNames", "unknownEngineIDs",
                "wrongDigests", "decryptionErrors"};
        OID usmStats = new OID("1.3.6.1.6.3.15.1.1");
        if (oid.startsWith(usmStats) && oid.size() > usmStats.size()) {
            int i = oid.get(usmStats.size());
            if (i >= 1 && i <= names.length) {
                return "usmStats" + Character.toUpperCase(names[i - 1].charAt(0)) + names[i - 1].substring(1);
            }
        }
        return oid.toDottedString();
    }
}
