package dev.jdbcmetrics.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerQueryMetersTest {

    @Test
    void operationIsTheFirstKeywordMappedOntoJdbcMetricsValues() {
        assertThat(PeerQueryMeters.operation("  select 1")).isEqualTo("select");
        assertThat(PeerQueryMeters.operation("UPDATE t SET a = 1")).isEqualTo("update");
        assertThat(PeerQueryMeters.operation("CREATE TABLE t (a INT)")).isEqualTo("ddl");
        assertThat(PeerQueryMeters.operation("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo("other");
    }

    @Test
    void tableIsTheWordAfterFromIntoOrUpdate() {
        assertThat(PeerQueryMeters.table(Workloads.POINT_SELECT)).isEqualTo("orders");
        assertThat(PeerQueryMeters.table(Workloads.UPDATE)).isEqualTo("orders");
        assertThat(PeerQueryMeters.table("INSERT INTO Public.Orders (a) VALUES (1)")).isEqualTo("public.orders");
        assertThat(PeerQueryMeters.table("SELECT 1")).isEqualTo("none");
    }
}
