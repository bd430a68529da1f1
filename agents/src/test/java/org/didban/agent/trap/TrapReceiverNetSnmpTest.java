package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import org.didban.agent.config.SnmpCredentials;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real net-snmp {@code snmptrap} against the receiver on loopback: every version, good and bad credentials. */
class TrapReceiverNetSnmpTest {
    static final String ROUTER = "THR-0001-router";
    static final String UPS = "THR-0001-ups";
    static final String VOTING = "THR-0001-voting";
    static final String ROUTER_IP = "127.0.0.2";
    static final String UPS_IP = "127.0.0.3";
    static final String VOTING_IP = "127.0.0.4";
    static final String STRANGER_IP = "127.0.0.9";
    static final String COMMUNITY = "branch-traps";
    static final String USER = "didban-trap";
    static final String AUTH = "auth-pass-123";
    static final String PRIV = "priv-pass-456";
    static final String UPS_ENGINE = "0x80001f8880aabbccdd01020304";

    @TempDir
    Path dir;

    TrapSink sink;
    TrapReceiver receiver;
    NetSnmpTrap snmptrap;
    String target;

    @BeforeEach
    void start() throws Exception {
        snmptrap = new NetSnmpTrap(dir);
        sink = new TrapSink();
        TrapSettings settings = TrapSettings.builder()
                .listen(InetAddress.getByName("127.0.0.1"), 0)
                .community(ROUTER, InetAddress.getByName(ROUTER_IP), SnmpCredentials.Community.of(COMMUNITY))
                .usm(UPS, InetAddress.getByName(UPS_IP), SnmpCredentials.Usm.of(USER, AUTH, PRIV),
                        TrapSource.parseEngineId(UPS_ENGINE))
                .community(VOTING, InetAddress.getByName(VOTING_IP), SnmpCredentials.Community.of(COMMUNITY))
                .build();
        receiver = TrapReceiver.start(settings, sink.eventConsumer(), sink.untrustedConsumer());
        target = "127.0.0.1:" + receiver.localAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private String[] v3(String... rest) {
        String[] head = {"-v3", "-l", "authPriv", "-u", USER, "-a", "SHA-256", "-A", AUTH, "-x", "AES", "-X", PRIV};
        String[] all = new String[head.length + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    @Test
    void v2cLinkDownWithIfIndexAndName() throws Exception {
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.6.3.1.1.5.3",
                "1.3.6.1.2.1.2.2.1.1.2", "i", "2", "1.3.6.1.2.1.2.2.1.7.2", "i", "1", "1.3.6.1.2.1.2.2.1.8.2", "i", "2",
                "1.3.6.1.2.1.31.1.1.1.1.2", "s", "ge-0/0/1");
        Event e = sink.nextEvent();
        assertThat(e.device()).isEqualTo(ROUTER);
        assertThat(e.type()).isEqualTo(EventTypes.LINK_DOWN);
        assertThat(e.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "2")
                .containsEntry(EventTypes.ATTR_IF_NAME, "ge-0/0/1");
        assertThat(receiver.stats().eventCount(EventTypes.LINK_DOWN)).isEqualTo(1);
        assertThat(receiver.stats().accepted()).isEqualTo(1);
    }

    @Test
    void v1GenericLinkDown() throws Exception {
        // enterprise, agent-addr, generic 2 (linkDown), specific 0, uptime, then the ifIndex varbind
        snmptrap.ok(ROUTER_IP, "-v1", "-c", COMMUNITY, target, "1.3.6.1.4.1.99999.1.1", ROUTER_IP, "2", "0", "",
                "1.3.6.1.2.1.2.2.1.1.7", "i", "7");
        Event e = sink.nextEvent();
        assertThat(e.device()).isEqualTo(ROUTER);
        assertThat(e.type()).isEqualTo(EventTypes.LINK_DOWN);
        assertThat(e.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "7");
    }

    @Test
    void v3AuthPrivTrap() throws Exception {
        snmptrap.ok(UPS_IP, v3("-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"));
        Event e = sink.nextEvent();
        assertThat(e.device()).isEqualTo(UPS);
        assertThat(e.type()).isEqualTo(EventTypes.COLD_START);
        // and a second one: the engine's boots/time are now known
        snmptrap.ok(UPS_IP, v3("-e", UPS_ENGINE, target, "", "1.3.6.1.2.1.33.2.0.1"));
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.UPS_ON_BATTERY);
        assertThat(receiver.stats().untrustedTotal()).isZero();
    }

    @Test
    void v3InformIsAcknowledged() throws Exception {
        // no -e: net-snmp discovers the receiver's engine id; exit 0 only once the response came back
        snmptrap.ok(UPS_IP, v3("-Ci", "-r", "2", "-t", "3", target, "", "1.3.6.1.2.1.33.2.1"));
        Event e = sink.nextEvent();
        assertThat(e.device()).isEqualTo(UPS);
        assertThat(e.type()).isEqualTo(EventTypes.UPS_ON_BATTERY);
        TrapStats s = receiver.stats();
        assertThat(s.informsAcknowledged()).isEqualTo(1);
        assertThat(s.discoveryProbes()).isGreaterThanOrEqualTo(1);
        assertThat(s.untrustedTotal()).isZero();
    }

    @Test
    void v2cInformIsAcknowledged() throws Exception {
        snmptrap.ok(ROUTER_IP, "-Ci", "-r", "2", "-t", "3", "-v2c", "-c", COMMUNITY, target, "",
                "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.2.1.2.2.1.1.3", "i", "3");
        Event e = sink.nextEvent();
        assertThat(e.type()).isEqualTo(EventTypes.LINK_UP);
        assertThat(e.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "3");
        assertThat(receiver.stats().informsAcknowledged()).isEqualTo(1);
    }

    @Test
    void upsOnBatteryInBothForms() throws Exception {
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.2.1.33.2.1");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.UPS_ON_BATTERY);
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.2.1.33.2.0.1");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.UPS_ON_BATTERY);
        // the SNMPv1 form: enterprise upsTraps, specific 1
        snmptrap.ok(ROUTER_IP, "-v1", "-c", COMMUNITY, target, "1.3.6.1.2.1.33.2", ROUTER_IP, "6", "1", "");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.UPS_ON_BATTERY);
        assertThat(receiver.stats().eventCount(EventTypes.UPS_ON_BATTERY)).isEqualTo(3);
    }

