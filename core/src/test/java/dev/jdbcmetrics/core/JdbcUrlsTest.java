package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The datasource label derived from a URL, and the redacted URL in messages: never a credential. */
class JdbcUrlsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/orders                                                | db/orders",
        "jdbc:postgresql://db:5432/orders?user=app&password=S3cr3t-planted&ssl=true     | db/orders",
        "jdbc:postgresql://app:S3cr3t-planted@db.internal:5432/orders?sslmode=require  | db.internal/orders",
        "jdbc:postgresql://app:S3/cr@t-planted@db:5432/orders                            | db/orders",
        "jdbc:postgresql://h1:5432,h2:5432/orders?targetServerType=primary              | h1/orders",
        "jdbc:postgresql://[::1]:5432/orders                                             | __1/orders",
        "jdbc:mysql://m1:3306,m2:3306,m3:3306/shop?user=root&password=S3cr3t-planted    | m1/shop",
        "jdbc:mysql:replication://m1,m2/shop                                             | m1/shop",
        "jdbc:mysql://[(host=m1,port=3306,user=root,password=S3cr3t-planted)]/shop       | m1/shop",
        "jdbc:mysql://address=(host=m1)(port=3306)(password=S3cr3t-planted)/shop        | m1/shop",
        "jdbc:mariadb://maria:3306/test                                                  | maria/test",
        "jdbc:h2:mem:orders                                                              | h2/orders",
        "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1;PASSWORD=S3cr3t-planted                    | h2/orders",
        "jdbc:h2:mem:                                                                    | h2",
        "jdbc:h2:file:/var/data/Orders;AUTO_SERVER=TRUE                                  | h2/orders",
        "jdbc:h2:./data/test                                                             | h2/test",
        "jdbc:sqlserver://mssql:1433;databaseName=sales;user=sa;password=S3cr3t-planted | mssql/sales",
        "jdbc:sqlserver://mssql:1433;user=sa;password=S3cr3t-planted                    | mssql",
        "jdbc:oracle:thin:@//ora:1521/sales                                              | ora/sales",
        "jdbc:oracle:thin:scott/S3cr3t-planted@ora:1521:orcl                             | oracle/orcl",
        "jdbc:oracle:thin:scott/S3cr3t-planted@ora                                       | oracle/ora",
        "jdbc:oracle:thin:scott/S3cr3t-planted@//ora:1521/sales                          | ora/sales",
        "jdbc:sqlite:/tmp/app.db                                                         | sqlite/app.db",
    })
    void datasourceNameIsHostAndDatabaseOnly(String url, String expected) {
        String name = JdbcUrls.datasourceName(url);
        assertThat(name).isEqualTo(expected);
        assertThat(name).doesNotContain("S3cr3t", "planted", "root", "app:", "scott", "sa/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jdbc:", "::::"})
    void unusableUrlsAreNamedDefault(String url) {
        assertThat(JdbcUrls.datasourceName(url)).isEqualTo("default");
        assertThat(JdbcUrls.datasourceName(null)).isEqualTo("default");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/orders                                             | jdbc:postgresql://db:5432/orders",
        "jdbc:postgresql://db:5432/orders?user=app&password=S3cr3t-planted           | jdbc:postgresql://db:5432/orders?...",
        "jdbc:postgresql://app:S3cr3t-planted@db:5432/orders                          | jdbc:postgresql://***@db:5432/orders",
        "jdbc:postgresql://app:S3/cr@t-planted@db:5432/orders?ssl=true                | jdbc:postgresql://***@db:5432/orders?...",
        "jdbc:metrics:postgresql://app:S3cr3t-planted@db/orders                       | jdbc:metrics:postgresql://***@db/orders",
        "jdbc:mysql://m1,m2/shop?password=S3cr3t-planted&user=a@example.org           | jdbc:mysql://...",
        "jdbc:postgresql://db/orders?user=app&password=S3cr3t@planted                 | jdbc:postgresql://...",
        "jdbc:nosuchdb:thin:scott/S3cr3t-planted?@ora:1521:orcl                       | jdbc:nosuchdb:...",
        "jdbc:metrics:oracle:thin:scott/S3cr3t-planted@ora                            | jdbc:metrics:***@ora",
        "jdbc:scott/S3cr3t-planted@ora:orcl                                           | jdbc:***@ora:orcl",
        "jdbc:mysql://address=(host=m1)(user=app)(password=S3cr3t-planted)/shop       | jdbc:mysql://...",
        "jdbc:mysql://(host=m1,user=app,password=S3cr3t-planted)/shop                 | jdbc:mysql://...",
        "jdbc:foo:password-S3cr3t-planted                                             | jdbc:foo:...",
        "jdbc:h2:mem:orders;PASSWORD=S3cr3t-planted                                   | jdbc:h2:mem:orders;...",
        "jdbc:sqlserver://mssql:1433;databaseName=sales;password=S3cr3t-planted      | jdbc:sqlserver://mssql:1433;...",
        "jdbc:oracle:thin:scott/S3cr3t-planted@ora:1521:orcl                          | jdbc:oracle:***@ora:1521:orcl",
        "jdbc:oracle:thin:scott/S3cr3t-planted@//ora:1521/sales                       | jdbc:oracle:***@//ora:1521/sales",
    })
    void redactRemovesUserInfoAndParameters(String url, String expected) {
        assertThat(JdbcUrls.redact(url)).isEqualTo(expected).doesNotContain("S3cr3t");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/shop?password=S3cr3t | postgresql           | shop",
            "jdbc:mysql://u:S3cr3t@h1:3306,h2:3306/sales    | mysql                | sales",
            "jdbc:mariadb://db/app                          | mariadb              | app",
            "jdbc:h2:mem:test;MODE=MySQL                    | h2database           | test",
            "jdbc:sqlserver://db:1433;databaseName=sales    | microsoft.sql_server | sales",
            "jdbc:postgresql://db:5432                      | postgresql           | ''",
            "jdbc:foo:bar                                   | other_sql            | bar",
    })
    void otelSystemNameAndNamespaceComeFromTheUrl(String url, String system, String namespace) {
        assertThat(JdbcUrls.dbSystemName(url)).isEqualTo(system);
        assertThat(JdbcUrls.databaseName(url)).isEqualTo(namespace).doesNotContain("S3cr3t");
    }
}
