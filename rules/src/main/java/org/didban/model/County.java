package org.didban.model;

import java.util.Objects;

/** A county (شهرستان): the unit whose IT team receives and acts on alerts. */
public record County(String code, String provinceCode, String nameFa, String nameEn) {
    public County {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(provinceCode, "provinceCode");
        Objects.requireNonNull(nameFa, "nameFa");
        Objects.requireNonNull(nameEn, "nameEn");
    }
}
