package io.jlvs.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the cells side-by-side.sh measured into its report: {@code BASE.md} (one table, every
 * figure also as a ratio to nftables NAT of the same run, then latency under load, memory, the
 * issue's targets met or missed and the profile's hottest methods), {@code BASE.json} (the same
 * figures) and {@code BASE.png} (the chart).
 *
 * <p>Usage: {@code SideBySideReport META.json CELLS.jsonl BASE}.
 */
public final class SideBySideReport {
    static final String REFERENCE = "nftables";
    static final List<String> WORKLOAD_ORDER = List.of("newconn", "keepalive", "100k", "udp", "synflood", "latency");
    static final long GIB = 1L << 30;

    /** One line of the table: a target under a workload, the median of its rounds and its ratios. */
    public record Row(String workload, String target, int rounds, Figures median, Figures ratio) {}

    /** One of the targets, evaluated. */
    public record Check(String what, double value, String unit, double goal, boolean atLeast, boolean measured) {
        boolean met() {
            return measured && (atLeast ? value >= goal : value <= goal);
        }

        String verdict() {
            if (!measured) {
                return "not measured";
            }
            if (met()) {
                return "met";
            }
            if (!unit.equals("×")) {
                return "**missed** by " + num(Math.abs(value - goal)) + " " + unit;
            }
            double by = atLeast ? (1 - value / goal) * 100 : (value / goal - 1) * 100;
            return String.format(Locale.ROOT, "**missed** by %.0f %%", by);
        }
    }

    /** A memory fill: flows sent, connections jlvsd tracked afterwards, its RSS. */
    public record Memory(
            long flows,
            long connections,
            long rssKib,
            long rssKibBeforeFill,
            long fillSeconds,
            double idleCpuPercent) {}

    private final JsonNode meta;
    private final List<JsonNode> cells;
    private final List<Row> rows = new ArrayList<>();
    private final List<Memory> memory = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, Double> addedP99 = new LinkedHashMap<>();

    SideBySideReport(JsonNode meta, List<JsonNode> cells) {
        this.meta = meta;
        this.cells = List.copyOf(cells);
        build();
    }

    static String targetLabel(String t) {
        return switch (t) {
            case "direct" -> "direct path (no balancer)";
            case "nftables" -> "nftables NAT (kernel)";
            case "haproxy" -> "HAProxy, mode tcp";
            case "nginx" -> "nginx stream";
            case "jlvsd-nat" -> "jlvsd NAT";
            case "jlvsd-fullnat" -> "jlvsd FULLNAT";
            case "jlvsd-dr" -> "jlvsd DR";
            case "jlvsd-fullnat-synproxy" -> "jlvsd FULLNAT + SYNPROXY";
            default -> t;
        };
    }

    String workloadLabel(String w) {
        return switch (w) {
            case "newconn" -> "(a) new connection per request";
            case "keepalive" -> "(b) keep-alive";
            case "100k" -> "(c) 100 KiB responses";
            case "udp" -> "(d) small UDP (60-byte frames)";
            case "synflood" -> "(e) new connections under SYN flood";
            case "latency" -> "latency at " + meta.path("latency_rate").asLong() + " req/s (fixed rate)";
            default -> w;
        };
    }

    private List<String> targetsOf(String workload) {
        List<String> ts = new ArrayList<>();
        for (JsonNode t : meta.path("targets")) {
            ts.add(t.asText());
        }
        if (workload.equals("synflood")
                && meta.path("synproxy").path("available").asBoolean()) {
            ts.add("jlvsd-fullnat-synproxy");
        }
        return ts;
    }

