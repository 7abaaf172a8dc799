package io.jlvs.bench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jlvs.core.conn.ConnTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JMH JSON result file from bench/jmh.sh into the Markdown summary committed beside it:
 * the machine, the run settings, every figure in ns/op and as a ratio to the reference benchmark
 * of the same run ({@code EstablishedFlowBenchmark.reference}: copy a frame and parse it), and
 * the targets of the issue, each marked met or not met from the figures.
 *
 * <p>Ratios are what to compare across machines and runs: a shared two-core VM moves absolute
 * nanoseconds by tens of percent from one hour to the next, and moves the reference with them.
 */
public final class JmhReport {
    /** The benchmark every figure is divided by. */
    public static final String REFERENCE = "EstablishedFlowBenchmark.reference";

    static final String FULLNAT_IN = "EstablishedFlowBenchmark.fullNatIn";
    static final String FULLNAT_OUT = "EstablishedFlowBenchmark.fullNatOut";
    static final String LOOKUP = "ConnTableLookupBenchmark.lookupIn";

    /** Issue targets. */
    static final double FULLNAT_NS_PER_PACKET = 150;

    static final double BYTES_PER_CONNECTION = 128;
    static final int TEN_MILLION = 10_000_000;

    private JmhReport() {}

    /** Where the numbers were taken. */
    public record Machine(int nproc, String cpuModel, String kernel) {
        /** This machine: online CPUs, /proc/cpuinfo's model name, /proc/sys/kernel/osrelease. */
        public static Machine current() throws IOException {
            String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
            String kernel =
                    Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            return new Machine(Runtime.getRuntime().availableProcessors(), JmhReport.cpuModel(cpuinfo), kernel);
        }
    }

