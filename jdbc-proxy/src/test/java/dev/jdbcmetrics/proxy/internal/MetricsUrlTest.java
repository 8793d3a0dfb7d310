package dev.jdbcmetrics.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing jdbc:metrics: URLs: the real URL, the settings, and the datasource label in URL mode. */
class MetricsUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:metrics:postgresql://db:5432/orders?user=app&password=S3cr3t-planted&ssl=true"
                + " | jdbc:postgresql://db:5432/orders?user=app&password=S3cr3t-planted&ssl=true | db/orders",
        "jdbc:metrics:postgresql://app:S3cr3t-planted@db:5432/orders?jdbcmetrics.slowQueryMillis=200&ssl=true"
                + " | jdbc:postgresql://app:S3cr3t-planted@db:5432/orders?ssl=true | db/orders",
        "jdbc:metrics:mysql://m1:3306,m2:3306/shop?password=S3cr3t-planted&jdbcmetrics.tableLabel=false"
                + " | jdbc:mysql://m1:3306,m2:3306/shop?password=S3cr3t-planted | m1/shop",
        "jdbc:metrics:h2:mem:orders;DB_CLOSE_DELAY=-1 | jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1 | h2/orders",
        "jdbc:metrics:h2:file:/var/data/orders;jdbcmetrics.name=ledger;AUTO_SERVER=TRUE"
                + " | jdbc:h2:file:/var/data/orders;AUTO_SERVER=TRUE | ledger",
        "jdbc:metrics:sqlserver://mssql:1433;databaseName=sales;user=sa;password=S3cr3t-planted"
                + " | jdbc:sqlserver://mssql:1433;databaseName=sales;user=sa;password=S3cr3t-planted | mssql/sales",
        "JDBC:METRICS:postgresql://db/app?jdbcmetrics.name=orders | jdbc:postgresql://db/app | orders",
        // several settings first in the query: every one is taken out, the next parameter starts the query
        "jdbc:metrics:postgresql://db/app?jdbcmetrics.name=orders&jdbcmetrics.slowQueryMillis=200&ssl=true"
                + " | jdbc:postgresql://db/app?ssl=true | orders",
        "jdbc:metrics:h2:mem:x;DB_CLOSE_DELAY=-1?jdbcmetrics.name=one&jdbcmetrics.tableLabel=false"
                + " | jdbc:h2:mem:x;DB_CLOSE_DELAY=-1 | one",
        "jdbc:metrics:mysql://m/shop?jdbcmetrics.name=a&useSSL=false&jdbcmetrics.tableLabel=false&x=1"
                + " | jdbc:mysql://m/shop?useSSL=false&x=1 | a",
    })
    void urlModeLabelIsTheNameSettingElseHostAndDatabase(String url, String realUrl, String label)
            throws SQLException {
        MetricsUrl parsed = MetricsUrl.parse(url, null);
        assertThat(parsed.realUrl()).isEqualTo(realUrl);
        assertThat(parsed.datasourceName()).isEqualTo(label).doesNotContain("S3cr3t", "password", "user");
    }

    @Test
    void everySettingOfTheQueryIsReadNoneReachesTheDriver() throws SQLException {
        MetricsUrl parsed = MetricsUrl.parse("jdbc:metrics:postgresql://db/app?jdbcmetrics.name=orders"
                + "&jdbcmetrics.slowQueryMillis=200&jdbcmetrics.tableLabel=false", null);
        assertThat(parsed.realUrl()).isEqualTo("jdbc:postgresql://db/app");
        assertThat(parsed.datasourceName()).isEqualTo("orders");
        assertThat(parsed.config().slowQueryThreshold()).isEqualTo(Duration.ofMillis(200));
        assertThat(parsed.config().tableLabel()).isFalse();
    }

    @Test
    void propertiesCarrySettingsTooAndLoseThem() throws SQLException {
        Properties info = new Properties();
        info.setProperty("jdbcmetrics.name", "orders");
        info.setProperty("jdbcmetrics.slowQueryMillis", "250");
        info.setProperty("password", "pw");
        info.put("socketFactory", new Object()); // drivers may take objects: passed on as they are
        MetricsUrl parsed = MetricsUrl.parse("jdbc:metrics:postgresql://db/app", info);
        assertThat(parsed.datasourceName()).isEqualTo("orders");
        assertThat(parsed.config().slowQueryThreshold()).isEqualTo(Duration.ofMillis(250));
        assertThat(parsed.realProperties().keySet()).containsExactlyInAnyOrder("password", "socketFactory");
        assertThat(info.getProperty("jdbcmetrics.name")).as("the caller's properties are left alone").isEqualTo("orders");
    }
}
