package org.didban.model;

import java.util.Objects;

/** A province (استان), the top of the administrative tree. */
public record Province(String code, String nameFa, String nameEn) {
    public Province {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(nameFa, "nameFa");
        Objects.requireNonNull(nameEn, "nameEn");
    }
}
