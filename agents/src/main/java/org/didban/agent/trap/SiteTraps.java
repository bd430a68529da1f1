package org.didban.agent.trap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;

/**
 * Trap settings for a site from its configuration: every device is a trusted source at its
 * polling address with its polling credentials. SNMPv3 devices are trusted for informs (which use
 * the receiver's engine id) and, when the site file gives their {@code trap-engine-id}, for their
 * v3 traps too.
 */
public final class SiteTraps {
    private SiteTraps() {
    }

    public static TrapSettings forSite(SiteConfig config, InetSocketAddress listen) throws UnknownHostException {
        TrapSettings.Builder b = TrapSettings.builder().listen(listen);
        Set<InetAddress> seen = new HashSet<>();
        for (DeviceConfig d : config.devices()) {
            InetAddress address = InetAddress.getByName(d.host());
            if (!seen.add(address)) {
                // Two devices behind one address cannot be told apart by a trap's source: trust neither more.
                continue;
            }
            if (d.credentials() instanceof SnmpCredentials.Community c) {
                b.community(d.id(), address, c);
            } else if (d.credentials() instanceof SnmpCredentials.Usm u) {
                String engine = d.options() == null ? null : d.options().trapEngineId();
                b.usm(d.id(), address, u, engine == null ? null : TrapSource.parseEngineId(engine));
            }
        }
        return b.build();
    }
}
