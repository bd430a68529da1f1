package org.didban.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A polling branch (شعبه اخذ رأی). {@code sensitiveReason} is empty unless {@code sensitive};
 * {@code fiberPlanned} is set only when {@code fiber} is {@link FiberStatus#PLANNED}.
 * {@code governorRep} is the governor's representative (نماینده فرماندار) at the branch and
 * {@code members} the branch members (اعضای شعبه) by name, both empty where not yet assigned.
 */
public record Branch(
        String code,
        String countyCode,
        String provinceCode,
        String nameFa,
        String nameEn,
        boolean mobile,
        boolean sensitive,
        String sensitiveReason,
        GeoPoint location,
        FiberStatus fiber,
        LocalDate fiberPlanned,
        int cameraCount,
        String inspector,
        String governorRep,
        List<String> members) {

    public Branch {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(countyCode, "countyCode");
        Objects.requireNonNull(provinceCode, "provinceCode");
        Objects.requireNonNull(nameFa, "nameFa");
        Objects.requireNonNull(nameEn, "nameEn");
        Objects.requireNonNull(fiber, "fiber");
        sensitiveReason = sensitiveReason == null ? "" : sensitiveReason;
        inspector = inspector == null ? "" : inspector;
        governorRep = governorRep == null ? "" : governorRep;
        members = members == null ? List.of() : List.copyOf(members);
        if (cameraCount < 0) {
            throw new IllegalArgumentException("camera count below zero for branch " + code);
        }
        for (String m : members) {
            if (m.isBlank() || m.indexOf(';') >= 0 || m.indexOf('؛') >= 0) {
                throw new IllegalArgumentException("branch " + code + ": a member's name is empty or holds ';',"
                        + " the separator of the member list: '" + m + "'");
            }
        }
    }

    /** A branch whose governor's representative and members are not assigned yet. */
    public Branch(String code, String countyCode, String provinceCode, String nameFa, String nameEn, boolean mobile,
                  boolean sensitive, String sensitiveReason, GeoPoint location, FiberStatus fiber, LocalDate fiberPlanned,
                  int cameraCount, String inspector) {
        this(code, countyCode, provinceCode, nameFa, nameEn, mobile, sensitive, sensitiveReason, location, fiber,
                fiberPlanned, cameraCount, inspector, "", List.of());
    }
}
