package io.jlvs.bench.sidebyside;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The side-by-side chart, drawn with the JDK's own Java2D (headless) so the benchmark needs no
 * plotting package: two panels of grouped bars, one group per workload, one bar per target, each
 * bar the target's figure over nftables NAT's in the same run (the dashed line at 1). Top: what the
 * workload is about (requests/s, MB/s for 100 KiB, delivered packets/s for UDP); bottom: the
 * director's CPU per 100 k requests (lower is better).
 */
final class ReportChart {
    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 330;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final Color[] PALETTE = {
        new Color(0x77, 0x77, 0x77), new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28),
        new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd),
        new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2)
    };
    private static final List<String> WORKLOADS = List.of("newconn", "keepalive", "100k", "udp", "synflood");

    private static final List<String> SHORT =
            List.of("(a) new conn/request", "(b) keep-alive", "(c) 100 KiB", "(d) small UDP", "(e) SYN flood");

    private ReportChart() {}

    static void write(SideBySideReport report, Path png) throws IOException {
        Set<String> targets = new LinkedHashSet<>();
        for (SideBySideReport.Row r : report.rows()) {
            if (WORKLOADS.contains(r.workload())) {
                targets.add(r.target());
            }
        }
        List<String> ts = new ArrayList<>(targets);
        BufferedImage img = new BufferedImage(WIDTH, 2 * PANEL_HEIGHT + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString("jlvs side by side — " + report.date() + " — × nftables NAT, same run", LEFT, 22);
            panel(
                    g,
                    report,
                    ts,
                    40,
                    "throughput × nftables (higher is better)",
                    r -> SideBySideReport.headline(r.workload(), r.ratio()));
            panel(g, report, ts, 40 + PANEL_HEIGHT, "director CPU per 100k × nftables (lower is better)", r -> r.ratio()
                    .cpuPer100k());
            legend(g, ts);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(
            Graphics2D g,
            SideBySideReport report,
            List<String> ts,
            int top,
            String title,
            ToDoubleFunction<SideBySideReport.Row> value) {
        int plotTop = top + 30;
        int plotBottom = top + PANEL_HEIGHT - 40;
        int plotRight = WIDTH - RIGHT;
        double max = 1.2;
        for (SideBySideReport.Row r : report.rows()) {
            double v = value.applyAsDouble(r);
            if (WORKLOADS.contains(r.workload()) && Double.isFinite(v)) {
                max = Math.max(max, v * 1.1);
            }
        }
        max = Math.min(max, 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, top + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // Axis and grid.
        double step = max <= 2 ? 0.25 : max <= 5 ? 0.5 : 1;
        for (double y = 0; y <= max + 1e-9; y += step) {
            int py = plotBottom - (int) (y / max * (plotBottom - plotTop));
            g.setColor(new Color(0xe8, 0xe8, 0xe8));
            g.drawLine(LEFT, py, plotRight, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", y), LEFT - 40, py + 4);
        }
        int one = plotBottom - (int) (1 / max * (plotBottom - plotTop));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(LEFT, one, plotRight, one);
        g.setStroke(new BasicStroke(1));
        g.drawLine(LEFT, plotBottom, plotRight, plotBottom);
        int groupWidth = (plotRight - LEFT) / WORKLOADS.size();
        int barWidth = Math.max(4, (groupWidth - 20) / Math.max(1, ts.size()));
        for (int w = 0; w < WORKLOADS.size(); w++) {
            String workload = WORKLOADS.get(w);
            int gx = LEFT + w * groupWidth + 10;
            g.setColor(Color.BLACK);
            g.drawString(SHORT.get(w), gx, plotBottom + 16);
            for (int t = 0; t < ts.size(); t++) {
                var row = report.row(workload, ts.get(t));
                if (row.isEmpty()) {
                    continue;
                }
                double v = value.applyAsDouble(row.get());
                if (!Double.isFinite(v)) {
                    continue;
                }
                int h = (int) (Math.min(v, max) / max * (plotBottom - plotTop));
                g.setColor(PALETTE[t % PALETTE.length]);
                g.fillRect(gx + t * barWidth, plotBottom - h, barWidth - 2, h);
            }
        }
    }

    private static void legend(Graphics2D g, List<String> ts) {
        int x = WIDTH - RIGHT + 20;
        int y = 80;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t < ts.size(); t++) {
            g.setColor(PALETTE[t % PALETTE.length]);
            g.fillRect(x, y + t * 22 - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(SideBySideReport.targetLabel(ts.get(t)), x + 20, y + t * 22);
        }
    }
}
