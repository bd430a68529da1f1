package org.didban.agent.snmp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Walks some columns of one table side by side with GETBULK, asynchronously: each answer sends the
 * next request from where every column stopped. A column ends at the first OID outside it or at
 * endOfMibView. An agent that goes backwards, never ends or answers nothing is cut off and counted
 * as odd, never followed forever.
 */
final class TableWalk implements ResponseListener {
    static final int MAX_ROWS = 1024;
    static final int MAX_REQUESTS = 256;

    /** Rows by index (the sub-identifiers after the column), values in column order. */
    record Result(SortedMap<OID, Variable[]> rows, int oddValues) {
    }

    private final SnmpSession session;
    private final Target<UdpAddress> target;
    private final List<OID> columns;
    private final int maxRepetitions;
    private final int indexLength;
    private final OID[] last;
    private final boolean[] active;
    private final SortedMap<OID, Variable[]> rows = new TreeMap<>();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private int[] asked;
    private PDU pending;
    private int requests;
    private int odd;

    TableWalk(SnmpSession session, Target<UdpAddress> target, List<OID> columns, int maxRepetitions) {
        this(session, target, columns, maxRepetitions, 1);
    }

    /** @param indexLength sub-identifiers of every row index; 0: any length */
    TableWalk(SnmpSession session, Target<UdpAddress> target, List<OID> columns, int maxRepetitions, int indexLength) {
        this.indexLength = indexLength;
        this.session = session;
        this.target = target;
        this.columns = List.copyOf(columns);
        this.maxRepetitions = maxRepetitions;
        this.last = new OID[columns.size()];
        this.active = new boolean[columns.size()];
        for (int i = 0; i < last.length; i++) {
            last[i] = new OID(columns.get(i));
            active[i] = true;
        }
    }

    CompletableFuture<Result> start() {
        next();
        return done;
    }

    private synchronized void next() {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < active.length; i++) {
            if (active[i]) {
                open.add(i);
            }
        }
        if (open.isEmpty() || done.isDone()) {
            done.complete(new Result(rows, odd));
            return;
        }
        if (++requests > MAX_REQUESTS) {
            odd++;
            done.complete(new Result(rows, odd));
            return;
        }
        asked = open.stream().mapToInt(Integer::intValue).toArray();
        PDU pdu = session.newPdu(target, PDU.GETBULK);
        pdu.setNonRepeaters(0);
        // keep a response near one Ethernet frame's worth of rows per column
        pdu.setMaxRepetitions(Math.max(1, Math.min(maxRepetitions, 60 / asked.length)));
        for (int c : asked) {
            pdu.add(new VariableBinding(new OID(last[c])));
        }
        pending = pdu;
        try {
            session.send(pdu, target, null, this);
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(new PollFailure("send failed: " + e.getMessage()));
        }
    }

    @Override
    public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
        session.cancel(event.getRequest(), this);
        synchronized (this) {
            if (event.getRequest() != pending || done.isDone()) {
                return; // a late duplicate
            }
            pending = null;
            PDU response = event.getResponse();
            if (response == null) {
                done.completeExceptionally(new PollFailure(event.getError() == null ? "timeout"
                        : "error: " + event.getError().getMessage()));
                return;
            }
            if (response.getType() == PDU.REPORT) {
                done.completeExceptionally(new PollFailure(DevicePoll.describeReport(response)));
                return;
            }
            List<? extends VariableBinding> vbs = response.getVariableBindings();
            if (response.getErrorStatus() != PDU.noError || vbs.isEmpty()) {
                odd++;
                done.complete(new Result(rows, odd));
                return;
            }
            for (int i = 0; i < vbs.size(); i++) {
                take(asked[i % asked.length], vbs.get(i));
            }
        }
        next();
    }

    private void take(int column, VariableBinding vb) {
        if (!active[column]) {
            return;
        }
        OID prefix = columns.get(column);
        OID oid = vb.getOid();
        Variable value = vb.getVariable();
        if (oid == null || value == null || value.getSyntax() == org.snmp4j.smi.SMIConstants.EXCEPTION_END_OF_MIB_VIEW
                || oid.size() <= prefix.size() || !oid.startsWith(prefix)) {
            active[column] = false;
            return;
        }
        if (oid.compareTo(last[column]) <= 0) {
            odd++; // not increasing: following it could loop forever
            active[column] = false;
            return;
        }
        last[column] = oid;
        if (indexLength > 0 ? oid.size() != prefix.size() + indexLength : oid.size() == prefix.size()) {
            odd++; // not an index of this table (ifTable rows have a single sub-identifier)
            return;
        }
        if (value.isException()) {
            odd++;
            return;
        }
        OID index = new OID(oid.getValue(), prefix.size(), oid.size() - prefix.size());
        Variable[] row = rows.get(index);
        if (row == null) {
            if (rows.size() >= MAX_ROWS) {
                odd++;
                active[column] = false;
                return;
            }
            row = new Variable[columns.size()];
            rows.put(index, row);
        }
        row[column] = value;
    }
}
