package org.didban.collector;

import java.util.List;
import org.didban.collector.people.Account;
import org.didban.collector.people.PasswordHash;
import org.didban.collector.people.People;
import org.didban.collector.people.Person;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;

/**
 * The people of the test fleet: HQ, a planner, and IT for two counties and one province, each
 * with a bearer token and a console password.
 */
public final class TestPeople {
    public static final String HQ = "hq-token-0123456789abcdef";
    public static final String PLANNER = "planner-token-0123456789ab";
    /** County IT of Tehran (THR-01). */
    public static final String TEHRAN_IT = "tehran-it-token-0123456789";
    /** County IT of Rey (THR-02), the other county of the same province. */
    public static final String REY_IT = "rey-it-token-0123456789abc";
    /** The officer of Isfahan province (ISF). */
    public static final String ISFAHAN_OFFICER = "isfahan-officer-token-0123";

    /** Console passwords, by the name each person signs in with ("hq", "planner", …). */
    public static final String HQ_PASSWORD = "hq-password-0123";
    public static final String PLANNER_PASSWORD = "planner-password-0123";
    public static final String TEHRAN_IT_PASSWORD = "tehran-it-password-0123";
    public static final String REY_IT_PASSWORD = "rey-it-password-0123";
    public static final String ISFAHAN_OFFICER_PASSWORD = "isfahan-officer-password-0123";

    /** Hashed once for the whole run, at the lowest cost accepted: each hash is slow by design. */
    private static final List<Account> ACCOUNTS = List.of(
            account("hq", Role.HQ, "", HQ, HQ_PASSWORD),
            account("planner", Role.PLANNER, "", PLANNER, PLANNER_PASSWORD),
            account("tehran-it", Role.COUNTY, "THR-01", TEHRAN_IT, TEHRAN_IT_PASSWORD),
            account("rey-it", Role.COUNTY, "THR-02", REY_IT, REY_IT_PASSWORD),
            account("isfahan-officer", Role.PROVINCE, "ISF", ISFAHAN_OFFICER, ISFAHAN_OFFICER_PASSWORD));

    private TestPeople() {
    }

    public static People all() {
        return People.of(ACCOUNTS);
    }

    /** The accounts of {@link #all()}, for a test that adds people of its own. */
    public static List<Account> accounts() {
        return ACCOUNTS;
    }

    private static Account account(String name, Role role, String area, String token, String password) {
        return new Account(new Person(name, role, area), PersonToken.sha256Hex(token),
                PasswordHash.hash(password, PasswordHash.MIN_COST), false);
    }
}
