package org.didban.collector.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A rule file like the catalogue's NET-01 and DEV-01, with timings short enough for a test. */
public final class FastRules {
    private FastRules() {
    }

    /**
     * NET-01 holds for {@code forTiming} before firing. Tests that look at the pending state in
     * between give it a second, so a slow machine does not turn their check into a race.
     */
    public static Path write(Path dir, String forTiming, boolean withAbsence) throws IOException {
        String yaml = """
                rules:
                  - id: NET-01
                    title:
                      en: Uplink down
                      fa: قطع لینک ارتباطی شعبه
                    category: network
                    roles: [router, modem, firewall]
                    metric: if_oper_status
                    condition: value == 2.0 && has(now.if_admin_status) && now.if_admin_status == 1.0
                    for: %s
                    severity: high
                """.formatted(forTiming) + (withAbsence ? """
                  - id: DEV-01
                    title:
                      en: Device or agent silent
                      fa: عدم پاسخ دستگاه یا عامل
                    category: device
                    roles: [voting-device]
                    metric: device_up
                    condition: value == 0.0
                    for: 300ms
                    absent: 500ms
                    severity: high
                """ : "");
        return Files.writeString(dir.resolve("fast-rules.yaml"), yaml, StandardCharsets.UTF_8);
    }
}
