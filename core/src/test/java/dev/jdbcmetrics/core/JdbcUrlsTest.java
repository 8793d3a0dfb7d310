package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names and redacted forms of JDBC URLs never show credentials, whatever the URL's form. */
class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/orders?password=s3cr3t                     | db/orders",
        "jdbc:postgresql://app:s3cr3t@db:5432/orders                          | db/orders",
        "jdbc:h2:mem:test;PASSWORD=s3cr3t                                     | h2/test",
        "jdbc:oracle:thin:scott/s3cr3t@dbhost:1521:sales                      | oracle/sales",
        "jdbc:oracle:thin:scott/s3cr3t@dbhost                                 | oracle/dbhost",
        "jdbc:oracle:thin:scott/s3cr3t@//dbhost:1521/sales                    | dbhost/sales",
        "jdbc:oracle:thin:@//dbhost:1521/sales                                | dbhost/sales",
        "jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=s3cr3t)/orders | db/orders",
        "jdbc:mysql://(host=db,port=3306,user=app,password=s3cr3t)/orders     | db/orders",
        "jdbc:sqlserver://db:1433;user=app;password=s3cr3t                    | db",
    })
    void datasourceNameKeepsHostAndDatabaseOnly(String url, String name) {
        assertThat(JdbcUrls.datasourceName(url)).isEqualTo(name).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/orders?user=app&password=s3cr3t            | jdbc:postgresql://db:5432/orders?...",
        "jdbc:postgresql://app:s3cr3t@db:5432/orders                          | jdbc:postgresql://***@db:5432/orders",
        "jdbc:h2:mem:test;PASSWORD=s3cr3t                                     | jdbc:h2:mem:test;...",
        "jdbc:oracle:thin:scott/s3cr3t@dbhost:1521:sales                      | jdbc:oracle:***@dbhost:1521:sales",
        "jdbc:metrics:oracle:thin:scott/s3cr3t@dbhost                         | jdbc:metrics:***@dbhost",
        "jdbc:oracle:thin:scott/s3cr3t@//dbhost:1521/sales                    | jdbc:oracle:***@//dbhost:1521/sales",
        "jdbc:mysql://address=(host=db)(user=app)(password=s3cr3t)/orders     | jdbc:mysql://...",
        "jdbc:mysql://(host=db,user=app,password=s3cr3t)/orders               | jdbc:mysql://...",
        "jdbc:nosuchdb:thin:scott/s3cr3t?@dbhost:1521:sales                   | jdbc:nosuchdb:...?...",
        "jdbc:postgresql://db/orders?user=app&password=s3@cr3t                | jdbc:postgresql://...?...",
        "jdbc:scott/s3cr3t@dbhost:sales                                       | jdbc:***@dbhost:sales",
        "jdbc:foo:password-s3cr3t                                             | jdbc:foo:...",
        "jdbc:postgresql://db/orders                                          | jdbc:postgresql://db/orders",
    })
    void redactedUrlKeepsNoSecret(String url, String redacted) {
        assertThat(JdbcUrls.redact(url)).isEqualTo(redacted).doesNotContain("s3cr3t");
    }
}
