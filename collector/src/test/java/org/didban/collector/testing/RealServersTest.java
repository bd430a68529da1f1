package org.didban.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real servers the integration tests lean on start, answer and stop here, and the pinned Flyway,
 * JDBC drivers and pool work against both databases the alert store supports. When this fails, the
 * machine or the pins are broken, not the collector.
 */
class RealServersTest {
    private static final String SMOKE_MIGRATIONS = "classpath:db/smoke";

    @Test
    void postgresCreatesATableAndAnswersAQuery(@TempDir Path folder) throws Exception {
        try (PostgresServer postgres = PostgresServer.start(folder);
                Connection connection = DriverManager.getConnection(postgres.jdbcUrl("didban_smoke"), postgres.user(), postgres.password());
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE polling_site (code VARCHAR(20) PRIMARY KEY, province VARCHAR(50) NOT NULL)");
            sql.execute("INSERT INTO polling_site VALUES ('THR-0001', 'Tehran'), ('ISF-0002', 'Isfahan')");
            try (ResultSet rows = sql.executeQuery("SELECT code FROM polling_site WHERE province = 'Isfahan'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("ISF-0002");
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = sql.executeQuery("SHOW server_encoding")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("UTF8");
            }
        }
    }

    @Test
    void flywayMigratesPostgresThroughThePool(@TempDir Path folder) throws Exception {
        try (PostgresServer postgres = PostgresServer.start(folder)) {
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(postgres.jdbcUrl("didban_flyway"));
            pool.setUsername(postgres.user());
            pool.setPassword(postgres.password());
            pool.setMaximumPoolSize(2);
            try (HikariDataSource dataSource = new HikariDataSource(pool)) {
                assertMigratesOnceAndKeepsTheRow(dataSource);
            }
        }
    }

    @Test
    void flywayMigratesAnH2FileDatabase(@TempDir Path folder) throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("alerts").toAbsolutePath();
        Flyway flyway = Flyway.configure().dataSource(url, "sa", "").locations(SMOKE_MIGRATIONS).load();
        MigrateResult first = flyway.migrate();
        assertThat(first.migrationsExecuted).isEqualTo(1);
        assertThat(first.databaseType).isEqualTo("H2");
        // A second start of the store finds the schema current: nothing runs again.
        assertThat(Flyway.configure().dataSource(url, "sa", "").locations(SMOKE_MIGRATIONS).load().migrate().migrationsExecuted).isZero();
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertThat(labelOfTheSmokeRow(connection)).isEqualTo("migrated");
        }
    }

    private static void assertMigratesOnceAndKeepsTheRow(DataSource dataSource) throws SQLException {
        MigrateResult first = Flyway.configure().dataSource(dataSource).locations(SMOKE_MIGRATIONS).load().migrate();
        assertThat(first.migrationsExecuted).isEqualTo(1);
        assertThat(first.targetSchemaVersion).isEqualTo("1");
        assertThat(first.databaseType).isEqualTo("PostgreSQL");
        assertThat(Flyway.configure().dataSource(dataSource).locations(SMOKE_MIGRATIONS).load().migrate().migrationsExecuted).isZero();
        try (Connection connection = dataSource.getConnection()) {
            assertThat(labelOfTheSmokeRow(connection)).isEqualTo("migrated");
        }
    }

    private static String labelOfTheSmokeRow(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT label FROM smoke_check WHERE id = 1")) {
            assertThat(rows.next()).as("the migration's row").isTrue();
            return rows.getString(1);
        }
    }

    @Test
    void alertmanagerListsAPostedAlert(@TempDir Path folder) throws Exception {
        try (AlertmanagerServer alertmanager = AlertmanagerServer.start(folder)) {
            int status = alertmanager.postAlerts("""
                    [{"labels": {"alertname": "SiteUnreachable", "site": "THR-0001", "severity": "critical"},
                      "annotations": {"summary": "polling site THR-0001 stopped reporting"}}]
                    """);
            assertThat(status).isEqualTo(200);

            JsonArray matching = new JsonArray(alertmanager.alerts("alertname=\"SiteUnreachable\""));
            assertThat(matching).hasSize(1);
            JsonObject alert = matching.getJsonObject(0);
            assertThat(alert.getJsonObject("labels").getString("site")).isEqualTo("THR-0001");
            assertThat(alert.getJsonObject("status").getString("state")).isEqualTo("active");

            assertThat(new JsonArray(alertmanager.alerts("alertname=\"SomethingElse\""))).isEmpty();
            assertThat(new JsonArray(alertmanager.alerts())).hasSize(1);
        }
    }

    @Test
    void influxdbKeepsAWrittenPointAndAnswersAQuery() throws Exception {
        try (InfluxServer influx = InfluxServer.start()) {
            assertThat(influx.query(null, "CREATE DATABASE didban_smoke").getJsonArray("results").getJsonObject(0)
                    .containsKey("error")).isFalse();
            assertThat(influx.write("didban_smoke", "site_up,branch=THR-0001,province=Tehran value=1 1719550800000")).isEqualTo(204);

            assertThat(influx.rows("didban_smoke", "SELECT \"value\" FROM site_up WHERE \"province\" = 'Tehran'"))
                    .singleElement().satisfies(row -> {
                        assertThat(row.getLong("time")).isEqualTo(1_719_550_800_000L);
                        assertThat(row.getDouble("value")).isEqualTo(1.0);
                    });
            assertThat(influx.rows("didban_smoke", "SELECT * FROM site_up WHERE \"province\" = 'Isfahan'")).isEmpty();
        }
    }
}
