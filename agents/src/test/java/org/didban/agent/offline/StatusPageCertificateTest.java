package org.didban.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An enrolled agent's status page shows when its certificate expires; a token-mode one shows nothing of it. */
class StatusPageCertificateTest {
    private static final SiteStatus STATUS = new SiteStatus("THR-0001-a", "THR-0001", 0, SiteStatus.Link.UNKNOWN, 0,
            List.of(), List.of(), 0, 0, 0);

    @Test
    void theCertificateExpiryIsShownWhenThereIsOne() {
        Instant soon = Instant.now().plus(Duration.ofDays(12)).plusSeconds(3600);
        assertThat(StatusPage.html(STATUS, soon)).contains("id=\"certificate\"").contains(soon.toString())
                .contains("(12 days)").contains("class=\"down\"");
        assertThat(StatusPage.json(STATUS, soon)).contains("\"not_after\" : \"" + soon + "\"").contains("\"days_left\" : 12");
        assertThat(StatusPage.html(STATUS, null)).doesNotContain("id=\"certificate\"");
        assertThat(StatusPage.json(STATUS)).doesNotContain("certificate");
    }
}
