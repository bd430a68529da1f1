package org.didban.agent.profile;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * The rows of one walked table: row index (the OID sub-identifiers after the column) → values in
 * the profile's column order (null where the device had none). Read-only once built.
 */
public record TableRows(List<String> columns, SortedMap<OID, Variable[]> rows) {
    public static final TableRows EMPTY = new TableRows(List.of(), new TreeMap<>());

    public TableRows {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableSortedMap(rows);
    }

    /** A cell, or null when the row or the value is missing or the table has no such column. */
    public Variable get(OID index, String column) {
        int c = columns.indexOf(column);
        Variable[] row = rows.get(index);
        return c < 0 || row == null ? null : row[c];
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