    @Test
    void standardAndDidbanNotifications() throws Exception {
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.6.3.1.1.5.2");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.WARM_START);
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.6.3.1.1.5.5");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.AUTHENTICATION_FAILURE);
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.2.1.47.2.0.1");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.ENTITY_CONFIG_CHANGE);

        snmptrap.ok(VOTING_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.4.1.99999.2.0.1",
                "1.3.6.1.4.1.99999.2.1.3.1.1.2.1", "s", "enclosure", "1.3.6.1.4.1.99999.2.1.3.1.1.3.1", "i", "2");
        Event tamper = sink.nextEvent();
        assertThat(tamper.device()).isEqualTo(VOTING);
        assertThat(tamper.type()).isEqualTo(EventTypes.TAMPER);
        assertThat(tamper.attributes()).containsEntry(EventTypes.ATTR_INPUT, "enclosure")
                .containsEntry(EventTypes.ATTR_STATE, "triggered");
        snmptrap.ok(VOTING_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.4.1.99999.2.0.3",
                "1.3.6.1.4.1.99999.2.1.5.2.0", "s", "operator7", "1.3.6.1.4.1.99999.2.1.5.3.0", "s", "");
        Event login = sink.nextEvent();
        assertThat(login.type()).isEqualTo(EventTypes.ADMIN_LOGIN);
        assertThat(login.attributes()).containsEntry(EventTypes.ATTR_USER, "operator7")
                .containsEntry(EventTypes.ATTR_TICKET, "");
        snmptrap.ok(VOTING_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.4.1.99999.2.0.4",
                "1.3.6.1.4.1.99999.2.1.5.5.0", "i", "1", "1.3.6.1.4.1.99999.2.1.5.6.0", "x", "C6336407",
                "1.3.6.1.4.1.99999.2.1.5.7.0", "u", "443");
        Event flow = sink.nextEvent();
        assertThat(flow.type()).isEqualTo(EventTypes.FLOW_DENIED);
        assertThat(flow.attributes()).containsEntry(EventTypes.ATTR_DESTINATION, "198.51.100.7")
                .containsEntry(EventTypes.ATTR_PORT, "443");
        snmptrap.ok(VOTING_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.4.1.99999.2.0.2",
                "1.3.6.1.4.1.99999.2.1.4.1.0", "u", "1200", "1.3.6.1.4.1.99999.2.1.4.4.0", "u", "1187");
        Event chain = sink.nextEvent();
        assertThat(chain.type()).isEqualTo(EventTypes.LOG_CHAIN_BROKEN);
        assertThat(chain.attributes()).containsEntry(EventTypes.ATTR_SEQUENCE, "1187")
                .containsEntry(EventTypes.ATTR_REASON, "chain_broken");

        // a vendor trap from a trusted device: counted, no event
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.4.1.9.9.41.2.0.1");
        // then a marker: the worker is in order, so once it arrives the vendor trap was handled
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.6.3.1.1.5.1");
        assertThat(sink.nextEvent().type()).isEqualTo(EventTypes.COLD_START);
        assertThat(receiver.stats().unmapped()).isEqualTo(1);
    }

