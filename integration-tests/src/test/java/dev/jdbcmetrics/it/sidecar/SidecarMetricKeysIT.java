package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric key a sql_exporter user relies on, against a real server, with exact values:
 * several value columns told apart by {@code value_label}, {@code static_labels},
 * {@code static_value}, {@code timestamp_value}, {@code key_labels}, a named query shared by two
 * metrics through {@code query_ref} (run once per scrape, counted by the target pool's own
 * {@code db_queries_executed_total}), NULL values and labels, a histogram from rows, a collector
 * from {@code collector_files} in sql_exporter's spelling, and a target's {@code settings}.
 * Subclasses pick the database.
 */
abstract class SidecarMetricKeysIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String TEXT = "text/plain; version=0.0.4";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

    @TempDir
    Path folder;

    private final DatabaseEndpoint endpoint;
    private final String doubleType;
    private String target;
    private String orders;
    private String ages;
    private Sidecar sidecar;

    SidecarMetricKeysIT(DatabaseEndpoint endpoint, String doubleType) {
        this.endpoint = endpoint;
        this.doubleType = doubleType;
    }

    @BeforeEach
    void createTablesAndStartSidecar() throws Exception {
        String suffix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        target = "it_keys_" + suffix;
        orders = "it_keys_orders_" + suffix;
        ages = "it_keys_ages_" + suffix;
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + orders + " (id INT PRIMARY KEY, status VARCHAR(20), amount INT)");
            s.execute("INSERT INTO " + orders + " VALUES (1, 'new', 10), (2, 'new', 15), (3, 'paid', 20),"
                    + " (4, 'paid', 30), (5, 'paid', 40), (6, 'void', NULL), (7, NULL, 5)");
            s.execute("CREATE TABLE " + ages + " (id INT PRIMARY KEY, grp VARCHAR(5), age " + doubleType + ")");
            s.execute("INSERT INTO " + ages + " VALUES (1, 'a', 0.0625), (2, 'a', 0.5), (3, 'a', 5),"
                    + " (4, 'a', 50), (5, 'b', 700), (6, 'b', NULL)");
        }
        Files.writeString(folder.resolve("db-password"), endpoint.password());
        Files.createDirectories(folder.resolve("collectors"));
        // sql_exporter's own spelling: collector_name, metric_name, key_labels, values.
        Files.writeString(folder.resolve("collectors/extra.collector.yml"), """
                collector_name: extra
                metrics:
                  - metric_name: it_keys_file_metric
                    type: gauge
                    help: From a collector file
                    key_labels: [grp]
                    values: [n]
                    query: SELECT grp, count(*) AS n FROM %s WHERE grp = 'a' GROUP BY grp
                """.formatted(ages));
        Files.writeString(folder.resolve("exporter.yml"), """
                targets:
                  - name: %s
                    url: "%s"
                    user: %s
                    password_file: db-password
                    pool: { max_size: 2 }
                    settings: { duration_buckets: [0.5, 5], statement_top: 0 }
                    collectors: [keys, extra]
                collectors:
                  - name: keys
                    timeout: 10s
                    queries:
                      - name: amounts
                        query: SELECT status, sum(amount) AS total, max(amount) AS top, count(*) AS n FROM %s GROUP BY status
                    metrics:
                      - name: it_keys_amounts
                        type: gauge
                        help: Order amounts per status
                        query_ref: amounts
                        labels: [status]
                        values: [total, top]
                        value_label: kind
                        static_labels: { currency: EUR }
                      - name: it_keys_orders
                        type: gauge
                        help: Orders per status
                        query_ref: amounts
                        key_labels: [status]
                        value: n
                      - name: it_keys_info
                        type: gauge
                        help: A fixed 1 with a label, like an info metric
                        query: SELECT 'it' AS edition
                        labels: [edition]
                        static_value: 1
                      - name: it_keys_stamped
                        type: gauge
                        help: A value with its own time
                        query: SELECT 42 AS n, 1700000000 AS ts
                        value: n
                        timestamp_value: ts
                      - name: it_keys_ages_seconds
                        type: histogram
                        help: Ages, one observation per row
                        query: SELECT grp, age FROM %s
                        labels: [grp]
                        value: age
                        buckets: [0.1, 1, 10, 60, 600]
                collector_files: [ "collectors/*.collector.yml" ]
                """.formatted(target, endpoint.jdbcUrl(), endpoint.user(), orders, ages));
        SidecarConfig config = SidecarConfig.load(folder.resolve("exporter.yml"));
        sidecar = Sidecar.builder(config).host("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stopSidecarAndDropTables() throws Exception {
        try {
            if (sidecar != null) {
                sidecar.close();
            }
        } finally {
            try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + orders);
                s.execute("DROP TABLE IF EXISTS " + ages);
            }
        }
    }

    @Test
    void severalValueColumnsStaticLabelsAndASharedQueryRunOnce() throws Exception {
        Scrape scrape = Scrape.parse(get("/metrics", TEXT));

        String[] t = {"target", target, "currency", "EUR"};
        assertThat(scrape.value("it_keys_amounts", concat(t, "status", "new", "kind", "total"))).isEqualTo(25);
        assertThat(scrape.value("it_keys_amounts", concat(t, "status", "new", "kind", "top"))).isEqualTo(15);
        assertThat(scrape.value("it_keys_amounts", concat(t, "status", "paid", "kind", "total"))).isEqualTo(90);
        assertThat(scrape.value("it_keys_amounts", concat(t, "status", "paid", "kind", "top"))).isEqualTo(40);
        // A NULL label value is the empty string, as in sql_exporter.
        assertThat(scrape.value("it_keys_amounts", concat(t, "status", "", "kind", "total"))).isEqualTo(5);
        assertThat(scrape.value("it_keys_amounts", concat(t, "status", "", "kind", "top"))).isEqualTo(5);
        // 'void' has only NULL amounts: no sample, two null_value errors.
        assertThat(scrape.series("it_keys_amounts")).hasSize(6);

        assertThat(scrape.value("it_keys_orders", "target", target, "status", "new")).isEqualTo(2);
        assertThat(scrape.value("it_keys_orders", "target", target, "status", "paid")).isEqualTo(3);
        assertThat(scrape.value("it_keys_orders", "target", target, "status", "void")).isEqualTo(1);
        assertThat(scrape.value("it_keys_orders", "target", target, "status", "")).isEqualTo(1);
        assertThat(scrape.series("it_keys_orders")).hasSize(4);

        // Two metrics read the shared query; it ran once per scrape, through the target's
        // metered pool (the only query on that table).
        assertThat(ordersQueries()).isEqualTo(1);
        get("/metrics", TEXT);
        assertThat(ordersQueries()).isEqualTo(2);
    }

    private double ordersQueries() {
        return sidecar.getRegistry().get("db.queries.executed").tag("datasource", target)
                .tag("operation", "select").tag("table", orders).functionCounter().count();
    }

    @Test
    void staticValueTimestampValueAndNullValuesCounted() throws Exception {
        String text = get("/metrics", TEXT);
        Scrape scrape = Scrape.parse(text);

        assertThat(scrape.value("it_keys_info", "target", target, "edition", "it")).isEqualTo(1);
        // Text 0.0.4 timestamps are milliseconds.
        assertThat(text).contains("\nit_keys_stamped{target=\"" + target + "\"} 42.0 1700000000000\n");
        // OpenMetrics timestamps are seconds.
        assertThat(get("/metrics", OPENMETRICS))
                .contains("\nit_keys_stamped{target=\"" + target + "\"} 42.0 1700000000.000\n");
        // Two NULL amounts of 'void', one NULL age of 'b'.
        assertThat(scrape.value("db_collector_errors_total", "target", target, "collector", "keys",
                "kind", "null_value")).isEqualTo(3);
        assertThat(scrape.sum("db_collector_errors_total", "target", target, "kind", "query")).isEqualTo(0);
        assertThat(scrape.sum("db_collector_errors_total", "target", target, "kind", "result")).isEqualTo(0);
        assertThat(scrape.value("db_collector_up", "target", target, "collector", "keys")).isEqualTo(1);
    }

    @Test
    void histogramFromRowsHasExactBucketsInBothFormats() throws Exception {
        Scrape scrape = Scrape.parse(get("/metrics", TEXT));

        String h = "it_keys_ages_seconds";
        String[] a = {"target", target, "grp", "a"};
        assertThat(scrape.value(h + "_bucket", concat(a, "le", "0.1"))).isEqualTo(1);
        assertThat(scrape.value(h + "_bucket", concat(a, "le", "1.0"))).isEqualTo(2);
        assertThat(scrape.value(h + "_bucket", concat(a, "le", "10.0"))).isEqualTo(3);
        assertThat(scrape.value(h + "_bucket", concat(a, "le", "60.0"))).isEqualTo(4);
        assertThat(scrape.value(h + "_bucket", concat(a, "le", "600.0"))).isEqualTo(4);
        assertThat(scrape.value(h + "_bucket", concat(a, "le", "+Inf"))).isEqualTo(4);
        assertThat(scrape.value(h + "_count", a)).isEqualTo(4);
        assertThat(scrape.value(h + "_sum", a)).isEqualTo(55.5625);
        String[] b = {"target", target, "grp", "b"};
        assertThat(scrape.value(h + "_bucket", concat(b, "le", "600.0"))).isEqualTo(0);
        assertThat(scrape.value(h + "_bucket", concat(b, "le", "+Inf"))).isEqualTo(1);
        assertThat(scrape.value(h + "_count", b)).isEqualTo(1);
        assertThat(scrape.value(h + "_sum", b)).isEqualTo(700);
        assertThat(scrape.text()).contains("# TYPE " + h + " histogram\n");

        // OpenMetrics has the right type for a snapshot of rows: a gauge histogram.
        String om = get("/metrics", OPENMETRICS);
        assertThat(om).contains("# TYPE " + h + " gaugehistogram\n",
                h + "_bucket{grp=\"a\",target=\"" + target + "\",le=\"10.0\"} 3\n",
                h + "_gcount{grp=\"a\",target=\"" + target + "\"} 4\n",
                h + "_gsum{grp=\"a\",target=\"" + target + "\"} 55.5625\n",
                h + "_gcount{grp=\"b\",target=\"" + target + "\"} 1\n");
    }

    @Test
    void collectorFileAndTargetSettings() throws Exception {
        get("/metrics", TEXT); // the pool's query meters appear once the collectors have run
        Scrape scrape = Scrape.parse(get("/metrics", TEXT));

        assertThat(scrape.value("it_keys_file_metric", "target", target, "grp", "a")).isEqualTo(4);
        assertThat(scrape.series("it_keys_file_metric")).hasSize(1);
        assertThat(scrape.value("db_collector_up", "target", target, "collector", "extra")).isEqualTo(1);
        // settings: duration_buckets applies to the target's own query histogram.
        assertThat(scrape.series("db_query_duration_seconds_bucket").stream()
                .filter(l -> target.equals(l.get("datasource"))).map(l -> l.get("le")).distinct().toList())
                .containsExactly("0.5", "5.0", "+Inf");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private String get(String path, String accept) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.getPort() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }
}