    private void build() {
        for (String w : WORKLOAD_ORDER) {
            Map<String, Figures> medians = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String t : targetsOf(w)) {
                List<Figures> rounds = new ArrayList<>();
                for (JsonNode c : cells) {
                    if (c.path("workload").asText().equals(w)
                            && c.path("target").asText().equals(t)) {
                        rounds.add(Figures.of(c));
                    }
                }
                if (!rounds.isEmpty()) {
                    medians.put(t, Figures.median(rounds));
                    counts.put(t, rounds.size());
                }
            }
            Figures ref = medians.get(REFERENCE);
            for (Map.Entry<String, Figures> e : medians.entrySet()) {
                Figures ratio = ref == null
                        ? e.getValue().over(e.getValue())
                        : e.getValue().over(ref);
                rows.add(new Row(w, e.getKey(), counts.get(e.getKey()), e.getValue(), ratio));
            }
        }
        Optional<Row> directLatency = row("latency", "direct");
        for (Row r : rows) {
            if (r.workload().equals("latency") && directLatency.isPresent()) {
                addedP99.put(
                        r.target(),
                        r.median().p99Micros() - directLatency.get().median().p99Micros());
            }
        }
        for (JsonNode c : cells) {
            if (c.path("workload").asText().equals("memory")) {
                JsonNode m = c.path("memory");
                memory.add(new Memory(
                        m.path("flows").asLong(),
                        m.path("connections").asLong(),
                        m.path("rss_kib").asLong(),
                        m.path("rss_kib_before_fill").asLong(),
                        m.path("fill_seconds").asLong(),
                        m.path("idle_cpu_pct").asDouble()));
            }
        }
        evaluateTargets();
    }

    Optional<Row> row(String workload, String target) {
        return rows.stream()
                .filter(r -> r.workload().equals(workload) && r.target().equals(target))
                .findFirst();
    }

    List<Row> rows() {
        return rows;
    }

    String date() {
        return meta.path("date").asText();
    }

    List<Check> checks() {
        return checks;
    }

    private void evaluateTargets() {
        for (String j : List.of("jlvsd-fullnat", "jlvsd-nat", "jlvsd-dr")) {
            if (!targetsOf("newconn").contains(j)) {
                continue;
            }
            String name = targetLabel(j);
            ratioCheck(name + ": new connections/s ≥ 0.9 × nftables NAT", "newconn", j, REFERENCE, false, 0.9, true);
            ratioCheck(name + ": new connections/s ≥ 2 × HAProxy", "newconn", j, "haproxy", false, 2.0, true);
            ratioCheck(
                    name + ": director CPU per 100k new connections ≤ 0.5 × HAProxy",
                    "newconn",
                    j,
                    "haproxy",
                    true,
                    0.5,
                    false);
            ratioCheck(
                    name + ": director CPU per 100k keep-alive requests ≤ 0.5 × HAProxy",
                    "keepalive",
                    j,
                    "haproxy",
                    true,
                    0.5,
                    false);
            ratioCheck(
                    name + ": keep-alive requests/s ≥ 0.9 × nftables NAT", "keepalive", j, REFERENCE, false, 0.9, true);
            ratioCheck(name + ": 100 KiB throughput ≥ 0.9 × nftables NAT", "100k", j, REFERENCE, false, 0.9, true);
            Double added = addedP99.get(j);
            checks.add(new Check(
                    name + ": added p99 latency ≤ 100 µs over the direct path",
                    added == null ? Double.NaN : added,
                    "µs",
                    100,
                    false,
                    added != null));
        }
        // The fill stops at 99 % of the flows (frames lost while jlvsd was busy are not chased forever).
        Optional<Memory> tenM = memory.stream()
                .filter(m -> m.flows() >= 10_000_000L && m.connections() >= m.flows() * 99 / 100)
                .findFirst();
        checks.add(new Check(
                "jlvsd: 10 M tracked connections in ≤ 1.5 GiB RSS"
                        + tenM.map(m -> String.format(Locale.ROOT, " (%,d tracked)", m.connections()))
                                .orElse(""),
                tenM.map(m -> m.rssKib() * 1024.0 / GIB).orElse(Double.NaN),
                "GiB",
                1.5,
                false,
                tenM.isPresent()));
    }

    /** value = figure(a) / figure(b) for one workload; cpu picks the CPU figure, else the rate. */
    private void ratioCheck(String what, String w, String a, String b, boolean cpu, double goal, boolean atLeast) {
        Optional<Row> ra = row(w, a);
        Optional<Row> rb = row(w, b);
        double v = Double.NaN;
        if (ra.isPresent() && rb.isPresent()) {
            v = cpu
                    ? Figures.ratio(
                            ra.get().median().cpuPer100k(), rb.get().median().cpuPer100k())
                    : Figures.ratio(
                            headline(w, ra.get().median()), headline(w, rb.get().median()));
        }
        checks.add(new Check(what, v, "×", goal, atLeast, !Double.isNaN(v)));
    }

    /** The figure a workload is about: MB/s for 100 KiB responses, otherwise requests/s. */
    static double headline(String workload, Figures f) {
        return workload.equals("100k") ? f.megabytesPerSecond() : f.requestsPerSecond();
    }

    // --- Markdown -----------------------------------------------------------------------------

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String withRatio(double v, double ratio) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return Double.isNaN(ratio) ? num(v) : num(v) + " (" + String.format(Locale.ROOT, "%.2f×", ratio) + ")";
    }

    String markdown(String profileText) {
        StringBuilder md = new StringBuilder();
        String date = meta.path("date").asText();
        String commit = meta.path("commit").asText("");
        md.append("# Side by side: jlvsd and the load balancers people use instead — ")
                .append(date)
                .append(commit.isEmpty() ? "" : ", commit " + commit)
                .append(meta.path("quick").asBoolean() ? " (quick smoke run: figures not meaningful)" : "")
                .append("\n\n");
        md.append("""
                | machine | |
                |---|---|
                | CPUs (nproc) | %d |
                | CPU model | %s |
                | kernel | %s |
                | JDK | %s |
                | peers | HAProxy %s, nginx %s, wrk %s (Debian packages) |
                | pinning | clients (wrk, UdpBlaster, hping3, OpenLoopClient) `taskset -c %d`; director (haproxy, \
                nginx, jlvsd; RPS of the director's interfaces for the kernel rows) `taskset -c %d`; the real \
                servers' nginx unpinned |
                | run | %d round(s), %d s measured per cell after %d s of warm-up; each cell starts its balancer \
                fresh; the order of the targets alternates from workload to workload and round to round |
                | veth offloads | %s (`JLVS_LAB_OFFLOADS`, the same on every link and for every target) |

                """.formatted(
                        meta.path("nproc").asInt(),
                        meta.path("cpu_model").asText(),
                        meta.path("kernel").asText(),
                        meta.path("jdk").asText(),
                        meta.path("haproxy").asText(),
                        meta.path("nginx").asText(),
                        meta.path("wrk").asText(),
                        meta.path("client_cpu").asInt(),
                        meta.path("director_cpu").asInt(),
                        meta.path("rounds").asInt(),
                        meta.path("seconds_per_cell").asInt(),
                        meta.path("warmup_seconds").asInt(),
                        meta.path("lab_offloads").asText("off (before the setting existed)")));
        md.append("Every figure is the median over the rounds and, in brackets, its ratio to **nftables NAT** "
                + "measured in the same run. Requests/s is delivered packets/s for (d). Latency is wrk's (a, b, c, e) "
                + "or the fixed-rate client's (latency rows), in µs. Errors: wrk's socket errors + non-2xx; lost "
                + "packets for (d); failed or unanswered requests for the latency rows. MB/s = 10⁶ bytes of "
                + "responses (frames for (d)). **CPU s/100k** = the director's CPU seconds per 100 000 requests "
                + "(packets for (d)): for user-space balancers the process's utime + stime (`/proc/PID/stat`), "
                + "for the kernel rows the director CPU's softirq time (`/proc/stat`), with the director's "
                + "receive processing steered there by RPS.\n\n");
        md.append("| workload | target | requests/s | p50 µs | p99 µs | errors | MB/s | CPU s/100k |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Figures m = r.median();
            Figures q = r.ratio();
            md.append("| ")
                    .append(workloadLabel(r.workload()))
                    .append(" | ")
                    .append(targetLabel(r.target()))
                    .append(" | ")
                    .append(withRatio(m.requestsPerSecond(), q.requestsPerSecond()))
                    .append(" | ")
                    .append(withRatio(m.p50Micros(), q.p50Micros()))
                    .append(" | ")
                    .append(withRatio(m.p99Micros(), q.p99Micros()))
                    .append(" | ")
                    .append(withRatio(m.errors(), q.errors()))
                    .append(" | ")
                    .append(withRatio(m.megabytesPerSecond(), q.megabytesPerSecond()))
                    .append(" | ")
                    .append(withRatio(m.cpuPer100k(), q.cpuPer100k()))
                    .append(" |\n");
        }
        md.append("\n");
        md.append(
                "- (a) wrk, `Connection: close`, 60 connections, the lab's 4-byte page; (b) the same with keep-alive; "
                        + "(c) keep-alive, `/100k`; (d) `UdpBlaster` (60-byte frames, 1024 flows) counted at the real servers' "
                        + "interfaces, which drop them; HAProxy has no UDP proxy, so it has no (d) row; (e) (a) while `hping3 "
                        + "--flood -S --rand-source` in the second client namespace floods port 80 of the VIP (of the first "
                        + "real server for the direct path)");
        rows.stream()
                .filter(r -> r.workload().equals("synflood"))
                .map(r -> r.median().floodPps())
                .filter(v -> !Double.isNaN(v))
                .mapToDouble(Double::doubleValue)
                .average()
                .ifPresent(v -> md.append(String.format(Locale.ROOT, ", about %,.0f SYN/s", v)));
        md.append(".\n");
        dropsNote(md);
        md.append("- SYNPROXY: ")
                .append(meta.path("synproxy").path("available").asBoolean() ? "measured (row above). " : "no row. ")
                .append(meta.path("synproxy").path("why").asText())
                .append(".\n");
        md.append("- jlvsd: one worker, `conn_table_size 4194304`, round robin; FULLNAT with eight local addresses. "
                + "nftables: `numgen inc` (TCP) / `jhash` (UDP) DNAT with conntrack, VIP on the director's kernel. "
                + "HAProxy: `nbthread 1`, mode tcp, roundrobin. nginx: stream module, one process.\n\n");

        if (!addedP99.isEmpty()) {
            md.append("## Latency under load\n\n");
            md.append("Fixed rate of ")
                    .append(meta.path("latency_rate").asLong())
                    .append(" requests/s (half the direct path's keep-alive capacity in this run), 64 keep-alive "
                            + "connections, `OpenLoopClient` (latency from each request's due time, as wrk2). "
                            + "Added p99 = p99 − the direct path's p99.\n\n");
            md.append("| target | achieved req/s | p50 µs | p99 µs | added p99 µs |\n|---|---:|---:|---:|---:|\n");
            for (Map.Entry<String, Double> e : addedP99.entrySet()) {
                Figures f = row("latency", e.getKey()).orElseThrow().median();
                md.append("| ")
                        .append(targetLabel(e.getKey()))
                        .append(" | ")
                        .append(num(f.requestsPerSecond()))
                        .append(" | ")
                        .append(num(f.p50Micros()))
                        .append(" | ")
                        .append(num(f.p99Micros()))
                        .append(" | ")
                        .append(num(e.getValue()))
                        .append(" |\n");
            }
            md.append("\n");
        }
        if (!memory.isEmpty()) {
            md.append("## Memory\n\n");
            md.append("jlvsd NAT, UDP, one worker, `--conn-table-size` = the flows; the table filled through the data "
                    + "plane: `UdpBlaster` sends every flow (distinct source address and port) from the client "
                    + "namespace, each one a new connection, in passes (at most six) until 99 % are tracked; "
                    + "connections counted with `jlvsadm -L -n` "
                    + "(ActiveConn + InActConn), RSS from `/proc/PID/status` (VmRSS) with the JVM's default heap "
                    + "settings.\n\n");
            md.append("| flows sent | connections tracked | RSS MiB | RSS before the fill MiB | fill s |"
                    + " jlvsd CPU with no traffic, % of a core |\n");
            md.append("|---:|---:|---:|---:|---:|---:|\n");
            for (Memory m : memory) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %,d | %,d | %,d | %,d | %d | %.1f |%n",
                        m.flows(),
                        m.connections(),
                        m.rssKib() / 1024,
                        m.rssKibBeforeFill() / 1024,
                        m.fillSeconds(),
                        m.idleCpuPercent()));
            }
            md.append("\n");
        }
        md.append("## Targets (issue 10)\n\n| target | measured | goal | verdict |\n|---|---:|---:|---|\n");
        for (Check c : checks) {
            md.append("| ")
                    .append(c.what())
                    .append(" | ")
                    .append(c.measured() ? num(c.value()) + " " + c.unit() : "—")
                    .append(" | ")
                    .append(c.atLeast() ? "≥ " : "≤ ")
                    .append(num(c.goal()))
                    .append(" ")
                    .append(c.unit())
                    .append(" | ")
                    .append(c.verdict())
                    .append(" |\n");
        }
        md.append("\n");
        if (profileText != null) {
            md.append("## Profile: where jlvsd's time goes\n\n")
                    .append("JFR (`settings=profile`) of jlvsd FULLNAT under (a), the full output in `")
                    .append(meta.path("profile").asText())
                    .append("`; the hottest methods:\n\n```\n");
            profileText.lines().limit(120).forEach(l -> md.append(l).append('\n'));
            md.append("```\n");
        }
        return md.toString();
    }

    /** jlvsd's own drop and ring counters at the end of its cells, summed over the rounds. */
    private void dropsNote(StringBuilder md) {
        Map<String, Map<String, Double>> byCell = new LinkedHashMap<>();
        for (JsonNode c : cells) {
            JsonNode d = c.path("jlvsd_drops");
            if (d.isObject() && !d.isEmpty()) {
                Map<String, Double> sums = byCell.computeIfAbsent(
                        workloadLabel(c.path("workload").asText()) + ", "
                                + targetLabel(c.path("target").asText()),
                        k -> new java.util.TreeMap<>());
                d.properties().forEach(e -> sums.merge(e.getKey(), e.getValue().asDouble(), Double::sum));
            }
        }
        if (byCell.isEmpty()) {
            md.append("- jlvsd's drop and ring counters: none counted (or not read) in any cell.\n");
            return;
        }
        md.append(
                "- jlvsd's own counters (metrics at the end of each cell, summed over the rounds; warm-up included):");
        byCell.forEach((cell, sums) -> {
            md.append(" **").append(cell).append("**: ");
            List<String> parts = new ArrayList<>();
            sums.forEach((k, v) -> parts.add("`" + k + "` " + num(v)));
            md.append(String.join(", ", parts)).append(";");
        });
        md.append("\n");
    }

    // --- JSON ---------------------------------------------------------------------------------

    ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.set("meta", meta);
        ArrayNode rs = root.putArray("rows");
        for (Row r : rows) {
            ObjectNode n = rs.addObject();
            n.put("workload", r.workload());
            n.put("target", r.target());
            n.put("rounds", r.rounds());
            figures(n.putObject("median"), r.median());
            figures(n.putObject("ratio_to_nftables"), r.ratio());
        }
        ObjectNode lat = root.putObject("added_p99_us");
        addedP99.forEach((t, v) -> put(lat, t, v));
        ArrayNode mem = root.putArray("memory");
        for (Memory m : memory) {
            ObjectNode n = mem.addObject();
            n.put("flows", m.flows());
            n.put("connections", m.connections());
            n.put("rss_kib", m.rssKib());
            n.put("rss_kib_before_fill", m.rssKibBeforeFill());
            n.put("fill_seconds", m.fillSeconds());
            n.put("idle_cpu_pct", m.idleCpuPercent());
        }
        ArrayNode cs = root.putArray("targets");
        for (Check c : checks) {
            ObjectNode n = cs.addObject();
            n.put("target", c.what());
            put(n, "measured", c.value());
            n.put("unit", c.unit());
            n.put("goal", c.goal());
            n.put("at_least", c.atLeast());
            n.put("verdict", c.verdict().replace("*", ""));
        }
        return root;
    }

    private static void figures(ObjectNode n, Figures f) {
        put(n, "requests_per_s", f.requestsPerSecond());
        put(n, "p50_us", f.p50Micros());
        put(n, "p99_us", f.p99Micros());
        put(n, "errors", f.errors());
        put(n, "mb_per_s", f.megabytesPerSecond());
        put(n, "cpu_s_per_100k", f.cpuPer100k());
        put(n, "flood_pps", f.floodPps());
    }

    /** NaN (not applicable) becomes JSON null. */
    private static void put(ObjectNode n, String k, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SideBySideReport META.json CELLS.jsonl BASE");
            System.exit(2);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode meta = mapper.readTree(Path.of(args[0]).toFile());
        List<JsonNode> cells = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                cells.add(mapper.readTree(line));
            }
        }
        SideBySideReport report = new SideBySideReport(meta, cells);
        Path base = Path.of(args[2]);
        String profile = null;
        if (meta.hasNonNull("profile")) {
            Path p = base.resolveSibling(meta.get("profile").asText());
            if (Files.exists(p)) {
                profile = Files.readString(p);
            }
        }
        Files.writeString(base.resolveSibling(base.getFileName() + ".md"), report.markdown(profile));
        mapper.writeValue(base.resolveSibling(base.getFileName() + ".json").toFile(), report.json(mapper));
        ReportChart.write(report, base.resolveSibling(base.getFileName() + ".png"));
    }
}
