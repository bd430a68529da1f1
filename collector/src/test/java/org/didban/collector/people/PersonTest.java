package org.didban.collector.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Who sees and acts where (DESIGN.md, security model). Province 23 has counties 2301, 2302; province 04 has 0412. */
class PersonTest {
    private final Person countyA = new Person("a", Role.COUNTY, "2301");
    private final Person provinceOfficer = new Person("p", Role.PROVINCE, "23");

    @Test
    void countyItSeesAndActsOnItsOwnCountyOnly() {
        assertThat(countyA.sees("23", "2301")).isTrue();
        assertThat(countyA.actsOn("23", "2301")).isTrue();
        assertThat(countyA.sees("23", "2302")).isFalse();
        assertThat(countyA.actsOn("23", "2302")).isFalse();
        assertThat(countyA.sees("04", "0412")).isFalse();
        Person countyB = new Person("b", Role.COUNTY, "2302");
        assertThat(countyB.sees("23", "2301")).isFalse();
        assertThat(countyB.sees("23", "2302")).isTrue();
    }

    @Test
    void aProvinceOfficerSeesEveryCountyOfTheProvinceAndNoOther() {
        assertThat(provinceOfficer.sees("23", "2301")).isTrue();
        assertThat(provinceOfficer.sees("23", "2302")).isTrue();
        assertThat(provinceOfficer.actsOn("23", "2302")).isTrue();
        assertThat(provinceOfficer.sees("04", "0412")).isFalse();
        assertThat(provinceOfficer.actsOn("04", "0412")).isFalse();
    }

    @Test
    void nationalRolesSeeEverywhereAndPlannersNeverAct() {
        for (Role r : new Role[] {Role.HQ, Role.ADMIN}) {
            Person p = new Person("n", r, "");
            assertThat(p.sees("04", "0412")).isTrue();
            assertThat(p.actsOn("23", "2301")).isTrue();
        }
        Person planner = new Person("pl", Role.PLANNER, "");
        assertThat(planner.sees("23", "2301")).isTrue();
        assertThat(planner.sees("04", "0412")).isTrue();
        assertThat(planner.actsOn("23", "2301")).isFalse();
        assertThat(planner.actsOn("04", "0412")).isFalse();
    }

    @Test
    void scopedRolesNeedTheirArea() {
        assertThatThrownBy(() -> new Person("c", Role.COUNTY, "")).hasMessageContaining("needs the code of their county");
        assertThatThrownBy(() -> new Person("p", Role.PROVINCE, null)).hasMessageContaining("province");
        assertThat(Role.parse(" County ")).isEqualTo(Role.COUNTY);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("known: hq, province, county, planner, admin");
    }
}
