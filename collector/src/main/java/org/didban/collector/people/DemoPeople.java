package org.didban.collector.people;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.County;
import org.didban.model.Inventory;

/**
 * People for the demo and tests, with freshly minted tokens and console passwords: one of each
 * national role, the officer of the first province and the IT of the first two counties of the
 * inventory (so that scoping can be seen: each county sees only its own alerts).
 *
 * @param tokens    each person's name and bearer token, in the order of {@link People#accounts()}
 * @param passwords each person's name and console password, in the same order
 */
public record DemoPeople(People people, Map<String, String> tokens, Map<String, String> passwords) {
    /** The demo starts in a second or so; a real people file uses {@link PasswordHash#DEFAULT_COST}. */
    static final int DEMO_COST = PasswordHash.MIN_COST;
    private static final int PASSWORD_CHARS = 16;
    /** No look-alikes (0/O, 1/l/I), so that a password read off the banner is typed right. */
    private static final String PASSWORD_LETTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public DemoPeople {
        tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    }

    /** Blocking: hashes each password (about 0.1 s each); call it off the event loop. */
    public static DemoPeople of(Inventory inventory) {
        List<Account> accounts = new ArrayList<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, String> passwords = new LinkedHashMap<>();
        List<Person> persons = new ArrayList<>();
        persons.add(new Person("hq-demo", Role.HQ, ""));
        persons.add(new Person("admin-demo", Role.ADMIN, ""));
        persons.add(new Person("planner-demo", Role.PLANNER, ""));
        if (!inventory.provinces().isEmpty()) {
            String p = inventory.provinces().iterator().next().code();
            persons.add(new Person("province-" + p, Role.PROVINCE, p));
        }
        Iterator<County> counties = inventory.counties().iterator();
        for (int i = 0; i < 2 && counties.hasNext(); i++) {
            String c = counties.next().code();
            persons.add(new Person("county-" + c, Role.COUNTY, c));
        }
        List<String> plain = persons.stream().map(p -> password()).toList();
        // side by side: each hash is slow on purpose
        List<String> hashes = plain.parallelStream().map(p -> PasswordHash.hash(p, DEMO_COST)).toList();
        for (int i = 0; i < persons.size(); i++) {
            Person person = persons.get(i);
            PersonToken t = PersonToken.mint();
            accounts.add(new Account(person, t.sha256(), hashes.get(i), false));
            tokens.put(person.name(), t.token());
            passwords.put(person.name(), plain.get(i));
        }
        return new DemoPeople(People.of(accounts), tokens, passwords);
    }

    private static String password() {
        StringBuilder out = new StringBuilder(PASSWORD_CHARS);
        for (int i = 0; i < PASSWORD_CHARS; i++) {
            out.append(PASSWORD_LETTERS.charAt(RANDOM.nextInt(PASSWORD_LETTERS.length())));
        }
        return out.toString();
    }

    /** The token of the person of this name; throws if there is none. */
    public String token(String name) {
        String t = tokens.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no demo person " + name + "; there are " + tokens.keySet());
        }
        return t;
    }

    /** The console password of the person of this name; throws if there is none. */
    public String password(String name) {
        String p = passwords.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no demo person " + name + "; there are " + passwords.keySet());
        }
        return p;
    }

    /** Lines for the demo banner: role, area, name, token and console password of each person. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Account a : people.accounts()) {
            Person p = a.person();
            out.add(String.format("%-8s %-10s %-16s %s  password %s", p.role().wireName(),
                    p.area().isEmpty() ? "-" : p.area(), p.name(), tokens.get(p.name()), passwords.get(p.name())));
        }
        return out;
    }
}
