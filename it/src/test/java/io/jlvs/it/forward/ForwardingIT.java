package io.jlvs.it.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.PacketCapture;
import io.jlvs.it.lab.PrometheusText;
import io.jlvs.it.lab.RequiresLab;
import io.jlvs.it.lab.UdpEcho;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jlvsd between real kernels (the forwarding issue's acceptance): the clients' and real servers'
 * own TCP/IP stacks terminate every connection, so every checksum and sequence number jlvsd
 * wrote has been validated by a kernel that accepted it.
 */
@RequiresLab
class ForwardingIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlfw");

    static final List<UdpEcho> udpEchoes = new ArrayList<>();
    static String sha100m;
    JlvsdProcess jlvsd;

    @BeforeAll
    static void up() throws Exception {
        // 100 MiB of random bytes, the same file on every real server.
        sha100m = lab.serveRandomFile("100m", 100, 42);
        for (String rs : List.of("rs1", "rs2", "rs3")) {
            udpEchoes.add(UdpEcho.start(lab.get("NS_" + rs.toUpperCase()), rs));
        }
    }

    @AfterAll
    static void down() {
        udpEchoes.forEach(UdpEcho::close);
    }

    @AfterEach
    void stop() {
        if (jlvsd != null) {
            jlvsd.close();
        }
    }

    static String config(String method, boolean ipv6, boolean udp) {
        StringBuilder sb = new StringBuilder();
        if (method.equals("FNAT")) {
            VirtualServerText.localAddresses(lab, sb);
        }
        service(sb, method, lab.get("VIP4"), "TCP", 80, new String[] {"RS1_4", "RS2_4", "RS3_4"});
        if (ipv6) {
            service(sb, method, lab.get("VIP6"), "TCP", 80, new String[] {"RS1_6", "RS2_6", "RS3_6"});
        }
        if (udp) {
            service(sb, method, lab.get("VIP4"), "UDP", 53, new String[] {"RS1_4", "RS2_4", "RS3_4"});
        }
        return sb.toString();
    }

    private static void service(StringBuilder sb, String method, String vip, String proto, int port, String[] reals) {
        VirtualServerText.append(lab, sb, method, vip, proto, port, reals);
    }

    static String curl(String nsKey, String url) {
        return lab.exec(lab.get(nsKey), "curl", "-sS", "-g", "--max-time", "5", url)
                .requireOk()
                .stdout();
    }

    void assertRoundRobin(String nsKey, String url) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(curl(nsKey, url).strip());
        }
        assertThat(seen).as("6 requests through %s\n%s", url, jlvsd.log()).containsOnly("rs1", "rs2", "rs3");
        // rr: the first three are three different servers, and the next three repeat that order.
        assertThat(seen.subList(0, 3)).doesNotHaveDuplicates();
        assertThat(seen.subList(3, 6)).isEqualTo(seen.subList(0, 3));
    }

    void assertBigTransferIntact() {
        assertThat(lab.download("NS_C1", "http://" + lab.get("VIP4") + "/100m")).startsWith(sha100m);
    }

    void assertWrkWithoutSocketErrors() {
        Lab.Result r = lab.exec(
                        lab.get("NS_C1"),
                        "wrk",
                        "-t1",
                        "-c16",
                        "-d10s",
                        "-H",
                        "Connection: close",
                        "http://" + lab.get("VIP4") + "/")
                .requireOk();
        String out = r.stdout();
        assertThat(out)
                .as("wrk output\n%s", out)
                .doesNotContain("Socket errors")
                .doesNotContain("Non-2xx");
        Matcher m = Pattern.compile("(\\d+) requests in").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("requests completed in 10 s").isGreaterThan(1000);
        System.out.println("wrk through jlvsd, new connection per request:\n" + out);
    }

    String udp(String request) throws Exception {
        byte[] a = UdpEcho.ask(lab.get("NS_C1"), lab.get("VIP4"), request.getBytes(StandardCharsets.US_ASCII));
        return a == null ? "(no answer)" : new String(a, StandardCharsets.US_ASCII);
    }

    String lastAccessLogSource(String rs) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(lab.get("LAB_RUN"), rs, "access.log"));
        return lines.getLast().split(" ")[0];
    }

    @Test
    void nat() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("NAT", true, true));
        assertRoundRobin("NS_C1", "http://" + lab.get("VIP4") + "/");
        assertRoundRobin("NS_C2", "http://[" + lab.get("VIP6") + "]/");
        // NAT: the real server sees the client itself.
        curl("NS_C2", "http://" + lab.get("VIP4") + "/");
        assertThat(List.of(lastAccessLogSource("rs1"), lastAccessLogSource("rs2"), lastAccessLogSource("rs3")))
                .contains(lab.get("C2_4"));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(udp("q" + i));
        }
        assertThat(answers).as(jlvsd.log()).allMatch(a -> a.matches("rs[123] q[0-2]"));
        assertThat(answers.stream().map(a -> a.substring(0, 3)).distinct()).hasSize(3);
        assertBigTransferIntact();
        assertWrkWithoutSocketErrors();
        String list = jlvsd.jlvsadm("-L", "-n").requireOk().stdout();
        assertThat(list).contains("TCP  " + lab.get("VIP4") + ":80 rr").contains("Masq");

        // /metrics, scraped in the director's namespace, parses and agrees with jlvsadm --stats.
        String scrape = lab.exec(lab.get("NS_DIR"), "curl", "-sS", "--max-time", "5", "http://127.0.0.1:9189/metrics")
                .requireOk()
                .stdout();
        PrometheusText metrics = PrometheusText.parse(scrape);
        var key = java.util.Map.of("proto", "tcp", "vip", lab.get("VIP4"), "port", "80");
        double conns = metrics.value("jlvs_service_connections_total", key);
        String stats =
                jlvsd.jlvsadm("-L", "-n", "--stats", "--exact").requireOk().stdout();
        Matcher m = Pattern.compile("TCP  " + Pattern.quote(lab.get("VIP4")) + ":80 +(\\d+)")
                .matcher(stats);
        assertThat(m.find()).as(stats).isTrue();
        assertThat(conns).isGreaterThan(1000).isLessThanOrEqualTo(Double.parseDouble(m.group(1)));
        assertThat(metrics.value("jlvs_frames_total", java.util.Map.of("verdict", "forwarded")))
                .isGreaterThan(conns);
        assertThat(metrics.value("jlvs_real_server_weight", java.util.Map.of("real", lab.get("RS1_4"), "port", "80")))
                .isEqualTo(1.0);
        // Clients asked for the VIP's MAC and jlvsd resolved the real servers': the data plane's
        // own events are exported too.
        assertThat(metrics.value("jlvs_data_plane_events_total", java.util.Map.of("event", "arp_reply")))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("jlvs_data_plane_events_total", java.util.Map.of("event", "neighbour_learned")))
                .isGreaterThanOrEqualTo(3);
        // The kernel's ring counters and the route watcher are exported (present, never negative).
        for (String event : List.of("rx_ring_drop", "tx_ring_full", "route_watch_overrun")) {
            assertThat(metrics.value("jlvs_data_plane_events_total", java.util.Map.of("event", event)))
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void fullNat() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("FNAT", true, true));
        assertRoundRobin("NS_C1", "http://" + lab.get("VIP4") + "/");
        assertRoundRobin("NS_C2", "http://[" + lab.get("VIP6") + "]/");
        // FULLNAT: real servers see only local addresses.
        for (String rs : List.of("rs1", "rs2", "rs3")) {
            List<String> lines = Files.readAllLines(Path.of(lab.get("LAB_RUN"), rs, "access.log"));
            for (String line : lines.subList(Math.max(0, lines.size() - 4), lines.size())) {
                String src = line.split(" ")[0];
                assertThat(src).isIn(lab.get("LADDR4").split(" ")[0], lab.get("LADDR6"), lab.get("DIR_S4"));
            }
        }
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(udp("f" + i));
        }
        assertThat(answers).as(jlvsd.log()).allMatch(a -> a.matches("rs[123] f[0-2]"));
        assertBigTransferIntact();
        assertWrkWithoutSocketErrors();
        assertThat(jlvsd.jlvsadm("-L", "-n").requireOk().stdout()).contains("FullNat");
    }

    @Test
    void twoWorkersSteerBothDirectionsOfEveryFlowToOneWorker() throws Exception {
        // Each worker schedules on its own (as DPVS's per-lcore tables do), so the order is per
        // worker; what must hold is that every flow works, for NAT and FULLNAT, v4 and v6.
        jlvsd = JlvsdProcess.start(lab, config("FNAT", true, false), "--workers", "2");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 12; i++) {
            seen.add(curl("NS_C1", "http://" + lab.get("VIP4") + "/").strip());
            seen.add(curl("NS_C2", "http://[" + lab.get("VIP6") + "]/").strip());
        }
        assertThat(seen).as(jlvsd.log()).containsExactly("rs1", "rs2", "rs3");
        assertBigTransferIntact();
        assertWrkWithoutSocketErrors();
    }

    @Test
    void directRouting() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("DR", true, false));
        assertRoundRobin("NS_C1", "http://" + lab.get("VIP4") + "/");
        assertRoundRobin("NS_C2", "http://[" + lab.get("VIP6") + "]/");
        assertBigTransferIntact();
        assertWrkWithoutSocketErrors();
        assertThat(jlvsd.jlvsadm("-L", "-n").requireOk().stdout()).contains("Route");
    }

    @Test
    void tunnelSendsIpipWhoseInnerPacketIsTheClients() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("TUN", false, false));
        Path pcap = Path.of(lab.get("LAB_RUN"), "tun.pcap");
        String decoded;
        try (PacketCapture capture = PacketCapture.start(lab, lab.get("NS_RS1"), "eth0", "ip proto 4", pcap)) {
            // This kernel has no IPIP module: the real server cannot answer, so curl times out.
            lab.exec(lab.get("NS_C1"), "curl", "-s", "--max-time", "2", "http://" + lab.get("VIP4") + "/");
            decoded = PacketCapture.text(capture.fields("", "ip.proto", "ip.src", "ip.dst", "tcp.dstport"));
        }
        // Outer: protocol 4 from the director to rs1; inner: the client's SYN to the VIP.
        assertThat(decoded)
                .as("tshark fields\n%s\njlvsd log\n%s", decoded, jlvsd.log())
                .contains("4,6|" + lab.get("DIR_S4") + "," + lab.get("C1_4") + "|" + lab.get("RS1_4") + ","
                        + lab.get("VIP4") + "|80");
    }

    @Test
    void sigtermLeavesNothingBehindAndARestartRestoresService() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("NAT", false, false));
        assertThat(curl("NS_C1", "http://" + lab.get("VIP4") + "/")).startsWith("rs");
        Process load = lab.spawn(lab.get("NS_C1"), "wrk", "-t1", "-c8", "-d5s", "http://" + lab.get("VIP4") + "/");
        Thread.sleep(1500);
        // A JVM ended by SIGTERM exits 143 (128 + 15) after its shutdown hooks; the systemd unit
        // lists it in SuccessExitStatus.
        assertThat(jlvsd.stop()).as(jlvsd.log()).isIn(0, 143);
        load.waitFor();
        assertThat(jlvsd.log()).contains("stopped");
        String nft = lab.exec(lab.get("NS_DIR"), "nft", "list", "tables").stdout();
        assertThat(nft).doesNotContain("jlvs");
        assertThat(lab.exec(lab.get("NS_C1"), "curl", "-s", "--max-time", "2", "http://" + lab.get("VIP4") + "/")
                        .exitCode())
                .isNotZero();
        jlvsd = JlvsdProcess.start(lab, config("NAT", false, false));
        assertThat(curl("NS_C1", "http://" + lab.get("VIP4") + "/")).startsWith("rs");
    }

    @Test
    void refusesToOwnAVipTheKernelHas() throws Exception {
        lab.exec(lab.get("NS_DIR"), "ip", "addr", "add", lab.get("VIP4") + "/32", "dev", "lo")
                .requireOk();
        try {
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(
                    AssertionError.class, () -> JlvsdProcess.start(lab, config("NAT", false, false)));
            assertThat(e.getMessage())
                    .contains("is configured on this host's kernel")
                    .contains(lab.get("VIP4"));
        } finally {
            lab.exec(lab.get("NS_DIR"), "ip", "addr", "del", lab.get("VIP4") + "/32", "dev", "lo");
        }
    }
}
