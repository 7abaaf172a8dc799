package io.jlvs.it.synproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.PrometheusText;
import io.jlvs.it.lab.RequiresLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNPROXY's acceptance (issue 8) between real kernels: a spoofed SYN flood from one client
 * namespace while the other makes real connections, with and without SYNPROXY in the same run;
 * and 100 MiB transfers through SYNPROXY + NAT and + FULLNAT from clients with and without
 * timestamps, SACK and window scaling.
 */
@RequiresLab
class SynProxyIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlsp");

    static final Duration FLOOD = Duration.ofSeconds(10);
    static String sha100m;
    JlvsdProcess jlvsd;

    @BeforeAll
    static void up() throws Exception {
        sha100m = lab.serveRandomFile("100m", 100, 8);
    }

    @AfterEach
    void stop() {
        if (jlvsd != null) {
            jlvsd.close();
        }
        clientOptions(true);
    }

    /** One service on the IPv4 VIP and one on the IPv6 VIP, port 80, three real servers each. */
    static String config(String method, boolean synProxy) {
        StringBuilder sb = new StringBuilder();
        if (method.equals("FNAT")) {
            sb.append("local_address_group lips {\n  ")
                    .append(lab.get("LADDR4").split(" ")[0])
                    .append("\n}\nlocal_address_group lips6 {\n  ")
                    .append(lab.get("LADDR6").split(" ")[0])
                    .append("\n}\n");
        }
        service(sb, lab.get("VIP4"), "lips", List.of("RS1_4", "RS2_4", "RS3_4"), method, synProxy);
        service(sb, lab.get("VIP6"), "lips6", List.of("RS1_6", "RS2_6", "RS3_6"), method, synProxy);
        return sb.toString();
    }

    private static void service(
            StringBuilder sb, String vip, String lips, List<String> reals, String method, boolean synProxy) {
        sb.append("virtual_server ")
                .append(vip)
                .append(" 80 {\n  lb_algo rr\n  lb_kind ")
                .append(method)
                .append("\n  protocol TCP\n");
        if (method.equals("FNAT")) {
            sb.append("  laddr_group_name ").append(lips).append("\n");
        }
        if (synProxy) {
            sb.append("  syn_proxy\n");
        }
        for (String r : reals) {
            sb.append("  real_server ").append(lab.get(r)).append(" 80 { weight 1 }\n");
        }
        sb.append("}\n");
    }

    /** Client 1's kernel: timestamps, SACK and window scaling each on or off. */
    static void clientOptions(boolean timestamps, boolean sack, boolean windowScaling) {
        lab.exec(
                        lab.get("NS_C1"),
                        "sysctl",
                        "-qw",
                        "net.ipv4.tcp_timestamps=" + (timestamps ? 1 : 0),
                        "net.ipv4.tcp_sack=" + (sack ? 1 : 0),
                        "net.ipv4.tcp_window_scaling=" + (windowScaling ? 1 : 0))
                .requireOk();
    }

    static void clientOptions(boolean on) {
        clientOptions(on, on, on);
    }

    void assertBigTransferIntact(String url, String what) {
        assertThat(lab.download("NS_C1", url)).as("%s\n%s", what, jlvsd.log()).startsWith(sha100m);
    }

    @Test
    void natTransfersIntactWithAndWithoutClientOptions() {
        transfers("NAT");
    }

    @Test
    void fullNatTransfersIntactWithAndWithoutClientOptions() {
        transfers("FNAT");
    }

    /**
     * 100 MiB through the proxied handshake from a client with all of timestamps, SACK and window
     * scaling, none of them, and each one alone off (the net.ipv4 sysctls cover IPv6 too); over
     * IPv4 for every combination and over IPv6 with all on and all off.
     */
    private void transfers(String method) {
        try {
            jlvsd = JlvsdProcess.start(lab, config(method, true));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String v4 = "http://" + lab.get("VIP4") + "/100m";
        String v6 = "http://[" + lab.get("VIP6") + "]/100m";
        boolean[][] matrix = {
            {true, true, true}, {false, false, false}, {false, true, true}, {true, false, true}, {true, true, false}
        };
        for (boolean[] o : matrix) {
            clientOptions(o[0], o[1], o[2]);
            String what = method + " with client timestamps " + o[0] + ", SACK " + o[1] + ", window scaling " + o[2];
            assertBigTransferIntact(v4, what + " (IPv4)");
            if (o[0] == o[1] && o[1] == o[2]) {
                assertBigTransferIntact(v6, what + " (IPv6)");
            }
        }
        clientOptions(true);
        assertThat(jlvsd.jlvsadm("-L", "-n").requireOk().stdout()).contains("synproxy");
        PrometheusText m = scrape();
        assertThat(event(m, "synproxy_handshake_completed")).isGreaterThanOrEqualTo(7);
        assertThat(event(m, "synproxy_cookie_sent")).isGreaterThanOrEqualTo(7);
    }

    /** What one flood run measured. */
    record FloodRun(
            boolean synProxy,
            int attempts,
            int succeeded,
            double p99ConnectMs,
            long wrkRequests,
            long wrkErrors,
            int maxConnections,
            List<String> spoofedSynSources,
            double floodSynsSeen,
            double ringDrops) {
        double successRatio() {
            return attempts == 0 ? 0 : (double) succeeded / attempts;
        }
    }

    @Test
    void aSpoofedSynFloodNeitherReachesTheRealServersNorFillsTheTable() throws Exception {
        FloodRun with = flood(true);
        FloodRun without = flood(false);
        System.out.printf(
                "SYN flood %ds, hping3 --flood --rand-source:%n"
                        + "  SYNPROXY on : curl %d/%d ok (%.2f %%), p99 connect %.2f ms, wrk %d requests %d errors,"
                        + " max connections %d, SYNs answered %.0f, spoofed SYN sources at real servers %d,"
                        + " kernel RX ring drops %.0f%n"
                        + "  SYNPROXY off: curl %d/%d ok (%.2f %%), p99 connect %.2f ms, wrk %d requests %d errors,"
                        + " max connections %d, spoofed SYN sources at real servers %d, kernel RX ring drops %.0f%n",
                FLOOD.toSeconds(),
                with.succeeded(),
                with.attempts(),
                100 * with.successRatio(),
                with.p99ConnectMs(),
                with.wrkRequests(),
                with.wrkErrors(),
                with.maxConnections(),
                with.floodSynsSeen(),
                with.spoofedSynSources().size(),
                with.ringDrops(),
                without.succeeded(),
                without.attempts(),
                100 * without.successRatio(),
                without.p99ConnectMs(),
                without.wrkRequests(),
                without.wrkErrors(),
                without.maxConnections(),
                without.spoofedSynSources().size(),
                without.ringDrops());
        // Each acceptance item is checked and reported on its own: one failing does not hide the others.
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(with.floodSynsSeen())
                    .as("the flood reached the director")
                    .isGreaterThan(10_000);
            soft.assertThat(with.successRatio())
                    .as("legitimate connections under the flood")
                    .isGreaterThanOrEqualTo(0.99);
            soft.assertThat(with.wrkErrors()).isLessThanOrEqualTo(with.wrkRequests() / 100);
            soft.assertThat(with.spoofedSynSources())
                    .as("SYNs from spoofed sources at the real servers")
                    .isEmpty();
            // The table holds the legitimate connections (and their TIME_WAITs), not the flood's.
            soft.assertThat((long) with.maxConnections())
                    .as("connection table during the flood")
                    .isLessThanOrEqualTo(with.attempts() + with.wrkRequests() + with.wrkErrors() + 100);
            // The comparison is measured, and shows what SYNPROXY kept away.
            soft.assertThat(without.spoofedSynSources()).isNotEmpty();
        });
        // The p99 < 20 ms is a speed figure: reported against its target here and in
        // bench/results/synproxy-*.md, not asserted (the standards keep timings out of pass/fail on
        // this shared two-core machine). Calm pings to the VIP show the share of the packet ring.
        System.out.printf(
                "  p99 connect under the flood: %.2f ms against the 20 ms aimed for (%s)%n",
                with.p99ConnectMs(), with.p99ConnectMs() < 20 ? "met" : "missed");
    }

    private FloodRun flood(boolean synProxy) throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("NAT", synProxy));
        // The same client without a flood first: what this machine gives when nothing attacks it.
        Pings calmPings = Pings.start();
        Connects calm = Connects.of(curlLoop(100).waitForOutput());
        System.out.printf(
                "no flood (synproxy %s): curl %d/%d ok, p99 connect %.2f ms, slowest %s; %s%n",
                synProxy, calm.ok(), calm.attempts(), calm.p99Ms(), calm.slowest(), calmPings.report());
        List<Process> captures = new ArrayList<>();
        List<Path> pcaps = new ArrayList<>();
        for (String rs : List.of("NS_RS1", "NS_RS2", "NS_RS3")) {
            Path pcap = Path.of(lab.get("LAB_RUN"), rs + (synProxy ? "-sp" : "-plain") + ".pcap");
            pcaps.add(pcap);
            captures.add(new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            lab.get(rs),
                            "timeout",
                            "30s",
                            "tcpdump",
                            "-i",
                            "eth0",
                            "-n",
                            "-U",
                            "-w",
                            pcap.toString(),
                            "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn")
                    .redirectErrorStream(true)
                    .start());
        }
        Thread.sleep(1000);
        Process flood = lab.spawn(
                lab.get("NS_C2"),
                Lab.offDirectorCpu(
                        "timeout",
                        FLOOD.toSeconds() + "s",
                        "hping3",
                        "-q",
                        "-S",
                        "--flood",
                        "--rand-source",
                        "-p",
                        "80",
                        lab.get("VIP4")));
        String pin = String.join(" ", Lab.offDirectorCpu());
        System.out.println("flood, curls, wrk and pings run "
                + (pin.isEmpty() ? "unpinned (one CPU)" : "under `" + pin + "`, off the CPU of jlvsd's worker"));
        Thread.sleep(1000);
        // Legitimate clients during the flood: curl one connection at a time, and wrk.
        CurlLoop curls = curlLoop(300);
        Pings floodPings = Pings.start();
        Process wrk = lab.spawn(
                lab.get("NS_C1"),
                Lab.offDirectorCpu(
                        "wrk", "-t1", "-c8", "-d6s", "-H", "Connection: close", "http://" + lab.get("VIP4") + "/"));
        int maxConnections = 0;
        while (flood.isAlive()) {
            maxConnections = Math.max(maxConnections, connections());
            Thread.sleep(500);
        }
        String wrkOut = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        Connects connects = Connects.of(curls.waitForOutput());
        System.out.printf(
                "flood (synproxy %s): curl %d/%d ok, p99 connect %.2f ms, slowest %s; %s%n",
                synProxy,
                connects.ok(),
                connects.attempts(),
                connects.p99Ms(),
                connects.slowest(),
                floodPings.report());
        PrometheusText m = scrape();
        double syns = event(m, "synproxy_cookie_sent");
        double ringDrops = event(m, "rx_ring_drop");
        Thread.sleep(500);
        for (Process c : captures) {
            c.destroy();
            c.waitFor();
        }
        List<String> spoofed = new ArrayList<>();
        for (Path pcap : pcaps) {
            String dump = lab.run(List.of("tcpdump", "-n", "-r", pcap.toString()), Duration.ofSeconds(60))
                    .stdout();
            for (String line : dump.split("\n")) {
                Matcher src = Pattern.compile(" IP (\\d+\\.\\d+\\.\\d+\\.\\d+)\\.\\d+ > ")
                        .matcher(line);
                if (src.find() && !src.group(1).equals(lab.get("C1_4"))) {
                    spoofed.add(src.group(1));
                }
            }
        }
        long requests = match(wrkOut, "(\\d+) requests in");
        Matcher errs = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(wrkOut);
        long errors = 0;
        if (errs.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(errs.group(g));
            }
        }
        jlvsd.close();
        jlvsd = null;
        System.out.println("wrk during the flood (synproxy " + synProxy + "):\n" + wrkOut);
        return new FloodRun(
                synProxy,
                connects.attempts(),
                connects.ok(),
                connects.p99Ms(),
                requests,
                errors,
                maxConnections,
                spoofed.stream().distinct().toList(),
                syns,
                ringDrops);
    }

    /** {@code n} curls from client 1, one after the other, each printing its status and connect time. */
    private CurlLoop curlLoop(int n) throws java.io.IOException {
        return new CurlLoop(lab.spawn(
                lab.get("NS_C1"),
                Lab.offDirectorCpu(
                        "sh",
                        "-c",
                        "for i in $(seq " + n + "); do curl -s -o /dev/null --max-time 3"
                                + " -w '%{http_code} %{time_connect}\\n' http://" + lab.get("VIP4") + "/; done")));
    }

    record CurlLoop(Process process) {
        String waitForOutput() throws Exception {
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return out;
        }
    }

    /**
     * Round trips beside the curls, to tell where connect time goes: an ICMP echo to the VIP is
     * answered by jlvsd's worker (its RX ring, loop and TX, without SYNPROXY), one to the director's
     * own address by its kernel (what the machine gives any packet).
     */
    record Pings(Process toVip, Process toKernel) {
        static Pings start() {
            return new Pings(ping(lab.get("VIP4")), ping(lab.get("DIR_C4")));
        }

        private static Process ping(String to) {
            return lab.spawn(
                    lab.get("NS_C1"), Lab.offDirectorCpu("ping", "-n", "-c", "200", "-i", "0.02", "-W", "1", to));
        }

        String report() throws Exception {
            return "ping p99/max: jlvsd (VIP) " + p99(toVip) + ", director kernel " + p99(toKernel);
        }

        private static String p99(Process p) throws Exception {
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = Pattern.compile("time=([0-9.]+) ms").matcher(out);
            List<Double> ms = new ArrayList<>();
            while (m.find()) {
                ms.add(Double.parseDouble(m.group(1)));
            }
            double[] sorted =
                    ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return "no replies";
            }
            return String.format(
                    "%.2f/%.2f ms (%d/200 replies)",
                    sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted[sorted.length - 1], sorted.length);
        }
    }

    /** Legitimate connections: attempts, successes (HTTP 200), p99 of their connect times, the five slowest. */
    record Connects(int attempts, int ok, double p99Ms, List<Double> slowest) {
        static Connects of(String curlOutput) {
            List<Double> connectMs = new ArrayList<>();
            int attempts = 0;
            for (String line : curlOutput.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length != 2) {
                    continue;
                }
                attempts++;
                if (f[0].equals("200")) {
                    connectMs.add(Double.parseDouble(f[1]) * 1000);
                }
            }
            double[] sorted =
                    connectMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double p99 = sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
            List<Double> slowest = Arrays.stream(sorted)
                    .skip(Math.max(0, sorted.length - 5))
                    .map(v -> Math.round(v * 100) / 100.0)
                    .boxed()
                    .toList();
            return new Connects(attempts, sorted.length, p99, slowest);
        }
    }

    private static long match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** ActiveConn + InActConn over the real servers, from jlvsadm -L -n. */
    private int connections() {
        String list = jlvsd.jlvsadm("-L", "-n").stdout();
        int sum = 0;
        for (String line : list.split("\n")) {
            if (line.trim().startsWith("->") && !line.contains("RemoteAddress")) {
                String[] f = line.trim().split("\\s+");
                int[] counts = Arrays.stream(f)
                        .skip(f.length - 2)
                        .mapToInt(Integer::parseInt)
                        .toArray();
                sum += counts[0] + counts[1];
            }
        }
        return sum;
    }

    private PrometheusText scrape() {
        String text = lab.exec(lab.get("NS_DIR"), "curl", "-sS", "--max-time", "5", "http://127.0.0.1:9189/metrics")
                .requireOk()
                .stdout();
        return PrometheusText.parse(text);
    }

    private static double event(PrometheusText m, String event) {
        return m.value("jlvs_data_plane_events_total", Map.of("event", event));
    }
}
