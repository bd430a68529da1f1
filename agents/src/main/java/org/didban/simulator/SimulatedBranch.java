package org.didban.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.model.DeviceRole;

/** The simulated devices of one branch, and the agent configuration that polls them. */
public record SimulatedBranch(String code, List<SimulatedDevice> devices) {
    public SimulatedBranch {
        devices = List.copyOf(devices);
    }

    public SimulatedDevice router() {
        return byRole(DeviceRole.ROUTER);
    }

    public SimulatedDevice switchDevice() {
        return byRole(DeviceRole.SWITCH);
    }

    public SimulatedDevice ups() {
        return byRole(DeviceRole.UPS);
    }

    public SimulatedDevice authDevice() {
        return byRole(DeviceRole.AUTH_DEVICE);
    }

    public SimulatedDevice votingDevice() {
        return byRole(DeviceRole.VOTING_DEVICE);
    }

    public SimulatedDevice byRole(DeviceRole role) {
        return devices.stream().filter(d -> d.role() == role).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("branch " + code + " has no " + role.wireName()));
    }

    public List<DeviceConfig> deviceConfigs() {
        return devices.stream().map(SimulatedDevice::deviceConfig).toList();
    }

    /** A site agent configuration for this branch's devices. */
    public SiteConfig siteConfig(String agentId, URI collector, Secret token, Duration pollInterval) {
        return new SiteConfig(agentId, code, collector, token, pollInterval, deviceConfigs());
    }
}
