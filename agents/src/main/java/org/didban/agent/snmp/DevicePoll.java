package org.didban.agent.snmp;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.didban.agent.WireText;
import org.didban.agent.config.DeviceConfig;
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
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One poll of one device: a GET of the profile's scalars, then (for devices with interfaces) a
 * GETBULK walk of ifEntry/ifXEntry. Always completes normally: a device that does not answer yields
 * {@code device_up 0} and a {@code poll_failed} event; values of the wrong type or missing are
 * skipped and counted, never thrown.
 */
final class DevicePoll implements ResponseListener {
    /** Column order is sample order: ifAdminStatus comes before ifOperStatus (NET-01 reads them so). */
    private static final List<PollProfile.Column> COLUMNS = List.of(PollProfile.Column.values());
    /** The attribute of a {@code poll_failed} event saying why. */
    static final String REASON = "reason";

    private final SnmpSession session;
    private final DeviceConfig device;
    private final Target<UdpAddress> target;
    private final PollProfile profile;
    private final Clock clock;
    private final List<Sample> samples = new ArrayList<>();
    private final CompletableFuture<DeviceReading> done = new CompletableFuture<>();
    private DeviceReading.DeviceIdentity identity;
    private PDU pending;
    private int odd;

    DevicePoll(SnmpSession session, DeviceConfig device, Target<UdpAddress> target, Clock clock) {
        this.session = session;
        this.device = device;
        this.target = target;
        this.profile = PollProfile.forRole(device.role());
        this.clock = clock;
    }

    CompletableFuture<DeviceReading> start() {
        PDU pdu = session.newPdu(target, PDU.GET);
        for (PollProfile.Scalar s : profile.scalars()) {
            pdu.add(new VariableBinding(new OID(s.oid())));
        }
        synchronized (this) {
            pending = pdu;
        }
        try {
            session.send(pdu, target, null, this);
        } catch (IOException | RuntimeException e) {
            fail("send failed: " + e.getMessage());
        }
        return done;
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
        long now = clock.millis();
        if (response.getErrorStatus() != PDU.noError) {
            odd++; // it answered, but refused the whole request
        } else {
            readScalars(response.getVariableBindings(), now);
        }
        if (!profile.interfaces()) {
            succeed();
            return;
        }
        new TableWalk(session, target, COLUMNS.stream().map(PollProfile.Column::oid).toList(), device.maxRepetitions())
                .start()
                .whenComplete((result, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        fail(cause instanceof PollFailure f ? f.reason() : "walk failed: " + cause);
                    } else {
                        odd += result.oddValues();
                        readInterfaces(result, clock.millis());
                        succeed();
                    }
                });
    }

    private void readScalars(List<? extends VariableBinding> vbs, long now) {
        List<PollProfile.Scalar> scalars = profile.scalars();
        String descr = null;
        String objectId = null;
        for (PollProfile.Scalar s : scalars) {
            Variable v = find(vbs, s.oid());
            if (v == null || v.isException()) {
                odd++;
                continue;
            }
            if (s.oid().equals(StandardMib.SYS_DESCR)) {
                descr = v instanceof OctetString text ? text.toString() : null;
                odd += descr == null ? 1 : 0;
            } else if (s.oid().equals(StandardMib.SYS_OBJECT_ID)) {
                objectId = v instanceof OID id ? id.toDottedString() : null;
                odd += objectId == null ? 1 : 0;
            } else {
                OptionalDouble n = Numeric.of(v);
                if (n.isPresent()) {
                    samples.add(new Sample(device.id(), s.metric(), Labels.EMPTY, n.getAsDouble() * s.scale(), now));
                } else {
                    odd++;
                }
            }
        }
        if (descr != null || objectId != null) {
            identity = new DeviceReading.DeviceIdentity(descr, objectId);
        }
    }

    private static Variable find(List<? extends VariableBinding> vbs, OID oid) {
        for (VariableBinding vb : vbs) {
            if (oid.equals(vb.getOid())) {
                return vb.getVariable();
            }
        }
        return null;
    }

    private void readInterfaces(TableWalk.Result table, long now) {
        boolean[] supported = new boolean[COLUMNS.size()];
        for (Variable[] row : table.rows().values()) {
            for (int c = 0; c < row.length; c++) {
                supported[c] |= row[c] != null;
            }
        }
        for (Map.Entry<Long, Variable[]> entry : table.rows().entrySet()) {
            Variable[] row = entry.getValue();
            String index = Long.toString(entry.getKey());
            // a device may name an interface with any length: cut to what the collector accepts
            Labels labels = Labels.of(Metrics.LABEL_IF_INDEX, index, Metrics.LABEL_IF_NAME,
                    WireText.bound(interfaceName(index, row)));
            for (PollProfile.Column column : COLUMNS) {
                Variable v = row[column.ordinal()];
                if (v == null) {
                    // a column the device has, missing in this row: a truncated table
                    odd += supported[column.ordinal()] ? 1 : 0;
                    continue;
                }
                if (column.metric() == null) {
                    continue;
                }
                OptionalDouble n = Numeric.of(v);
                if (n.isPresent()) {
                    samples.add(new Sample(device.id(), column.metric(), labels, n.getAsDouble(), now));
                } else {
                    odd++;
                }
            }
        }
    }

    /** ifName, else ifDescr, else "if" + index: every interface sample needs a name label. */
    private String interfaceName(String index, Variable[] row) {
        for (PollProfile.Column c : List.of(PollProfile.Column.NAME, PollProfile.Column.DESCR)) {
            Variable v = row[c.ordinal()];
            if (v instanceof OctetString s && s.length() > 0) {
                return s.toString();
            }
            if (v != null) {
                odd++;
            }
        }
        return "if" + index;
    }

    private void succeed() {
        long now = clock.millis();
        samples.add(new Sample(device.id(), Metrics.DEVICE_UP, Labels.EMPTY, 1, now));
        done.complete(new DeviceReading(device.id(), true, identity, samples, List.of(), odd));
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
