package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Malformed {@code jdbc:metrics:} URLs, with a password planted in the URL and in the connection
 * properties: always exactly one {@link SQLException} with our message prefix and SQLState
 * 08001, never another exception type, and never the password in any message.
 */
class MalformedUrlPropertiesTest {

    private static final String SECRET_MARK = "Zq9sEcReT";

    /** A URL template ({@code %s} is the password) and what makes it wrong. */
    private static final List<String> SHAPES = List.of(
            "jdbc:metrics:",
            "jdbc:metrics: ",
            "jdbc:metrics::",
            "jdbc:metrics::postgresql://u:%s@db/app",
            "jdbc:metrics:postgresql",
            "jdbc:metrics:postgresql:",
            "jdbc:metrics:1pg://u:%s@db/app",
            "jdbc:metrics:pg sql://u:%s@db/app",
            "jdbc:metrics:p/g://u:%s@db/app",
            "jdbc:metrics:@://u:%s@db/app",
            "jdbc:metrics:nosuchdb://u:%s@db:5432/app?password=%s&ssl=true",
            "jdbc:metrics:nosuchdb:thin:scott/%s@dbhost:1521:sales",
            "jdbc:metrics:nosuchdb:thin:scott/%s@//dbhost:1521/sales",
            "jdbc:metrics:nosuchdb://address=(host=db)(user=u)(password=%s)/app",
            "jdbc:metrics:nosuchdb://(host=db,user=u,password=%s)/app",
            "jdbc:metrics:nosuchdb://db/app;user=u;password=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.bogus=1;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;JDBCMETRICS.NAME=a;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.slowQueryMillis=soon;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.slowQueryMillis=-5;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.tableLabel=maybe;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.driver=com.nosuch.Driver;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.driver=java.lang.String;PASSWORD=%s",
            "jdbc:metrics:h2:mem:x;jdbcmetrics.driver=java.sql.Driver;PASSWORD=%s",
            "jdbc:metrics:nosuchdb://u:%s@db/app?jdbcmetrics.driver=org.h2.Driver");

    @Property(tries = 1000)
    void malformedUrlsFailWithOneClearSqlExceptionAndNoSecret(@ForAll("malformed") String url,
            @ForAll("secrets") String secret) {
        String planted = url.replace("%s", secret);
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("password", secret);

        Throwable thrown = catchThrowable(() -> DriverManager.getConnection(planted, info));

        assertThat(thrown).as("for %s", planted).isExactlyInstanceOf(SQLException.class);
        SQLException e = (SQLException) thrown;
        assertThat(e.getMessage()).as("for %s", planted).startsWith("jdbc-metrics:");
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat((Object) e.getNextException()).isNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("message for %s", planted).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
    }

    @Provide
    Arbitrary<String> malformed() {
        Arbitrary<String> shapes = Arbitraries.of(SHAPES);
        // Junk spliced into the URL after the prefix (never a separator that would end the
        // subprotocol as h2, the one real driver on this class path; no %, which with an s would
        // make a password placeholder where no password belongs).
        Arbitrary<String> junk = Arbitraries.strings().withChars("/:@?&;=()[]# \t\\\"'é\u0000").ofMaxLength(6);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 200);
        return Combinators.combine(shapes, junk, at).as((shape, j, position) -> {
            if (shape.startsWith("jdbc:metrics:h2:") || j.isEmpty()) {
                return shape; // a well-formed H2 URL with one bad setting: kept as it is
            }
            String prefix = "jdbc:metrics:";
            String rest = shape.substring(prefix.length());
            int cut = Math.min(position, rest.length());
            return prefix + rest.substring(0, cut) + j + rest.substring(cut);
        });
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(0).ofMaxLength(12).map(s -> SECRET_MARK + s);
    }
}
