-- The fiber rollout's daily snapshot (docs/FIBER.md): one row a day saying the snapshot was taken,
-- and one row a day per county with its counts. Province and national series are sums of county
-- rows. Column names are FiberCounts.Tally's. Portable SQL: the same file runs on H2 and PostgreSQL.

CREATE TABLE fiber_snapshot_days (
    snap_day  DATE     NOT NULL PRIMARY KEY,
    taken_at  BIGINT   NOT NULL,
    branches  INTEGER  NOT NULL
);

CREATE TABLE fiber_daily (
    snap_day                DATE         NOT NULL,
    province                VARCHAR(64)  NOT NULL,
    county                  VARCHAR(64)  NOT NULL,
    branches                INTEGER      NOT NULL,
    paper_connected         INTEGER      NOT NULL,
    paper_planned           INTEGER      NOT NULL,
    paper_none              INTEGER      NOT NULL,
    detected_fiber          INTEGER      NOT NULL,
    detected_copper         INTEGER      NOT NULL,
    detected_cellular       INTEGER      NOT NULL,
    detected_down           INTEGER      NOT NULL,
    detected_unknown        INTEGER      NOT NULL,
    without_fiber           INTEGER      NOT NULL,
    past_deadline           INTEGER      NOT NULL,
    sensitive_without_fiber INTEGER      NOT NULL,
    connected_not_on_fiber  INTEGER      NOT NULL,
    fiber_not_on_paper      INTEGER      NOT NULL,
    planned_after_deadline  INTEGER      NOT NULL,
    plan_date_passed        INTEGER      NOT NULL,
    PRIMARY KEY (snap_day, county),
    FOREIGN KEY (snap_day) REFERENCES fiber_snapshot_days (snap_day)
);
CREATE INDEX fiber_daily_by_province ON fiber_daily (province, snap_day);
CREATE INDEX fiber_daily_by_county ON fiber_daily (county, snap_day);
