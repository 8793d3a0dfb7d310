package dev.jdbcmetrics.it.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.when;

import dev.jdbcmetrics.core.sql.SqlAnalysis;
import dev.jdbcmetrics.core.sql.SqlAnalyzer;
import dev.jdbcmetrics.core.sql.SqlNormalizer;
import dev.jdbcmetrics.core.sql.SqlOperation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A classification oracle: jOOQ renders each query once with bind markers and once with every
 * value inlined as a literal. Both texts are the same query, so both must classify to the same
 * operation and table, and normalise to the same fingerprint (what statement mode keys on) —
 * in each dialect. The expected operation and table are stated too, so an oracle that agrees
 * with itself on a wrong answer still fails.
 */
class JooqClassificationOracleIT {

    private static final Table<?> ORDERS = table(name("orders"));
    private static final Table<?> CUSTOMERS = table(name("customers"));
    private static final Table<?> SHOP_ORDERS = table(name("shop", "orders"));
    private static final Table<?> ARCHIVE = table(name("orders_archive"));
    private static final Field<Integer> ID = field(name("orders", "id"), Integer.class);
    private static final Field<Integer> CUSTOMER_ID = field(name("orders", "customer_id"), Integer.class);
    private static final Field<String> STATUS = field(name("orders", "status"), String.class);
    private static final Field<BigDecimal> AMOUNT = field(name("orders", "amount"), BigDecimal.class);
    private static final Field<LocalDate> CREATED = field(name("orders", "created_on"), LocalDate.class);
    private static final Field<LocalDateTime> PAID_AT = field(name("orders", "paid_at"), LocalDateTime.class);
    private static final Field<Boolean> GIFT = field(name("orders", "gift"), Boolean.class);
    private static final Field<Integer> C_ID = field(name("customers", "id"), Integer.class);
    private static final Field<String> C_NAME = field(name("customers", "name"), String.class);
    private static final Field<Integer> A_ID = field(name("orders_archive", "id"), Integer.class);
    private static final Field<String> A_STATUS = field(name("orders_archive", "status"), String.class);