    /** The first {@code model name} in /proc/cpuinfo text, or "unknown". */
    static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
                return line.substring(colon + 1).strip();
            }
        }
        return "unknown";
    }

    /**
     * One JMH result.
     *
     * @param benchmark {@code Class.method}, without the package
     * @param params JMH parameters in declaration order, empty when none
     */
    public record Result(String benchmark, Map<String, String> params, double score, double error, String unit) {
        public Result {
            params = Map.copyOf(params);
        }

        String paramText() {
            if (params.isEmpty()) {
                return "";
            }
            List<String> keys = new ArrayList<>(params.keySet());
            keys.sort(null);
            StringBuilder sb = new StringBuilder();
            for (String k : keys) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(params.get(k));
            }
            return sb.toString();
        }
    }

    /** A parsed result file: the results, and the run's JVM and settings as JMH recorded them. */
    public record Run(
            List<Result> results,
            String jdk,
            String vm,
            String jvmArgs,
            int forks,
            int warmupIterations,
            String warmupTime,
            int measurementIterations,
            String measurementTime) {
        public Run {
            results = List.copyOf(results);
        }

        Optional<Result> find(String benchmark) {
            return results.stream().filter(r -> r.benchmark().equals(benchmark)).findFirst();
        }
    }

    /** Reads JMH's JSON output ({@code -rf json}). */
    public static Run parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH result file: expected a JSON array");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode r : root) {
            String full = r.path("benchmark").asText();
            int method = full.lastIndexOf('.');
            int cls = full.lastIndexOf('.', method - 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : r.path("params").properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode m = r.path("primaryMetric");
            if (method < 0 || !m.has("score")) {
                throw new IOException("a result without benchmark name or score: " + r);
            }
            results.add(new Result(
                    full.substring(cls + 1),
                    params,
                    m.path("score").asDouble(),
                    m.path("scoreError").asDouble(Double.NaN),
                    m.path("scoreUnit").asText()));
        }
        if (results.isEmpty()) {
            throw new IOException("the result file holds no results");
        }
        JsonNode first = root.get(0);
        List<String> args = new ArrayList<>();
        first.path("jvmArgs").forEach(a -> args.add(a.asText()));
        return new Run(
                results,
                first.path("jdkVersion").asText("?"),
                first.path("vmName").asText("?") + " " + first.path("vmVersion").asText(""),
                String.join(" ", args),
                first.path("forks").asInt(),
                first.path("warmupIterations").asInt(),
                first.path("warmupTime").asText("?"),
                first.path("measurementIterations").asInt(),
                first.path("measurementTime").asText("?"));
    }

    /** The Markdown summary. */
    public static String render(String title, Run run, Machine machine) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| CPUs (nproc) | ").append(machine.nproc()).append(" |\n");
        md.append("| CPU model | ").append(machine.cpuModel()).append(" |\n");
        md.append("| kernel | ").append(machine.kernel()).append(" |\n");
        md.append("| JDK | ")
                .append(run.jdk())
                .append(" (")
                .append(run.vm().strip())
                .append(") |\n");
        md.append("| JMH settings | ")
                .append(run.forks())
                .append(" fork, ")
                .append(run.warmupIterations())
                .append(" × ")
                .append(run.warmupTime())
                .append(" warm-up, ")
                .append(run.measurementIterations())
                .append(" × ")
                .append(run.measurementTime())
                .append(" measured, average time |\n");
        md.append("| JVM arguments | `").append(run.jvmArgs()).append("` |\n\n");

        Optional<Result> reference = run.find(REFERENCE);
        md.append("## Figures\n\n");
        if (reference.isPresent()) {
            md.append("Ratio: the figure divided by `")
                    .append(REFERENCE)
                    .append("` of this run (")
                    .append(ns(reference.get().score()))
                    .append(" ns: copy a 118-byte frame and parse it). Error: JMH's 99.9 % confidence half-width.\n\n");
        } else {
            md.append("The reference benchmark `").append(REFERENCE).append("` is not in this run: no ratios.\n\n");
        }
        md.append("| benchmark | parameters | ns/op | error | × reference |\n|---|---|---:|---:|---:|\n");
        for (Result r : run.results()) {
            md.append("| ")
                    .append(r.benchmark())
                    .append(" | ")
                    .append(r.paramText())
                    .append(" | ")
                    .append(ns(r.score()))
                    .append(r.unit().equals("ns/op") ? "" : " " + r.unit())
                    .append(" | ")
                    .append(Double.isNaN(r.error()) ? "—" : "± " + ns(r.error()))
                    .append(" | ")
                    .append(reference.map(ref -> ratio(r.score() / ref.score())).orElse("—"))
                    .append(" |\n");
        }
        md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        targets(run, reference, md);
        return md.toString();
    }

    private static void targets(Run run, Optional<Result> reference, StringBuilder md) {
        Optional<Result> in = run.find(FULLNAT_IN);
        Optional<Result> out = run.find(FULLNAT_OUT);
        if (in.isPresent() && out.isPresent()) {
            double perPacket = (in.get().score() + out.get().score()) / 2;
            md.append("| established FULLNAT ≤ ")
                    .append(ns(FULLNAT_NS_PER_PACKET))
                    .append(" ns/packet | ")
                    .append(ns(perPacket))
                    .append(" ns (mean of in ")
                    .append(ns(in.get().score()))
                    .append(" and out ")
                    .append(ns(out.get().score()))
                    .append(")")
                    .append(reference
                            .map(ref -> ", " + ratio(perPacket / ref.score()) + " reference")
                            .orElse(""))
                    .append(" | ")
                    .append(perPacket <= FULLNAT_NS_PER_PACKET ? "yes" : "**no**")
                    .append(" |\n");
        } else {
            md.append("| established FULLNAT ≤ 150 ns/packet | not measured in this run | — |\n");
        }

        List<Integer> sizes = new ArrayList<>();
        for (Result r : run.results()) {
            if (r.benchmark().equals(LOOKUP) && r.params().containsKey("connections")) {
                sizes.add(Integer.parseInt(r.params().get("connections")));
            }
        }
        sizes.sort(null);
        if (sizes.isEmpty()) {
            md.append("| ≤ 128 bytes per tracked connection | not measured in this run | — |\n");
            md.append("| 10M connections held in a table sized for them | not measured in this run | — |\n");
            return;
        }
        StringBuilder bytes = new StringBuilder();
        boolean bytesMet = true;
        for (int n : sizes) {
            double b = (double) ConnTable.bytesFor(n, ConnTable.DEFAULT_LOAD_FACTOR) / n;
            bytesMet &= b <= BYTES_PER_CONNECTION;
            bytes.append(bytes.isEmpty() ? "" : "; ")
                    .append(String.format(Locale.ROOT, "%.1f B at %,d", b, n))
                    .append(" (")
                    .append(mib(ConnTable.bytesFor(n, ConnTable.DEFAULT_LOAD_FACTOR)))
                    .append(")");
        }
        md.append("| ≤ 128 bytes per tracked connection, index slots included | ")
                .append(bytes)
                .append(": ")
                .append(ConnTable.ENTRY_BYTES)
                .append("-byte entry + 2 slots × ")
                .append(ConnTable.SLOT_BYTES)
                .append(" B at load factor 2/3 | ")
                .append(bytesMet ? "yes" : "**no**")
                .append(" |\n");
        int largest = sizes.get(sizes.size() - 1);
        boolean tenMillion = largest >= TEN_MILLION;
        md.append("| 10M connections held in a table sized for them | ")
                .append(String.format(Locale.ROOT, "%,d", largest))
                .append(" connections inserted into a table of capacity ")
                .append(String.format(Locale.ROOT, "%,d", largest))
                .append(" and looked up at random")
                .append(" | ")
                .append(tenMillion ? "yes" : "**no**")
                .append(" |\n");
    }

    static String ns(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f×", v);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    /** {@code JmhReport RESULTS.json OUT.md [TITLE]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: JmhReport RESULTS.json OUT.md [TITLE]");
            System.exit(2);
        }
        Run run = parse(Files.readString(Path.of(args[0])));
        String title = args.length == 3 ? args[2] : "JMH results";
        Files.writeString(Path.of(args[1]), render(title, run, Machine.current()), StandardCharsets.UTF_8);
    }
}
