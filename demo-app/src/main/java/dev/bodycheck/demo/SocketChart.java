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
 * A hand-written SVG of this process's open sockets to the server over each loop: one panel per client,
 * the leaky loop in red (dashed: the part of it in CLOSE_WAIT), the reclaimed loop (leaky, with the
 * agent's {@code reclaim=true}) in blue, the fixed loop in green. All panels share the vertical scale and the
 * time axis (that of the longest loop), so that heights and slopes compare.
 */
final class SocketChart {
    private static final int PANEL_W = 300;
    private static final int PANEL_H = 212;
    private static final int LEFT = 46;
    private static final int RIGHT = 14;
    private static final int TOP = 50;
    private static final int BOTTOM = 38;
    private static final int COLUMNS = 3;
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
        Map<ClientKind, LoopResult[]> panels = new LinkedHashMap<>();
        int yMax = 1;
        long tMax = 1;
        for (LoopResult r : results) {
            panels.computeIfAbsent(r.kind(), k -> new LoopResult[Loop.values().length])[r.loop().ordinal()] = r;
            tMax = Math.max(tMax, r.millis());
            for (LoopResult.Sample s : r.samples()) {
                yMax = Math.max(yMax, s.open());
                tMax = Math.max(tMax, s.millis());
            }
        }
        yMax = niceCeiling(yMax);
        double seconds = niceSeconds(tMax / 1000.0);
        int columns = Math.max(1, Math.min(COLUMNS, panels.size()));
        int rows = Math.max(1, (panels.size() + columns - 1) / columns);
        int width = columns * PANEL_W + 20;
        int height = HEADER + rows * PANEL_H + 10;

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">%n",
                width, height, width, height));
        b.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        b.append("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Open sockets to the heartbeat server, "
                + "leaky loop, leaky with reclaim=true, fixed loop</text>\n");
        b.append("<text x=\"10\" y=\"37\" fill=\"#555\">").append(escape(subtitle)).append("</text>\n");
        legend(b, 10, 52);
        if (panels.isEmpty()) {
            b.append("<text x=\"10\" y=\"90\">no socket counts: /proc/self is not readable on this system</text>\n");
        }
        int i = 0;
        for (Map.Entry<ClientKind, LoopResult[]> e : panels.entrySet()) {
            int x = 10 + (i % columns) * PANEL_W;
            int y = HEADER + (i / columns) * PANEL_H;
            panel(b, x, y, e.getKey(), e.getValue(), yMax, seconds);
            i++;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void legend(StringBuilder b, int x, int y) {
        line(b, x, y, x + 24, y, LEAKY, 2, null);
        text(b, x + 30, y + 4, "leaky: open sockets", null);
        line(b, x + 150, y, x + 174, y, LEAKY, 1.2, "4 3");
        text(b, x + 180, y + 4, "leaky: of those, in CLOSE_WAIT", null);
        line(b, x + 370, y, x + 394, y, RECLAIMED, 2, null);
        text(b, x + 400, y + 4, "leaky, reclaim=true: open sockets", null);
        line(b, x + 600, y, x + 624, y, FIXED, 2, null);
        text(b, x + 630, y + 4, "fixed: open sockets", null);
    }

    private static void panel(StringBuilder b, int x, int y, ClientKind kind, LoopResult[] loops, int yMax,
            double seconds) {
        LoopResult leaky = loops[Loop.LEAKY.ordinal()];
        LoopResult reclaimed = loops[Loop.RECLAIMED.ordinal()];
        LoopResult fixed = loops[Loop.FIXED.ordinal()];
        int x0 = x + LEFT;
        int x1 = x + PANEL_W - RIGHT;
        int y0 = y + PANEL_H - BOTTOM;
        int y1 = y + TOP;
        text(b, x0, y + 16, kind.title(), "font-weight=\"bold\" font-size=\"12\"");
        text(b, x0, y + 29, leaks(loops), "fill=\"#555\" font-size=\"10\"");
        String failures = failures(loops);
        if (!failures.isEmpty()) {
            text(b, x0, y + 41, failures, "fill=\"" + LEAKY + "\" font-size=\"10\"");
        }
        // axes, grid and ticks
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
        if (fixed != null) {
            series(b, fixed, false, FIXED, 2, null, x0, x1, y0, y1, seconds, yMax);
        }
        if (reclaimed != null) {
            series(b, reclaimed, false, RECLAIMED, 2, null, x0, x1, y0, y1, seconds, yMax);
        }
        if (leaky != null) {
            series(b, leaky, true, LEAKY, 1.2, "4 3", x0, x1, y0, y1, seconds, yMax);
            series(b, leaky, false, LEAKY, 2, null, x0, x1, y0, y1, seconds, yMax);
        }
    }

    /** What the agent reported: the fact the lines do not show. */
    private static String leaks(LoopResult[] loops) {
        StringBuilder b = new StringBuilder();
        boolean tracked = false;
        for (LoopResult r : loops) {
            if (r == null) {
                continue;
            }
            if (r.agent() == null) {
                return "leaks: n/a (agent not attached)";
            }
            tracked |= r.tracked();
            b.append(b.length() > 0 ? ", " : "").append(r.loop().id()).append(' ').append(r.agent().leaked());
        }
        return tracked ? "leaks reported: " + b : "leaks: - (this agent build does not track it)";
    }

    /** Beats that failed (a pool that ran dry), or "". */
    private static String failures(LoopResult[] loops) {
        StringBuilder b = new StringBuilder();
        boolean timeout = false;
        for (LoopResult r : loops) {
            if (r != null && r.failed() > 0) {
                b.append(b.length() > 0 ? "; " : "").append(r.failed()).append(" of ").append(r.beats()).append(' ')
                        .append(r.loop().id()).append(" beats failed");
                timeout |= r.firstError() != null && r.firstError().toLowerCase(java.util.Locale.ROOT).contains("timeout");
            }
        }
        if (timeout) {
            b.append(": the pool ran dry");
        }
        return b.toString();
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