    /** One query of the oracle; built per dialect, since some clauses render differently. */
    private record Case(String description, SqlOperation operation, String table,
            Function<DSLContext, Query> build) {

        @Override
        public String toString() {
            return description;
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // ---- select ----
        cases.add(selectCase("select by primary key", "orders",
                ctx -> ctx.select(ID, STATUS).from(ORDERS).where(ID.eq(42))));
        cases.add(selectCase("inner join", "orders",
                ctx -> ctx.select(ID, C_NAME).from(ORDERS).join(CUSTOMERS).on(CUSTOMER_ID.eq(C_ID))
                        .where(STATUS.eq("paid"))));
        cases.add(selectCase("left join, order, limit and offset", "customers",
                ctx -> ctx.select(C_NAME, ID).from(CUSTOMERS).leftJoin(ORDERS).on(CUSTOMER_ID.eq(C_ID))
                        .where(C_NAME.like("A%")).orderBy(C_NAME.desc()).limit(20).offset(40)));
        cases.add(selectCase("group by with having", "orders",
                ctx -> ctx.select(CUSTOMER_ID, count(), sum(AMOUNT)).from(ORDERS).groupBy(CUSTOMER_ID)
                        .having(count().gt(5))));
        cases.add(selectCase("in list", "orders",
                ctx -> ctx.selectFrom(ORDERS).where(ID.in(1, 2, 3, 5, 8))));
        cases.add(selectCase("between and not equal", "orders",
                ctx -> ctx.select(ID).from(ORDERS).where(AMOUNT.between(new BigDecimal("10.50"), new BigDecimal("99.99")))
                        .and(STATUS.ne("void"))));
        cases.add(selectCase("distinct", "orders",
                ctx -> ctx.selectDistinct(CUSTOMER_ID).from(ORDERS).where(AMOUNT.gt(new BigDecimal("-1.5")))));
        cases.add(selectCase("exists subquery", "customers",
                ctx -> ctx.select(C_ID).from(CUSTOMERS)
                        .whereExists(selectOne().from(ORDERS).where(CUSTOMER_ID.eq(C_ID)).and(STATUS.eq("new")))));
        cases.add(selectCase("derived table", "orders",
                ctx -> ctx.select(count()).from(ctx.selectDistinct(CUSTOMER_ID).from(ORDERS)
                        .where(AMOUNT.gt(new BigDecimal("100"))).asTable("t"))));
        cases.add(selectCase("union all", "orders",
                ctx -> ctx.select(ID).from(ORDERS).where(STATUS.eq("new"))
                        .unionAll(select(A_ID).from(ARCHIVE).where(A_STATUS.eq("new")))));
        cases.add(selectCase("for update", "orders",
                ctx -> ctx.select(AMOUNT).from(ORDERS).where(ID.eq(7)).forUpdate()));
        cases.add(selectCase("schema-qualified", "shop.orders",
                ctx -> ctx.select(field(name("shop", "orders", "id"))).from(SHOP_ORDERS)
                        .where(field(name("shop", "orders", "status"), String.class).eq("new"))));
        cases.add(selectCase("string literals with quotes and backslashes", "customers",
                ctx -> ctx.select(C_ID).from(CUSTOMERS).where(C_NAME.eq("O'Brien \\ \"the\" 100%"))
                        .or(C_NAME.eq(""))));
        cases.add(selectCase("case expression", "orders",
                ctx -> ctx.select(ID, when(AMOUNT.gt(new BigDecimal("1000")), "big").otherwise("small"))
                        .from(ORDERS)));
        cases.add(selectCase("date and timestamp values", "orders",
                ctx -> ctx.select(ID).from(ORDERS).where(CREATED.ge(LocalDate.of(2024, 2, 29)))
                        .and(PAID_AT.lt(LocalDateTime.of(2024, 3, 1, 12, 30, 15)))));
        cases.add(selectCase("boolean and null checks", "orders",
                ctx -> ctx.select(ID).from(ORDERS).where(GIFT.eq(true)).and(STATUS.isNotNull())));
        cases.add(selectCase("scalar subquery in select list", "customers",
                ctx -> ctx.select(C_NAME, field(select(avg(AMOUNT)).from(ORDERS).where(CUSTOMER_ID.eq(C_ID))))
                        .from(CUSTOMERS).where(C_ID.lt(1000))));
        cases.add(selectCase("no table", SqlAnalysis.NO_TABLE,
                ctx -> ctx.select(inline(1).plus(DSL.val(2)))));
        // ---- common table expressions ----
        cases.add(new Case("cte feeding a select", SqlOperation.SELECT, "recent", ctx -> {
            CommonTableExpression<Record1<Integer>> recent = name("recent").fields("id")
                    .as(select(ID).from(ORDERS).where(CREATED.gt(LocalDate.of(2024, 1, 1))));
            return ctx.with(recent).select(recent.field("id")).from(recent).where(recent.field("id", Integer.class).gt(10));
        }));
        // ---- insert ----
        cases.add(new Case("insert one row", SqlOperation.INSERT, "orders",
                ctx -> ctx.insertInto(ORDERS, ID, STATUS, AMOUNT).values(1, "new", new BigDecimal("12.34"))));
        cases.add(new Case("insert three rows", SqlOperation.INSERT, "orders",
                ctx -> ctx.insertInto(ORDERS, ID, STATUS).values(1, "a").values(2, "b").values(3, "c")));
        cases.add(new Case("insert from select", SqlOperation.INSERT, "orders_archive",
                ctx -> ctx.insertInto(ARCHIVE, A_ID, A_STATUS).select(select(ID, STATUS).from(ORDERS)
                        .where(CREATED.lt(LocalDate.of(2020, 1, 1))))));
        cases.add(new Case("insert ignoring duplicates", SqlOperation.INSERT, "orders",
                ctx -> ctx.insertInto(ORDERS, ID, STATUS).values(9, "new").onDuplicateKeyIgnore()));
        // ---- upsert and merge ----
        // Without a primary key in its meta model, jOOQ can only render this for the MySQL family.
        cases.add(new Case("upsert on duplicate key update", SqlOperation.MERGE, "orders",
                ctx -> ctx.dialect().family() == SQLDialect.POSTGRES
                        ? ctx.insertInto(ORDERS, ID, STATUS).values(9, "new").onConflict(ID).doUpdate()
                                .set(STATUS, "dup")
                        : ctx.insertInto(ORDERS, ID, STATUS).values(9, "new").onDuplicateKeyUpdate()
                                .set(STATUS, "dup")));
        cases.add(new Case("upsert on conflict do update", SqlOperation.MERGE, "orders",
                ctx -> ctx.insertInto(ORDERS, ID, AMOUNT).values(9, new BigDecimal("5")).onConflict(ID).doUpdate()
                        .set(AMOUNT, AMOUNT.plus(new BigDecimal("5")))));
        // ---- update ----
        cases.add(new Case("update by key", SqlOperation.UPDATE, "orders",
                ctx -> ctx.update(ORDERS).set(STATUS, "paid").set(PAID_AT, LocalDateTime.of(2024, 5, 6, 7, 8, 9))
                        .where(ID.eq(3))));
        cases.add(new Case("update with arithmetic", SqlOperation.UPDATE, "orders",
                ctx -> ctx.update(ORDERS).set(AMOUNT, AMOUNT.times(new BigDecimal("1.1"))).where(STATUS.in("new", "late"))));
        cases.add(new Case("update with subquery", SqlOperation.UPDATE, "orders",
                ctx -> ctx.update(ORDERS).set(STATUS, "vip")
                        .where(CUSTOMER_ID.in(select(C_ID).from(CUSTOMERS).where(C_NAME.startsWith("VIP"))))));
        // ---- delete ----
        cases.add(new Case("delete by key", SqlOperation.DELETE, "orders",
                ctx -> ctx.deleteFrom(ORDERS).where(ID.eq(4))));
        cases.add(new Case("delete with exists", SqlOperation.DELETE, "orders",
                ctx -> ctx.deleteFrom(ORDERS).where(exists(selectOne().from(CUSTOMERS)
                        .where(C_ID.eq(CUSTOMER_ID)).and(C_NAME.eq("gone"))))));
        cases.add(new Case("delete old rows by date", SqlOperation.DELETE, "orders",
                ctx -> ctx.deleteFrom(ORDERS).where(CREATED.lt(LocalDate.of(2019, 12, 31))).and(GIFT.isFalse())));
        return cases;
    }

    private static Case selectCase(String description, String table, Function<DSLContext, Query> build) {
        return new Case(description, SqlOperation.SELECT, table, build);
    }

    static Stream<Arguments> queries() {
        return Stream.of(SQLDialect.POSTGRES, SQLDialect.MYSQL, SQLDialect.MARIADB)
                .flatMap(dialect -> cases().stream().map(c -> Arguments.of(dialect, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("queries")
    void boundAndInlinedRenderingsClassifyAndFingerprintAlike(SQLDialect dialect, Case query) {
        String bound = render(dialect, query, ParamType.INDEXED);
        String inlined = render(dialect, query, ParamType.INLINED);
        assertThat(inlined).as("jOOQ inlined nothing").isNotEqualTo(bound);

        SqlAnalysis expected = new SqlAnalysis(query.operation(), query.table());
        assertThat(SqlAnalyzer.analyze(bound)).as("analysis of %s", bound).isEqualTo(expected);
        assertThat(SqlAnalyzer.analyze(inlined)).as("analysis of %s", inlined).isEqualTo(expected);
        assertThat(SqlNormalizer.normalize(inlined)).as("normalised inlined vs bound for%n%s%n%s", inlined, bound)
                .isEqualTo(SqlNormalizer.normalize(bound));
        assertThat(SqlNormalizer.fingerprint(SqlNormalizer.normalize(inlined)))
                .isEqualTo(SqlNormalizer.fingerprint(SqlNormalizer.normalize(bound)));
    }

    private static String render(SQLDialect dialect, Case query, ParamType paramType) {
        DSLContext ctx = DSL.using(dialect, new Settings().withRenderFormatted(false));
        Query built = query.build().apply(ctx);
        return paramType == ParamType.INLINED ? ctx.renderInlined(built) : ctx.render(built);
    }
}
