package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.ClientKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written SVG of this process's open sockets to the server over each loop: one row per client, one panel
 * per loop (leaky in red, the leaky loop with the agent's {@code reclaim=true} in blue, fixed in green; dashed:
 * the part in CLOSE_WAIT). Each panel has its own time axis, from the loop's start to its end (a one-second loop
 * is not squeezed beside a ten-second one); all share the vertical scale, so that heights compare.
 */
final class SocketChart {
    private static final int PANEL_W = 300;
    private static final int PANEL_H = 200;
    private static final int LEFT = 46;
    private static final int RIGHT = 14;
    private static final int TOP = 38;
    private static final int BOTTOM = 38;
    private static final int HEADER = 62;
    private static final String LEAKY = "#d62728";
    private static final String RECLAIMED = "#1f77b4";
    private static final String FIXED = "#2ca02c";

    private SocketChart() {
    }

    /**
     * Why {@code file} cannot be written, or null if it can: tried at once (its folders made, the file opened for
     * writing, and removed again if it was not there), so that a bad path fails before the loops, not after them.
     */
    static String cannotWrite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(file)) {
                Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close();
            } else {
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW).close();
                Files.delete(file);
            }
            return null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null
                    ? ((java.nio.file.FileSystemException) e).getReason() : e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    static void write(Path file, List<LoopResult> results, String subtitle) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, svg(results, subtitle), StandardCharsets.UTF_8);
    }

    static String svg(List<LoopResult> results, String subtitle) {
        Map<ClientKind, LoopResult[]> rowsByClient = new LinkedHashMap<>();
        boolean[] ran = new boolean[Loop.values().length];
        int yMax = 1;
        for (LoopResult r : results) {
            rowsByClient.computeIfAbsent(r.kind(), k -> new LoopResult[Loop.values().length])[r.loop().ordinal()] = r;
            ran[r.loop().ordinal()] = true;
            for (LoopResult.Sample s : r.samples()) {
                yMax = Math.max(yMax, s.open());
            }
        }
        yMax = niceCeiling(yMax);
        int[] columnOf = new int[Loop.values().length];
        int columns = 0;
        for (Loop loop : Loop.values()) {
            columnOf[loop.ordinal()] = ran[loop.ordinal()] ? columns++ : -1;
        }
        columns = Math.max(1, columns);
        int rows = Math.max(1, rowsByClient.size());
        int width = Math.max(columns * PANEL_W + 20, 780);
        int height = HEADER + rows * PANEL_H + 10;

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">%n",
                width, height, width, height));
        b.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        b.append("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Open sockets to the heartbeat server "
                + "over each loop (each panel on its own time axis)</text>\n");
        b.append("<text x=\"10\" y=\"37\" fill=\"#555\">").append(escape(subtitle)).append("</text>\n");
        legend(b, 10, 52);
        if (rowsByClient.isEmpty()) {
            b.append("<text x=\"10\" y=\"90\">no socket counts: /proc/self is not readable on this system</text>\n");
        }
        int row = 0;
        for (Map.Entry<ClientKind, LoopResult[]> e : rowsByClient.entrySet()) {
            for (LoopResult r : e.getValue()) {
                if (r != null) {
                    int x = 10 + columnOf[r.loop().ordinal()] * PANEL_W;
                    int y = HEADER + row * PANEL_H;
                    panel(b, x, y, r, yMax);
                }
            }
            row++;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void legend(StringBuilder b, int x, int y) {
        line(b, x, y, x + 24, y, LEAKY, 2, null);
        text(b, x + 30, y + 4, "leaky", null);
        line(b, x + 80, y, x + 104, y, RECLAIMED, 2, null);
        text(b, x + 110, y + 4, "leaky, reclaim=true", null);
        line(b, x + 230, y, x + 254, y, FIXED, 2, null);
        text(b, x + 260, y + 4, "fixed", null);
        line(b, x + 310, y, x + 334, y, "#555", 1.2, "4 3");
        text(b, x + 340, y + 4, "of the open sockets, those in CLOSE_WAIT", null);
    }

    private static String color(Loop loop) {
        return loop == Loop.LEAKY ? LEAKY : loop == Loop.RECLAIMED ? RECLAIMED : FIXED;
    }

    /** One loop of one client, on its own time axis: 0 to the loop's length, rounded up. */
    private static void panel(StringBuilder b, int x, int y, LoopResult r, int yMax) {
        long tMax = Math.max(1, r.millis());
        for (LoopResult.Sample s : r.samples()) {
            tMax = Math.max(tMax, s.millis());
        }
        double seconds = niceSeconds(tMax / 1000.0);
        int x0 = x + LEFT;
        int x1 = x + PANEL_W - RIGHT;
        int y0 = y + PANEL_H - BOTTOM;
        int y1 = y + TOP;
        text(b, x0, y + 14, r.kind().title() + ", " + r.loop().id(), "font-weight=\"bold\" font-size=\"12\"");
        text(b, x0, y + 27, caption(r), "fill=\"" + (r.failed() > 0 ? LEAKY : "#555") + "\" font-size=\"10\"");
        for (int k = 0; k <= 4; k++) {
            double v = yMax * k / 4.0;
            double py = y0 - (y0 - y1) * k / 4.0;
            line(b, x0, py, x1, py, k == 0 ? "#333" : "#e4e4e4", 1, null);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>%n",
                    x0 - 4, py + 4, fmt(v)));
        }
        line(b, x0, y0, x0, y1, "#333", 1, null);
        for (int k = 0; k <= 4; k++) {
            double px = x0 + (x1 - x0) * k / 4.0;
            line(b, px, y0, px, y0 + 4, "#333", 1, null);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">%s</text>%n",
                    px, y0 + 15, fmt(seconds * k / 4.0)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">seconds into the loop</text>%n",
                (x0 + x1) / 2.0, y0 + 29));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%.1f) rotate(-90)\" text-anchor=\"middle\" "
                + "fill=\"#555\">open sockets</text>%n", x + 12, (y0 + y1) / 2.0));
        series(b, r, true, color(r.loop()), 1.2, "4 3", x0, x1, y0, y1, seconds, yMax);
        series(b, r, false, color(r.loop()), 2, null, x0, x1, y0, y1, seconds, yMax);
    }

    /** What the agent reported and the beats that failed: the facts the lines do not show. */
    private static String caption(LoopResult r) {
        String leaks = r.agent() == null ? "leaks n/a (agent not attached)"
                : r.tracked() ? r.agent().leaked() + " leaks reported" : "leaks - (not tracked)";
        boolean timeout = r.firstError() != null && r.firstError().toLowerCase(Locale.ROOT).contains("timeout");
        return leaks + (r.failed() > 0 ? "; " + r.failed() + " of " + r.beats() + " beats failed"
                + (timeout ? ": the pool ran dry" : "") : "");
    }

    /** A step line: a count holds until the next sample. */
    private static void series(StringBuilder b, LoopResult r, boolean closeWait, String color, double stroke,
            String dash, int x0, int x1, int y0, int y1, double seconds, int yMax) {
        if (r.samples().isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        double lastY = Double.NaN;
        for (LoopResult.Sample s : r.samples()) {
            double px = x0 + (x1 - x0) * Math.min(1.0, s.millis() / 1000.0 / seconds);
            double py = y0 - (y0 - y1) * (double) (closeWait ? s.closeWait() : s.open()) / yMax;
            if (!Double.isNaN(lastY)) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, lastY));
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            lastY = py;
        }
        b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(stroke)
                .append('"').append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                .append(" stroke-linejoin=\"round\" points=\"").append(points.toString().trim()).append("\"/>\n");
    }

    private static void line(StringBuilder b, double xa, double ya, double xb, double yb, String color, double stroke,
            String dash) {
        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%s\"%s/>%n", xa, ya, xb, yb, color, fmt(stroke),
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    private static void text(StringBuilder b, double x, double y, String text, String attributes) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>%n", x, y,
                attributes == null ? "" : " " + attributes, escape(text)));
    }

    /** 1, 2, 4, 5, 10, 20, 40, 50, 100... : a top that divides into four round ticks. */
    static int niceCeiling(int n) {
        for (int scale = 1; ; scale *= 10) {
            for (int step : new int[] {1, 2, 4, 5}) {
                if (step * scale >= n) {
                    return step * scale;
                }
            }
        }
    }

    private static double niceSeconds(double s) {
        for (double step : new double[] {0.2, 0.4, 0.8, 1, 2, 4, 5, 8, 10, 20, 40, 60, 120, 240, 600}) {
            if (step >= s) {
                return step;
            }
        }
        return Math.ceil(s / 600) * 600;
    }

    private static String fmt(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
