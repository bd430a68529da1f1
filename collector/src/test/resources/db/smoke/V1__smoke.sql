-- A trivial migration that H2 and PostgreSQL both run: it proves that Flyway, both JDBC drivers and
-- a classpath location work together with the versions pinned in the root pom.
CREATE TABLE smoke_check (
    id    INTEGER      NOT NULL PRIMARY KEY,
    label VARCHAR(100) NOT NULL
);
INSERT INTO smoke_check (id, label) VALUES (1, 'migrated');
