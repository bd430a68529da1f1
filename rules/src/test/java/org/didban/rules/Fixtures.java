package org.didban.rules;

import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Province;
import org.didban.model.Sample;

/** A small inventory: one ordinary and one sensitive branch in Tehran, each with router and UPS. */
final class Fixtures {
    static final String PLAIN = "THR-0001";
    static final String SENSITIVE = "THR-0002";

    private Fixtures() {
    }

    static Inventory inventory() {
        Inventory.Builder b = Inventory.builder()
                .province(new Province("THR", "تهران", "Tehran"))
                .county(new County("THR-01", "THR", "شمیرانات", "Shemiranat"))
                .branch(branch(PLAIN, false))
                .branch(branch(SENSITIVE, true));
        for (String code : new String[] {PLAIN, SENSITIVE}) {
            b.device(new Device(code + "-router", code, DeviceRole.ROUTER, "127.0.0.1:16100", "v3"));
            b.device(new Device(code + "-ups", code, DeviceRole.UPS, "127.0.0.1:16101", "v3"));
        }
        return b.build();
    }

    private static Branch branch(String code, boolean sensitive) {
        return new Branch(code, "THR-01", "THR", "شعبه " + code, "Branch " + code, false, sensitive,
                sensitive ? "border district" : "", null, FiberStatus.CONNECTED, null, 2, "");
    }

    static Sample ifSample(String device, String metric, double value, long at) {
        return new Sample(device, metric, Labels.of("if_index", "1", "if_name", "wan0"), value, at);
    }

    static Sample sample(String device, String metric, double value, long at) {
        return new Sample(device, metric, Labels.EMPTY, value, at);
    }
}
