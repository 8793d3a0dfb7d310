package dev.jdbcmetrics.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.jdbcmetrics.it.support.Scrape;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jOOQ as a real client of the wrapped pool: a typed-DSL workload (no code generation) whose
 * metrics are known exactly, on PostgreSQL and on MySQL through Connector/J.
 */
class JooqWorkloadIT {

    private static final Field<Integer> ID = field(name("id"), Integer.class);
    private static final Field<String> STATUS = field(name("status"), String.class);
    private static final Field<Integer> AMOUNT = field(name("amount"), Integer.class);

    /** The local MySQL-protocol server is MariaDB, whose upsert syntax jOOQ renders differently. */
    private static SQLDialect dialectOf(Database database) throws SQLException {
        if (database.isPostgres()) {
            return SQLDialect.POSTGRES;
        }
        try (Connection c = database.endpoint().connect()) {
            return c.getMetaData().getDatabaseProductVersion().contains("MariaDB") ? SQLDialect.MARIADB : SQLDialect.MYSQL;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"POSTGRES", "MYSQL"})
    void typedDslWorkloadGivesExactMetrics(Database database) throws Exception {
        try (TestTable orders = TestTable.orders(database, "it_jooq");
                MeteredPool pool = MeteredPool.open(database, EntryPoint.WRAPPED_HIKARI, TestTable.uniqueName("it_jooq"))) {
            Table<?> t = table(name(orders.name()));
            DSLContext ctx = DSL.using(pool.dataSource(), dialectOf(database));

            assertThat(ctx.insertInto(t, ID, STATUS, AMOUNT)
                    .values(1, "new", 10).values(2, "new", 20).values(3, "paid", 30).execute()).isEqualTo(3);
            assertThat(ctx.batch(ctx.insertInto(t, ID, STATUS, AMOUNT).values((Integer) null, null, null))
                    .bind(4, "paid", 40).bind(5, "paid", 50).execute()).containsExactly(1, 1);
            Result<Record> paid = ctx.select().from(t).where(STATUS.eq("paid")).orderBy(ID).fetch();
            assertThat(paid.getValues(ID)).containsExactly(3, 4, 5);
            assertThat(ctx.update(t).set(AMOUNT, AMOUNT.plus(1)).where(STATUS.eq("new")).execute()).isEqualTo(2);
            assertThat(ctx.deleteFrom(t).where(ID.eq(5)).execute()).isEqualTo(1);
            ctx.transaction(tx -> DSL.using(tx).insertInto(t, ID, STATUS, AMOUNT).values(6, "new", 60).execute());
            assertThatThrownBy(() -> ctx.transaction(tx -> {
                DSL.using(tx).insertInto(t, ID, STATUS, AMOUNT).values(7, "new", 70).execute();
                throw new IllegalStateException("changed our mind");
            })).hasMessageContaining("changed our mind");
            int upserted = database.isPostgres()
                    ? ctx.insertInto(t, ID, STATUS, AMOUNT).values(1, "new", 0).onConflict(ID).doUpdate()
                            .set(STATUS, "dup").execute()
                    : ctx.insertInto(t, ID, STATUS, AMOUNT).values(1, "new", 0).onDuplicateKeyUpdate()
                            .set(STATUS, "dup").execute();
            // MySQL reports an upsert that updated a row as 2 affected rows, PostgreSQL as 1
            assertThat(upserted).isEqualTo(database.isPostgres() ? 1 : 2);
            assertThat(ctx.fetchCount(t)).isEqualTo(5);

            Scrape scrape = pool.scrape();
            String ds = pool.name();
            String table = orders.name();
            assertThat(scrape.value("db_queries_executed_total", "datasource", ds, "operation", "insert", "table", table))
                    .isEqualTo(4); // multi-row insert, batch, one per transaction
            assertThat(scrape.value("db_rows_affected_total", "datasource", ds, "operation", "insert", "table", table))
                    .isEqualTo(3 + 2 + 1 + 1);
            assertThat(scrape.value("db_queries_executed_total", "datasource", ds, "operation", "select", "table", table))
                    .isEqualTo(2);
            assertThat(scrape.value("db_rows_returned_total", "datasource", ds, "operation", "select", "table", table))
                    .isEqualTo(3 + 1);
            assertThat(scrape.value("db_rows_affected_total", "datasource", ds, "operation", "update", "table", table))
                    .isEqualTo(2);
            assertThat(scrape.value("db_rows_affected_total", "datasource", ds, "operation", "delete", "table", table))
                    .isEqualTo(1);
            assertThat(scrape.value("db_queries_executed_total", "datasource", ds, "operation", "merge", "table", table))
                    .isEqualTo(1);
            assertThat(scrape.value("db_rows_affected_total", "datasource", ds, "operation", "merge", "table", table))
                    .isEqualTo(upserted);
            assertThat(scrape.value("db_transactions_total", "datasource", ds, "outcome", "commit")).isEqualTo(1);
            assertThat(scrape.value("db_transactions_total", "datasource", ds, "outcome", "rollback")).isEqualTo(1);
            assertThat(scrape.has("db_queries_failed_total", "datasource", ds)).isFalse();
        }
    }
}
