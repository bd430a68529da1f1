package org.didban.collector.inventory;

/**
 * How large an inventory file may be. A file over a limit is refused, not read in part: the
 * limits protect the collector from a wrong file (a database dump, a log) or a hostile one, and
 * sit well above a national export (about 59,000 branches and 500,000 devices; see
 * docs/INVENTORY.md for the sizes).
 *
 * @param maxFileBytes  largest file, checked before it is read
 * @param maxRows       most data rows in one file
 * @param maxFieldChars longest value of one field (a name, a member list), in characters
 */
public record CsvLimits(long maxFileBytes, int maxRows, int maxFieldChars) {
    /** 512 MiB, two million rows, 1,000 characters a field. */
    public static final CsvLimits DEFAULT = new CsvLimits(512L << 20, 2_000_000, 1_000);

    public CsvLimits {
        if (maxFileBytes < 1 || maxRows < 1 || maxFieldChars < 1) {
            throw new IllegalArgumentException("CSV limits must be positive");
        }
    }
}
