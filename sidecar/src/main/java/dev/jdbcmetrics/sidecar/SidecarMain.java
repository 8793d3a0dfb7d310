package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.exporter.ExporterConfigException;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.sidecar.demo.Demo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code jdbc-metrics-sidecar} command line.
 *
 * <pre>
 * java -jar jdbc-metrics-sidecar.jar --demo [--port 9853]
 * java -jar jdbc-metrics-sidecar.jar --config exporter.yml [--port 9853] [--web-config web-config.yml]
 * java -jar jdbc-metrics-sidecar.jar --check-config exporter.yml
 * </pre>
 *
 * <p>Exit codes: 0 success (and after SIGTERM or Ctrl-C), 2 bad flags or configuration, 1 a
 * failure while running (such as the port being in use). Errors are one line on stderr;
 * {@code --debug} adds the stack trace.
 */
@Command(name = "jdbc-metrics-sidecar", mixinStandardHelpOptions = true,
        versionProvider = SidecarMain.Version.class, sortOptions = false,
        description = "Serves JDBC query, connection and pool metrics and SQL collector results"
                + " of the configured databases on /metrics (Prometheus).")
public final class SidecarMain implements Callable<Integer> {

    static final String NAME = "jdbc-metrics-sidecar";
    static final int EXIT_RUNTIME = 1;
    static final int EXIT_USAGE = 2;

    /** Exactly one of the three modes. */
    static final class Mode {
        @Option(names = "--config", paramLabel = "FILE",
                description = "Run the sidecar with this YAML configuration.")
        Path config;

        @Option(names = "--check-config", paramLabel = "FILE",
                description = "Validate this configuration, print a summary and exit.")
        Path checkConfig;

        @Option(names = "--demo",
                description = "Run against an embedded H2 database with a synthetic workload.")
        boolean demo;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--port", paramLabel = "N", defaultValue = "9853",
            description = "Port to serve on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Host name or address to listen on (default: all interfaces).")
    String host;

    @Option(names = "--web-config", paramLabel = "FILE",
            description = "exporter-toolkit web-config.yml for basic auth and TLS.")
    Path webConfig;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stop;

    /**
     * @param stop released to stop a running sidecar or demo (by SIGTERM, Ctrl-C, or a test)
     */
    SidecarMain(CountDownLatch stop) {
        this.stop = stop;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        System.exit(commandLine(stop).execute(args));
    }

    /** The command line with our error handling; tests call {@code execute} on it. */
    static CommandLine commandLine(CountDownLatch stop) {
        CommandLine commandLine = new CommandLine(new SidecarMain(stop));
        commandLine.setParameterExceptionHandler((e, args) -> {
            String message = String.valueOf(e.getMessage()).replaceFirst("^Error: ", "");
            e.getCommandLine().getErr().println(NAME + ": " + message + " (see --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            SidecarMain main = cl.getCommand();
            cl.getErr().println(NAME + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            if (main.debug) {
                e.printStackTrace(cl.getErr());
            }
            return EXIT_RUNTIME;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            return fail(EXIT_USAGE, "--port must be between 0 and 65535, got " + port, null);
        }
        try {
            if (mode.checkConfig != null) {
                return check(mode.checkConfig);
            }
            if (mode.demo) {
                return demo();
            }
            return run(mode.config);
        } catch (ConfigException e) {
            return fail(EXIT_USAGE, e.getMessage(), e);
        } catch (ExporterConfigException e) {
            // A port that cannot be bound is a runtime problem; a bad web config is a config one.
            boolean bind = e.getCause() instanceof BindException;
            return fail(bind ? EXIT_RUNTIME : EXIT_USAGE, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int check(Path file) throws ConfigException {
        SidecarConfig config = SidecarConfig.load(file);
        for (var target : config.targets()) {
            TargetPool.checkDriver(target);
        }
        out().println("configuration OK: " + plural(config.targets().size(), "target") + ", "
                + plural(config.collectors().size(), "collector"));
        return 0;
    }

    private int run(Path file) throws ConfigException, InterruptedException {
        SidecarConfig config = SidecarConfig.load(file);
        try (Sidecar sidecar = Sidecar.builder(config).port(port).host(host).webConfig(webConfig)
                .start()) {
            out().println(NAME + ": serving http://" + shownHost() + ":" + sidecar.getPort()
                    + "/metrics for " + plural(config.targets().size(), "target"));
            stop.await();
        }
        return 0;
    }

    private int demo() throws ConfigException, InterruptedException {
        Demo demo;
        try {
            demo = Demo.start(port, host, webConfig);
        } catch (java.sql.SQLException e) {
            return fail(EXIT_RUNTIME, "the demo database could not be created: SQLState "
                    + e.getSQLState(), e);
        }
        try (demo) {
            out().print(Demo.banner(shownHost(), demo.getPort()));
            out().flush();
            stop.await();
        }
        return 0;
    }

    private String shownHost() {
        return host == null ? "localhost" : host;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private int fail(int code, String message, Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(NAME + ": " + message);
        if (debug && e != null) {
            e.printStackTrace(err);
        }
        return code;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The version from the build, as {@code jdbc_metrics_build_info} shows it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MetricsExporter.version();
            return new String[] {NAME + " " + version,
                    "Java " + System.getProperty("java.version")};
        }
    }
}
