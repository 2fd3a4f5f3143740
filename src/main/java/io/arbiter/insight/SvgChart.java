package io.arbiter.insight;

import java.util.List;
import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

/**
 * A bar chart as an SVG document, drawn on the server: vertical bars per category, one series or several (stacked
 * or side by side). Colours are presentation attributes, not styles, so the pages' Content-Security-Policy (no
 * inline styles) holds. The chart is a picture of the table beside it: screen readers get the title and the table.
 */
public final class SvgChart {

    /** Eight colours told apart with the common kinds of colour blindness (Okabe and Ito). */
    private static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
            "#D55E00", "#F0E442", "#000000");
    private static final int WIDTH = 640;
    private static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int BOTTOM = 64;

    public record Series(String name, double[] values) {
    }

    private SvgChart() {
    }

    /**
     * @param id         unique on the page; names the title element
     * @param title      what the chart shows, read out for the picture
     * @param categories the x axis, left to right
     * @param stacked    series on top of each other (parts of a whole), else side by side
     */
    public static String bars(String id, String title, List<String> categories, List<Series> series, boolean stacked) {
        double max = 0;
        for (int c = 0; c < categories.size(); c++) {
            double total = 0;
            for (Series s : series) {
                total = stacked ? total + s.values()[c] : Math.max(total, s.values()[c]);
            }
            max = Math.max(max, total);
        }
        double top = niceCeiling(max);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""
                + " viewBox=\"0 0 %d %d\" aria-labelledby=\"%s-title\" data-chart=\"%s\">", WIDTH,
                HEIGHT + 18 * ((series.size() + 2) / 3), id, id));
        svg.append("<title id=\"").append(id).append("-title\">").append(escape(title)).append("</title>");
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            double y = TOP + plotHeight - plotHeight * tick / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, WIDTH - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
                    + " fill=\"#333\">%s</text>", LEFT - 4, y + 4, number(value)));
        }
        int n = Math.max(1, categories.size());
        double slot = (double) plotWidth / n;
        double barWidth = stacked ? slot * 0.8 : slot * 0.8 / Math.max(1, series.size());
        int labelEvery = (int) Math.ceil(n / 12.0);
        for (int c = 0; c < categories.size(); c++) {
            double x = LEFT + slot * c + slot * 0.1;
            double base = TOP + plotHeight;
            for (int s = 0; s < series.size(); s++) {
                double value = series.get(s).values()[c];
                double h = top == 0 ? 0 : plotHeight * value / top;
                double bx = stacked ? x : x + barWidth * s;
                double by = stacked ? base - h : TOP + plotHeight - h;
                if (value > 0) {
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                            + " fill=\"%s\" data-value=\"%s\"><title>%s, %s: %s</title></rect>", bx, by,
                            Math.max(barWidth - 1, 0.5), h, PALETTE.get(s % PALETTE.size()), number(value),
                            escape(categories.get(c)), escape(series.get(s).name()), number(value)));
                }
                if (stacked) {
                    base -= h;
                }
            }
            if (c % labelEvery == 0) {
                double lx = x + slot * 0.4;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#333\""
                        + " text-anchor=\"end\" transform=\"rotate(-35 %.1f %d)\">%s</text>", lx, TOP + plotHeight + 14,
                        lx, TOP + plotHeight + 14, escape(categories.get(c))));
            }
        }
        for (int s = 0; s < series.size(); s++) {
            int lx = LEFT + (s % 3) * 190;
            int ly = HEIGHT + 18 * (s / 3) + 4;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#333\">%s</text>", lx, ly - 10,
                    PALETTE.get(s % PALETTE.size()), lx + 16, ly, escape(series.get(s).name())));
        }
        return svg.append("</svg>").toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}: round gridlines. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
