package dev.jdbcmetrics.benchmarks;

import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What native histograms and exemplars add to the point SELECT through {@link MeteredDataSource},
 * on the stub backend (no SQL engine: what is left is the pool and the wrappers), one thread:
 * {@code classic} (the default), {@code native} ({@code nativeHistograms} on), {@code native-span}
 * (native histograms, and a sampled OpenTelemetry span current during the whole run, so every
 * query asks for it and exemplars are kept; one is replaced at most once a second per bucket).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DurationHistogramBenchmark -f 3 -wi 3 -i 5 -w 2s -r 2s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Thread)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class DurationHistogramBenchmark {

    @Param({"classic", "native", "native-span"})
    public String histograms;

    private Workbench workbench;
    private PrometheusMeterRegistry registry;
    private MeteredDataSource dataSource;
    private Scope span;
    private int id;

    @Setup(Level.Trial)
    public void open() {
        workbench = Workbench.open(Tool.RAW, Backend.STUB);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dataSource = MeteredDataSource.builder(workbench.dataSource()).name("bench").registry(registry)
                .config(MetricsConfig.builder().nativeHistograms(!histograms.equals("classic")).build()).build();
        if (histograms.equals("native-span")) {
            // Trial-level setup runs on the benchmark thread: the span is current for every invocation.
            span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                    TraceFlags.getSampled(), TraceState.getDefault())).makeCurrent();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (span != null) {
            span.close();
        }
        dataSource.close();
        registry.close();
        workbench.close();
    }

    @Benchmark
    public long pointSelect() throws SQLException {
        id = id % 2_000 + 1;
        return Workloads.pointSelect(dataSource, id);
    }
}