    @Test
    void wrongCommunityIsUntrusted() throws Exception {
        snmptrap.ok(ROUTER_IP, "-v2c", "-c", "public", target, "", "1.3.6.1.6.3.1.1.5.3",
                "1.3.6.1.2.1.2.2.1.1.2", "i", "2");
        UntrustedTrap t = sink.nextUntrusted();
        assertThat(t.reason()).isEqualTo(UntrustedTrap.Reason.WRONG_COMMUNITY);
        assertThat(t.device()).isEqualTo(ROUTER);
        assertThat(t.source().getAddress().getHostAddress()).isEqualTo(ROUTER_IP);
        assertThat(t.securityName()).isNull(); // never the community
        snmptrap.ok(ROUTER_IP, "-v1", "-c", "public", target, "1.3.6.1.4.1.99999.1.1", ROUTER_IP, "2", "0", "");
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.WRONG_COMMUNITY);
        assertThat(sink.events).isEmpty();
        assertThat(receiver.stats().untrusted(UntrustedTrap.Reason.WRONG_COMMUNITY)).isEqualTo(2);
        assertThat(receiver.stats().accepted()).isZero();
    }

    @Test
    void unknownSourceIsUntrusted() throws Exception {
        // the right community, from an address no device has
        snmptrap.ok(STRANGER_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.6.3.1.1.5.3",
                "1.3.6.1.2.1.2.2.1.1.2", "i", "2");
        UntrustedTrap t = sink.nextUntrusted();
        assertThat(t.reason()).isEqualTo(UntrustedTrap.Reason.UNKNOWN_SOURCE);
        assertThat(t.device()).isNull();
        assertThat(t.source().getAddress().getHostAddress()).isEqualTo(STRANGER_IP);
        // v3 with the right credentials from the wrong address is no better
        snmptrap.ok(STRANGER_IP, v3("-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"));
        UntrustedTrap v3 = sink.nextUntrusted();
        assertThat(v3.reason()).isEqualTo(UntrustedTrap.Reason.UNKNOWN_SOURCE);
        assertThat(v3.securityName()).isEqualTo(USER);
        assertThat(sink.events).isEmpty();
        assertThat(receiver.stats().untrusted(UntrustedTrap.Reason.UNKNOWN_SOURCE)).isEqualTo(2);
    }

    @Test
    void wrongV3CredentialsAreUntrusted() throws Exception {
        String[] wrongAuth = {"-v3", "-l", "authPriv", "-u", USER, "-a", "SHA-256", "-A", "not-the-auth-pass", "-x", "AES",
            "-X", PRIV, "-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"};
        snmptrap.ok(UPS_IP, wrongAuth);
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.WRONG_DIGEST);

        String[] wrongPriv = {"-v3", "-l", "authPriv", "-u", USER, "-a", "SHA-256", "-A", AUTH, "-x", "AES",
            "-X", "not-the-priv-pass", "-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"};
        snmptrap.ok(UPS_IP, wrongPriv);
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.DECRYPTION_ERROR);

        snmptrap.ok(UPS_IP, v3("-e", "0x80001f8880ffffffff01020304", target, "", "1.3.6.1.6.3.1.1.5.1"));
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.UNKNOWN_ENGINE_ID);

        String[] otherUser = {"-v3", "-l", "authPriv", "-u", "guess", "-a", "SHA-256", "-A", AUTH, "-x", "AES",
            "-X", PRIV, "-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"};
        snmptrap.ok(UPS_IP, otherUser);
        UntrustedTrap unknownUser = sink.nextUntrusted();
        assertThat(unknownUser.reason()).isEqualTo(UntrustedTrap.Reason.UNKNOWN_USER);
        assertThat(unknownUser.securityName()).isEqualTo("guess");

        String[] authNoPriv = {"-v3", "-l", "authNoPriv", "-u", USER, "-a", "SHA-256", "-A", AUTH,
            "-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"};
        snmptrap.ok(UPS_IP, authNoPriv);
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.INSUFFICIENT_SECURITY);

        // v2c from a device configured for v3
        snmptrap.ok(UPS_IP, "-v2c", "-c", COMMUNITY, target, "", "1.3.6.1.6.3.1.1.5.1");
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.UNEXPECTED_VERSION);

        // a wrong passphrase on an inform: refused, never acknowledged (snmptrap gives up)
        String[] wrongInform = {"-Ci", "-r", "0", "-t", "1", "-v3", "-l", "authPriv", "-u", USER, "-a", "SHA-256",
            "-A", "not-the-auth-pass", "-x", "AES", "-X", PRIV, target, "", "1.3.6.1.6.3.1.1.5.1"};
        NetSnmpTrap.Result r = snmptrap.run(UPS_IP, wrongInform);
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.WRONG_DIGEST);

        assertThat(sink.events).isEmpty();
        TrapStats s = receiver.stats();
        assertThat(s.accepted()).isZero();
        assertThat(s.informsAcknowledged()).isZero();
        assertThat(s.untrusted(UntrustedTrap.Reason.WRONG_DIGEST)).isEqualTo(2);
        assertThat(s.untrusted(UntrustedTrap.Reason.DECRYPTION_ERROR)).isEqualTo(1);
        assertThat(s.untrusted(UntrustedTrap.Reason.UNKNOWN_ENGINE_ID)).isEqualTo(1);
        assertThat(s.untrusted(UntrustedTrap.Reason.UNKNOWN_USER)).isEqualTo(1);
        assertThat(s.untrusted(UntrustedTrap.Reason.INSUFFICIENT_SECURITY)).isEqualTo(1);
        assertThat(s.untrusted(UntrustedTrap.Reason.UNEXPECTED_VERSION)).isEqualTo(1);

        // and the right credentials still work afterwards
        snmptrap.ok(UPS_IP, v3("-e", UPS_ENGINE, target, "", "1.3.6.1.6.3.1.1.5.1"));
        assertThat(sink.nextEvent().device()).isEqualTo(UPS);
    }
}
