package org.didban.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A polling branch (شعبه اخذ رأی). {@code sensitiveReason} is empty unless {@code sensitive};
 * {@code fiberPlanned} is set only when {@code fiber} is {@link FiberStatus#PLANNED}.
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
        String inspector) {

    public Branch {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(countyCode, "countyCode");
        Objects.requireNonNull(provinceCode, "provinceCode");
        Objects.requireNonNull(nameFa, "nameFa");
        Objects.requireNonNull(nameEn, "nameEn");
        Objects.requireNonNull(fiber, "fiber");
        sensitiveReason = sensitiveReason == null ? "" : sensitiveReason;
        inspector = inspector == null ? "" : inspector;
        if (cameraCount < 0) {
            throw new IllegalArgumentException("camera count below zero for branch " + code);
        }
    }
}
