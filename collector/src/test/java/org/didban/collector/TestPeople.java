package org.didban.collector;

import org.didban.collector.people.Account;
import org.didban.collector.people.People;
import org.didban.collector.people.Person;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;

/** The people of the test fleet: HQ, a planner, and IT for two counties and one province. */
public final class TestPeople {
    public static final String HQ = "hq-token-0123456789abcdef";
    public static final String PLANNER = "planner-token-0123456789ab";
    /** County IT of Tehran (THR-01). */
    public static final String TEHRAN_IT = "tehran-it-token-0123456789";
    /** County IT of Rey (THR-02), the other county of the same province. */
    public static final String REY_IT = "rey-it-token-0123456789abc";
    /** The officer of Isfahan province (ISF). */
    public static final String ISFAHAN_OFFICER = "isfahan-officer-token-0123";

    private TestPeople() {
    }

    public static People all() {
        return People.of(
                account("hq", Role.HQ, "", HQ),
                account("planner", Role.PLANNER, "", PLANNER),
                account("tehran-it", Role.COUNTY, "THR-01", TEHRAN_IT),
                account("rey-it", Role.COUNTY, "THR-02", REY_IT),
                account("isfahan-officer", Role.PROVINCE, "ISF", ISFAHAN_OFFICER));
    }

    private static Account account(String name, Role role, String area, String token) {
        return new Account(new Person(name, role, area), PersonToken.sha256Hex(token), false);
    }
}
