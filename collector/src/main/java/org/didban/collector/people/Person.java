package org.didban.collector.people;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * Someone the API has authenticated. {@code area} is the province code of a province officer or
 * the county code of county IT, empty for the national roles.
 */
public record Person(String name, Role role, String area) {
    /** Where an authenticated request keeps its person. */
    public static final String CONTEXT_KEY = "didban.person";
    /**
     * Where authentication leaves a {@code java.util.function.BooleanSupplier} telling whether the
     * request's credential still holds (the token's person still enabled, the session still open):
     * for what outlives the request, such as the alert stream, which asks it at each heartbeat.
     */
    public static final String STILL_VALID_KEY = "didban.credential.valid";

    public Person {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        area = area == null ? "" : area;
        if ((role == Role.PROVINCE || role == Role.COUNTY) && area.isEmpty()) {
            throw new IllegalArgumentException(role.wireName() + " " + name + " needs the code of their "
                    + role.wireName());
        }
    }

    /** The person of an authenticated request; throws if the route was not behind authentication. */
    public static Person of(RoutingContext ctx) {
        Person p = ctx.get(CONTEXT_KEY);
        if (p == null) {
            throw new IllegalStateException("route " + ctx.request().path() + " is not behind authentication");
        }
        return p;
    }

    /** May this person see what happens in this county of this province? */
    public boolean sees(String provinceCode, String countyCode) {
        switch (role) {
            case PROVINCE:
                return area.equals(provinceCode);
            case COUNTY:
                return area.equals(countyCode);
            default:
                return true;
        }
    }

    /** May this person acknowledge, resolve or silence alerts there? Planners only read. */
    public boolean actsOn(String provinceCode, String countyCode) {
        return role != Role.PLANNER && sees(provinceCode, countyCode);
    }
}
