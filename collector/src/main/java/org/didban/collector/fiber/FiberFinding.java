package org.didban.collector.fiber;

import java.util.Locale;

/**
 * Something about a branch's fiber that a planner should look at: the inventory (the paper) and
 * what the branch's own router or modem reports disagree, or the rollout is late. See
 * docs/FIBER.md for when each is raised.
 */
public enum FiberFinding {
    /** Connected on paper, but the active uplink is cellular or copper. */
    CONNECTED_NOT_ON_FIBER("Connected on paper but not running on fiber",
            "در سیاهه متصل به فیبر، ولی در عمل روی مسیر دیگری"),
    /** None or planned on paper, but the branch runs on fiber: the inventory is out of date. */
    FIBER_NOT_ON_PAPER("Running on fiber but not connected on paper (inventory out of date)",
            "فیبر فعال است ولی در سیاهه ثبت نشده"),
    /** No fiber in place and the deadline that applies has passed. */
    PAST_DEADLINE("No fiber and past the deadline", "بدون فیبر و گذشته از مهلت"),
    /** Planned, but for a date after the deadline that applies. */
    PLANNED_AFTER_DEADLINE("Planned for after the deadline", "تاریخ برنامه‌ریزی‌شده پس از مهلت"),
    /** Planned for a date that has passed, and still no fiber. */
    PLAN_DATE_PASSED("Planned date passed and still no fiber", "تاریخ برنامه گذشته و هنوز بدون فیبر");

    private final String titleEn;
    private final String titleFa;

    FiberFinding(String titleEn, String titleFa) {
        this.titleEn = titleEn;
        this.titleFa = titleFa;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String titleEn() {
        return titleEn;
    }

    public String titleFa() {
        return titleFa;
    }

    /** @throws IllegalArgumentException naming the known findings */
    public static FiberFinding parse(String text) {
        for (FiberFinding f : values()) {
            if (f.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        StringBuilder known = new StringBuilder();
        for (FiberFinding f : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(f.wireName());
        }
        throw new IllegalArgumentException("unknown finding '" + text + "'; known: " + known);
    }
}
