package org.didban.collector.people;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the API, found by the bearer token they present or, in the console, by the name
 * they sign in with. Immutable: a new people file makes a new directory. Only hashes are held.
 */
public final class People {
    /** Longer "tokens" are refused unhashed; a minted one has 43 characters. */
    public static final int MAX_TOKEN_CHARS = 512;
    private static final People EMPTY = new People(Map.of(), Map.of());

    private final Map<String, Account> byName;
    private final Map<String, Account> byTokenHash;
    /** By {@link #signInKey}; a key two people share is left out, so that neither is taken for the other. */
    private final Map<String, Account> bySignInKey;

    private People(Map<String, Account> byName, Map<String, Account> byTokenHash) {
        this.byName = byName;
        this.byTokenHash = byTokenHash;
        Map<String, Account> keys = new HashMap<>();
        java.util.Set<String> shared = new java.util.HashSet<>();
        for (Account a : byName.values()) {
            String key = signInKey(a.name());
            if (keys.putIfAbsent(key, a) != null) {
                shared.add(key);
            }
        }
        keys.keySet().removeAll(shared);
        this.bySignInKey = Map.copyOf(keys);
    }

    /**
     * Refuses two accounts with one name (names are what the audit log records; compared
     * ignoring case) or two sharing a token (who made a change could not be told).
     */
    public static People of(Collection<Account> accounts) {
        Map<String, Account> byName = new LinkedHashMap<>();
        Map<String, Account> lowerNames = new HashMap<>();
        Map<String, Account> byHash = new HashMap<>();
        for (Account a : accounts) {
            Account sameName = lowerNames.putIfAbsent(a.name().toLowerCase(Locale.ROOT), a);
            if (sameName != null) {
                throw new IllegalArgumentException("two people named " + sameName.name() + " and " + a.name());
            }
            byName.put(a.name(), a);
            if (a.tokenSha256() == null) {
                continue; // signs in to the console only
            }
            Account sameToken = byHash.putIfAbsent(a.tokenSha256(), a);
            if (sameToken != null) {
                throw new IllegalArgumentException(sameToken.name() + " and " + a.name() + " share a token");
            }
        }
        return new People(Collections.unmodifiableMap(byName), Map.copyOf(byHash));
    }

    public static People of(Account... accounts) {
        return of(List.of(accounts));
    }

    /** Nobody: every request is refused. */
    public static People empty() {
        return EMPTY;
    }

    /** The enabled person whose token this is; empty for no, an unknown or a disabled token. */
    public Optional<Person> authenticate(String token) {
        return find(token).filter(a -> !a.disabled()).map(Account::person);
    }

    /**
     * The account this token belongs to, disabled or not. Looked up by the token's hash (timing
     * on a hash lookup reveals nothing usable about the token), then confirmed in constant time.
     */
    public Optional<Account> find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] digest = PersonToken.sha256(token);
        Account account = byTokenHash.get(HexFormat.of().formatHex(digest));
        if (account == null || !MessageDigest.isEqual(HexFormat.of().parseHex(account.tokenSha256()), digest)) {
            return Optional.empty();
        }
        return Optional.of(account);
    }

    /** The account of this name, exactly as written in the file. */
    public Optional<Account> account(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The account a person signing in to the console means by {@code typed}: the name exactly as
     * written in the file, else the one name that matches it ignoring case, Unicode form and the
     * Arabic forms of yeh and kaf (which Arabic keyboard layouts type for Persian ی and ک).
     */
    public Optional<Account> forSignIn(String typed) {
        if (typed == null || typed.isEmpty() || typed.length() > PeopleFileReader.MAX_NAME_CHARS) {
            return Optional.empty();
        }
        Account exact = byName.get(typed);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(bySignInKey.get(signInKey(typed)));
    }

    /** What two spellings of one name have in common. */
    public static String signInKey(String name) {
        String n = java.text.Normalizer.normalize(name.strip(), java.text.Normalizer.Form.NFKC);
        n = n.replace('\u064A', '\u06CC').replace('\u0649', '\u06CC').replace('\u0643', '\u06A9');
        return n.toLowerCase(Locale.ROOT);
    }

    /** In file order. */
    public Collection<Account> accounts() {
        return byName.values();
    }

    public int size() {
        return byName.size();
    }

    public long enabled() {
        return byName.values().stream().filter(a -> !a.disabled()).count();
    }
}
