package org.didban.collector.people;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.County;
import org.didban.model.Inventory;

/**
 * People for the demo and tests, with freshly minted tokens: one of each national role, the
 * officer of the first province and the IT of the first two counties of the inventory (so that
 * scoping can be seen: each county sees only its own alerts).
 *
 * @param tokens each person's name and bearer token, in the order of {@link People#accounts()}
 */
public record DemoPeople(People people, Map<String, String> tokens) {
    public DemoPeople {
        tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
    }

    public static DemoPeople of(Inventory inventory) {
        List<Account> accounts = new ArrayList<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        add(accounts, tokens, new Person("hq-demo", Role.HQ, ""));
        add(accounts, tokens, new Person("admin-demo", Role.ADMIN, ""));
        add(accounts, tokens, new Person("planner-demo", Role.PLANNER, ""));
        if (!inventory.provinces().isEmpty()) {
            String p = inventory.provinces().iterator().next().code();
            add(accounts, tokens, new Person("province-" + p, Role.PROVINCE, p));
        }
        Iterator<County> counties = inventory.counties().iterator();
        for (int i = 0; i < 2 && counties.hasNext(); i++) {
            String c = counties.next().code();
            add(accounts, tokens, new Person("county-" + c, Role.COUNTY, c));
        }
        return new DemoPeople(People.of(accounts), tokens);
    }

    private static void add(List<Account> accounts, Map<String, String> tokens, Person person) {
        PersonToken t = PersonToken.mint();
        accounts.add(new Account(person, t.sha256(), false));
        tokens.put(person.name(), t.token());
    }

    /** The token of the person of this name; throws if there is none. */
    public String token(String name) {
        String t = tokens.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no demo person " + name + "; there are " + tokens.keySet());
        }
        return t;
    }

    /** Lines for the demo banner: role, area, name and token of each person. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Account a : people.accounts()) {
            Person p = a.person();
            out.add(String.format("%-8s %-10s %-16s %s", p.role().wireName(), p.area().isEmpty() ? "-" : p.area(),
                    p.name(), tokens.get(p.name())));
        }
        return out;
    }
}
