package org.didban.collector.fiber;

import java.util.Objects;
import java.util.regex.Pattern;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;

/**
 * The part of the country a request covers: what the person may see ({@link Person#sees}),
 * narrowed by the {@code province} and {@code county} they asked for — never widened. County IT
 * asking for another county gets nothing, and is told nothing about it.
 */
public final class FiberArea {
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_.-]{0,63}");

    private final Person person;
    private final String province;
    private final String county;
    private final boolean nothing;

    private FiberArea(Person person, String province, String county, boolean nothing) {
        this.person = person;
        this.province = province;
        this.county = county;
        this.nothing = nothing;
    }

    /**
     * @param province the province asked for, or null/empty for any
     * @param county   the county asked for, or null/empty for any
     * @throws IllegalArgumentException when a code is not a code
     */
    public static FiberArea of(Person person, String province, String county) {
        Objects.requireNonNull(person, "person");
        String p = code(province, "province");
        String c = code(county, "county");
        boolean nothing = false;
        if (person.role() == Role.COUNTY) {
            nothing = !c.isEmpty() && !c.equals(person.area());
            c = person.area();
        } else if (person.role() == Role.PROVINCE) {
            nothing = !p.isEmpty() && !p.equals(person.area());
            p = person.area();
        }
        return new FiberArea(person, p, c, nothing);
    }

    private static String code(String value, String what) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String v = value.strip();
        if (!CODE.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " must be a " + what + " code (letters, digits, '-', '_', '.')");
        }
        return v;
    }

    /** Does the area cover a branch in this county of this province? */
    public boolean includes(String provinceCode, String countyCode) {
        return !nothing && (province.isEmpty() || province.equals(provinceCode))
                && (county.isEmpty() || county.equals(countyCode)) && person.sees(provinceCode, countyCode);
    }

    /** Asked for somewhere wholly outside what the person may see: the answer is empty. */
    public boolean nothing() {
        return nothing;
    }

    /** The province the area is confined to, or "" for any. */
    public String province() {
        return province;
    }

    /** The county the area is confined to, or "" for any. */
    public String county() {
        return county;
    }

    /** "county", "province" or "nation": how far the area reaches. */
    public String level() {
        return !county.isEmpty() ? "county" : !province.isEmpty() ? "province" : "nation";
    }

    public Person person() {
        return person;
    }
}
