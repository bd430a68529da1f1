package org.didban.collector.readiness;

import java.util.Locale;

/**
 * The four conditions a branch must meet before it counts as ready (RULES-CATALOGUE.md, "Branch
 * readiness"): any failed makes it NOT READY and red, whatever its score. docs/READINESS.md says
 * which inventory facts, metrics and alerts decide each.
 */
public enum Gate {
    /** Devices registered and configuration hash confirmed. */
    DEVICES("Devices registered and configuration confirmed", "ثبت دستگاه‌ها و تأیید پیکربندی"),
    /** Primary uplink verified within 72 h. */
    UPLINK("Primary uplink verified within 72 h", "تأیید لینک اصلی در ۷۲ ساعت گذشته"),
    /** UPS present and lasting until close. */
    POWER("UPS present and lasting until close", "وجود یو‌پی‌اس و دوام تا پایان رأی‌گیری"),
    /** A sensitive branch has at least two live cameras. */
    CAMERAS("Sensitive branch has two live cameras", "دست‌کم دو دوربین فعال در شعبهٔ حساس");

    private final String titleEn;
    private final String titleFa;

    Gate(String titleEn, String titleFa) {
        this.titleEn = titleEn;
        this.titleFa = titleFa;
    }

    public String titleEn() {
        return titleEn;
    }

    public String titleFa() {
        return titleFa;
    }

    /** The name used in JSON and metric labels: {@code devices}, {@code uplink}, {@code power}, {@code cameras}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
