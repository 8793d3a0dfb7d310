package dev.jdbcmetrics.benchmarks.report;

import dev.jdbcmetrics.benchmarks.Tool;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws the overhead chart with plain Java2D (headless): one row per workload, time overhead
 * against raw HikariCP on the left (one bar per thread count), allocation overhead on the
 * right. Lower is better; bars left of zero are within noise of raw or faster.
 */
final class OverheadChart {

    static final int WIDTH = 1400;
    private static final int MARGIN = 20;
    private static final int LABEL_WIDTH = 170;
    private static final int BAR_HEIGHT = 13;
    private static final int GROUP_GAP = 8;
    private static final int PANEL_HEADER = 34;
    private static final int PANEL_FOOTER = 28;
    private static final Color[] THREAD_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e),
        new Color(0x2ca02c), new Color(0xd62728)};
    private static final Color ALLOC_COLOUR = new Color(0x7f7f7f);
    private static final List<Tool> TOOLS = Arrays.stream(Tool.values()).filter(t -> t != Tool.RAW).toList();

    private OverheadChart() {
    }

    /**
     * Renders the chart for the JDBC overhead results in {@code results} to {@code png}.
     *
     * @throws IllegalArgumentException when {@code results} holds no JDBC overhead results
     */
    static void render(List<JmhResult> results, String caption, Path png) throws IOException {
        Overheads overheads = Overheads.onH2(results);
        List<Integer> threads = overheads.threadCounts();
        List<String> methods = Overheads.METHODS.stream()
                .filter(m -> overheads.workloads().stream().anyMatch(w -> w.method().equals(m)))
                .toList();
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("No JdbcOverhead* results to chart");
        }
        int panelHeight = PANEL_HEADER + TOOLS.size() * (threads.size() * BAR_HEIGHT + GROUP_GAP)
                + PANEL_FOOTER;
        int height = 90 + methods.size() * (panelHeight + MARGIN);
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("JDBC overhead against raw HikariCP (H2 in memory) — lower is better", MARGIN, 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(caption, MARGIN, 54);
            legend(g, threads);
            int columnWidth = (WIDTH - 3 * MARGIN) / 2;
            int y = 80;
            for (String method : methods) {
                Panel time = new Panel(g, MARGIN, y, columnWidth, panelHeight);
                time.draw(method + ": time per op vs raw (ns)" + rawScores(overheads, method),
                        overheads, method, threads, false);
                Panel alloc = new Panel(g, 2 * MARGIN + columnWidth, y, columnWidth, panelHeight);
                alloc.draw(method + ": allocation per op vs raw (B), " + threads.get(0)
                        + (threads.get(0) == 1 ? " thread" : " threads"), overheads, method,
                        List.of(threads.get(0)), true);
                y += panelHeight + MARGIN;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** E.g. {@code ", raw 1,071 / 1,090 ns/op"}: the baseline the bars are measured from. */
    private static String rawScores(Overheads overheads, String method) {
        List<String> scores = overheads.workloads().stream()
                .filter(w -> w.method().equals(method))
                .flatMap(w -> w.result(Tool.RAW).stream())
                .map(r -> String.format(Locale.ROOT, "%,.0f", r.score()))
                .toList();
        return scores.isEmpty() ? "" : ", raw " + String.join(" / ", scores) + " ns/op";
    }

    private static void legend(Graphics2D g, List<Integer> threads) {
        int x = WIDTH - MARGIN - 150 * threads.size();
        for (int i = 0; i < threads.size(); i++) {
            g.setColor(THREAD_COLOURS[i % THREAD_COLOURS.length]);
            g.fillRect(x, 44, 14, 12);
            g.setColor(Color.BLACK);
            int n = threads.get(i);
            g.drawString(n + (n == 1 ? " thread" : " threads"), x + 20, 55);
            x += 150;
        }
    }

    /** One bar panel: tools down the left, values against a zero line. */
    private record Panel(Graphics2D g, int x, int y, int width, int height) {

        void draw(String title, Overheads overheads, String method, List<Integer> threads, boolean bytes) {
            g.setColor(new Color(0xf7f7f7));
            g.fillRect(x, y, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, x + 8, y + 22);
            double[][] values = new double[TOOLS.size()][threads.size()];
            double min = 0;
            double max = 0;
            for (int t = 0; t < TOOLS.size(); t++) {
                for (int i = 0; i < threads.size(); i++) {
                    Optional<Overheads.Workload> w = workload(overheads, method, threads.get(i));
                    Tool tool = TOOLS.get(t);
                    values[t][i] = w.map(wl -> bytes ? wl.overheadBytes(tool) : wl.overheadNanos(tool))
                            .orElse(Double.NaN);
                    if (!Double.isNaN(values[t][i])) {
                        min = Math.min(min, values[t][i]);
                        max = Math.max(max, values[t][i]);
                    }
                }
            }
            if (max == min) {
                max = min + 1;
            }
            int plotLeft = x + LABEL_WIDTH;
            int plotWidth = width - LABEL_WIDTH - 90;
            double span = max - min;
            int zero = plotLeft + (int) Math.round(-min / span * plotWidth);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int rowY = y + PANEL_HEADER;
            for (int t = 0; t < TOOLS.size(); t++) {
                int groupHeight = threads.size() * BAR_HEIGHT;
                g.setColor(Color.BLACK);
                g.drawString(TOOLS.get(t).param(), x + 8, rowY + groupHeight / 2 + 5);
                for (int i = 0; i < threads.size(); i++) {
                    double v = values[t][i];
                    int barY = rowY + i * BAR_HEIGHT;
                    if (Double.isNaN(v)) {
                        g.setColor(Color.GRAY);
                        g.drawString("not measured", zero + 4, barY + BAR_HEIGHT - 2);
                        continue;
                    }
                    int end = plotLeft + (int) Math.round((v - min) / span * plotWidth);
                    g.setColor(bytes ? ALLOC_COLOUR : THREAD_COLOURS[i % THREAD_COLOURS.length]);
                    g.fillRect(Math.min(zero, end), barY + 1, Math.max(1, Math.abs(end - zero)), BAR_HEIGHT - 2);
                    g.setColor(Color.BLACK);
                    g.drawString(label(v), Math.max(zero, end) + 4, barY + BAR_HEIGHT - 2);
                }
                rowY += groupHeight + GROUP_GAP;
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(zero, y + PANEL_HEADER - 4, zero, rowY);
            g.drawString("0", zero - 3, rowY + 14);
            g.drawString(label(max), plotLeft + plotWidth - 20, rowY + 14);
            if (zero - plotLeft > 60) {
                g.drawString(label(min), plotLeft, rowY + 14);
            }
        }

        private static Optional<Overheads.Workload> workload(Overheads overheads, String method, int threads) {
            return overheads.workloads().stream()
                    .filter(w -> w.method().equals(method) && w.threads() == threads)
                    .findFirst();
        }

        private static String label(double v) {
            return (v >= 0 ? "+" : "−") + String.format(Locale.ROOT, "%,.0f", Math.abs(v));
        }
    }
}
