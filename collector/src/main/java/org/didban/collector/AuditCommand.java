package org.didban.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.didban.collector.ledger.LedgerExport;
import org.didban.collector.ledger.LedgerVerifier;
import org.didban.rules.calendar.Election;
import org.didban.rules.calendar.ElectionCalendar;
import org.didban.rules.calendar.ElectionCalendarReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code didban audit verify|export}: the evidence in the alert ledger, checked and handed over. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check the alert ledger's hash chain, or export an election's history.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("didban audit: say verify or export (didban audit --help)");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every record of the ledger against the hash chain. Exit 0 intact, 1 broken, 2 unreadable.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        LedgerOptions ledger = new LedgerOptions();

        @Override
        public Integer call() {
            if (ledger.url == null && !Files.isRegularFile(ledger.dataDir.resolve("ledger.mv.db"))) {
                System.err.println("didban audit verify: no ledger in " + ledger.dataDir);
                return 2;
            }
            try {
                LedgerVerifier.Verdict v = LedgerVerifier.verify(ledger.settings());
                if (v.intact()) {
                    System.out.printf("intact: %d records; last hash %s%n", v.records(), v.lastHash());
                    return 0;
                }
                if (v.stateTampered()) {
                    System.out.printf("BROKEN current state: %s%n", v.reason());
                    System.out.printf("the %d records of the chain are intact; last hash %s%n", v.records(), v.lastHash());
                    return 1;
                }
                System.out.printf("BROKEN at record %d: %s%n", v.firstBroken(), v.reason());
                System.out.printf("records before it are intact; the last good hash is %s%n", v.lastHash());
                return 1;
            } catch (Exception e) {
                System.err.println("didban audit verify: cannot read the ledger: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the ledger records of an election (or a time span) as JSON lines and CSV.")
    static final class Export implements Callable<Integer> {
        @Mixin
        LedgerOptions ledger = new LedgerOptions();

        @Option(names = "--calendar", paramLabel = "FILE", description = "Take the span of an election from this calendar.")
        Path calendar;

        @Option(names = "--election", paramLabel = "ID", description = "Which election of the calendar (needed if it has several).")
        String election;

        @Option(names = "--from", paramLabel = "INSTANT", description = "Start, e.g. 2026-06-18T00:00:00Z.")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "End (exclusive).")
        String to;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write ledger.jsonl and ledger.csv into.")
        Path out;

        @Override
        public Integer call() {
            long start;
            long end;
            try {
                if (calendar != null) {
                    ElectionCalendar cal = new ElectionCalendarReader().read(calendar);
                    java.util.List<Election> chosen = cal.elections().stream()
                            .filter(e -> election == null || e.id().equals(election)).toList();
                    if (chosen.size() != 1) {
                        System.err.println("didban audit export: name one election with --election; the calendar has "
                                + cal.elections().stream().map(Election::id).toList());
                        return 2;
                    }
                    start = chosen.get(0).fromMillis();
                    end = chosen.get(0).toMillis();
                } else {
                    start = from == null ? 0 : Instant.parse(from).toEpochMilli();
                    end = to == null ? Long.MAX_VALUE : Instant.parse(to).toEpochMilli();
                }
            } catch (DateTimeParseException e) {
                System.err.println("didban audit export: --from/--to must be ISO-8601 instants: " + e.getParsedString());
                return 2;
            } catch (Exception e) {
                System.err.println("didban audit export: " + e.getMessage());
                return 2;
            }
            try {
                Files.createDirectories(out);
                LedgerExport.Written w = LedgerExport.export(ledger.settings(), start, end,
                        out.resolve("ledger.jsonl"), out.resolve("ledger.csv"));
                System.out.printf("%d records (%d..%d) written to %s%n", w.records(), w.firstSeq(), w.lastSeq(), out);
                return 0;
            } catch (Exception e) {
                System.err.println("didban audit export: " + e.getMessage());
                return 2;
            }
        }
    }
}
