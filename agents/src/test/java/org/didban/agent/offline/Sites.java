package org.didban.agent.offline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.model.DeviceRole;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;

/** A small branch for the offline tests, with secrets that must never be shown. */
final class Sites {
    static final String TOKEN = "tok-SECRET-4711";
    static final String AUTH = "auth-SECRET-pass";
    static final String PRIV = "priv-SECRET-pass";
    static final String COMMUNITY = "community-SECRET";
    static final String ROUTER = "KRN-0301-router";
    static final String UPS = "KRN-0301-ups";
    static final String VOTING = "KRN-0301-voting";
    static final Labels IF1 = Labels.of(Metrics.LABEL_IF_INDEX, "1", Metrics.LABEL_IF_NAME, "ge0");

    private Sites() {
    }

    static SiteConfig config() {
        return config(ROUTER);
    }

    static SiteConfig config(String routerId) {
        SnmpCredentials usm = SnmpCredentials.Usm.of("didban", AUTH, PRIV);
        return new SiteConfig("KRN-0301-a", "KRN-0301", URI.create("http://127.0.0.1:9/"), Secret.of(TOKEN),
                Duration.ofSeconds(10), List.of(
                        DeviceConfig.of(routerId, DeviceRole.ROUTER, "127.0.0.1", 16101, usm),
                        DeviceConfig.of(UPS, DeviceRole.UPS, "127.0.0.1", 16102, SnmpCredentials.Community.of(COMMUNITY)),
                        DeviceConfig.of(VOTING, DeviceRole.VOTING_DEVICE, "127.0.0.1", 16103, usm)));
    }

    static Sample sample(String device, String metric, Labels labels, double value, long at) {
        return new Sample(device, metric, labels, value, at);
    }

    /** One healthy poll round of the branch. */
    static List<Sample> healthy(long at) {
        return List.of(
                sample(ROUTER, Metrics.DEVICE_UP, Labels.EMPTY, 1, at),
                sample(ROUTER, Metrics.IF_ADMIN_STATUS, IF1, 1, at),
                sample(ROUTER, Metrics.IF_OPER_STATUS, IF1, 1, at),
                sample(UPS, Metrics.DEVICE_UP, Labels.EMPTY, 1, at),
                sample(UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 3, at),
                sample(VOTING, Metrics.DEVICE_UP, Labels.EMPTY, 1, at));
    }

    /** The fiber is cut, the mains are out and the voting device stopped answering. */
    static List<Sample> troubled(long at) {
        return List.of(
                sample(ROUTER, Metrics.DEVICE_UP, Labels.EMPTY, 1, at),
                sample(ROUTER, Metrics.IF_ADMIN_STATUS, IF1, 1, at),
                sample(ROUTER, Metrics.IF_OPER_STATUS, IF1, 2, at),
                sample(UPS, Metrics.DEVICE_UP, Labels.EMPTY, 1, at),
                sample(UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 5, at),
                sample(VOTING, Metrics.DEVICE_UP, Labels.EMPTY, 0, at));
    }
}
