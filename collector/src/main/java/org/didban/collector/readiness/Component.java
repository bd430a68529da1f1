package org.didban.collector.readiness;

import java.util.Locale;

/**
 * The parts of the weighted readiness score, out of 100 (RULES-CATALOGUE.md): connectivity 30
 * (fiber in range 15, backup proven 10, coverage 5), devices 30, power 10, physical security 15,
 * people and process 15. docs/READINESS.md gives how each is scored.
 */
public enum Component {
    FIBER("connectivity", 15, "Fiber (primary path) in range", "فیبر (مسیر اصلی) در محدودهٔ مجاز"),
    BACKUP("connectivity", 10, "Backup path proven", "مسیر پشتیبان آزموده"),
    COVERAGE("connectivity", 5, "Cellular coverage", "پوشش شبکهٔ سلولی"),
    DEVICES("devices", 30, "Devices", "دستگاه‌ها"),
    POWER("power", 10, "Power", "برق"),
    PHYSICAL("physical_security", 15, "Physical security", "امنیت فیزیکی"),
    PEOPLE("people_and_process", 15, "People and process", "نیروی انسانی و فرایند");

    private final String group;
    private final int max;
    private final String titleEn;
    private final String titleFa;

    Component(String group, int max, String titleEn, String titleFa) {
        this.group = group;
        this.max = max;
        this.titleEn = titleEn;
        this.titleFa = titleFa;
    }

    /** The catalogue's heading it counts under: connectivity, devices, power, physical_security, people_and_process. */
    public String group() {
        return group;
    }

    public int max() {
        return max;
    }

    public String titleEn() {
        return titleEn;
    }

    public String titleFa() {
        return titleFa;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
