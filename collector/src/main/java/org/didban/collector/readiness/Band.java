package org.didban.collector.readiness;

import java.util.Locale;

/**
 * Green at 90 or more with every gate passed, amber from 75, red below 75 or with any gate failed;
 * a sensitive branch needs 10 more for each band (RULES-CATALOGUE.md). A gate that is unknown
 * keeps a branch out of green (amber at best).
 */
public enum Band {
    GREEN("سبز"), AMBER("زرد"), RED("قرمز");

    public static final int GREEN_FROM = 90;
    public static final int AMBER_FROM = 75;
    public static final int SENSITIVE_EXTRA = 10;

    private final String titleFa;

    Band(String titleFa) {
        this.titleFa = titleFa;
    }

    public String titleFa() {
        return titleFa;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The lowest score of green for such a branch. */
    public static int greenFrom(boolean sensitive) {
        return GREEN_FROM + (sensitive ? SENSITIVE_EXTRA : 0);
    }

    /** The lowest score of amber for such a branch. */
    public static int amberFrom(boolean sensitive) {
        return AMBER_FROM + (sensitive ? SENSITIVE_EXTRA : 0);
    }

    /**
     * @param anyFailed  some gate failed
     * @param allPassed  every gate passed (none failed, none unknown)
     */
    public static Band of(int score, boolean sensitive, boolean anyFailed, boolean allPassed) {
        if (anyFailed || score < amberFrom(sensitive)) {
            return RED;
        }
        return allPassed && score >= greenFrom(sensitive) ? GREEN : AMBER;
    }
}
