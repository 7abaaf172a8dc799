package io.jlvs.it.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.PrometheusText;
import io.jlvs.it.lab.RequiresLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jlvsd with the lab's veth offloads on (TSO, GSO, checksum offload): the real servers' and
 * clients' kernels put 64 KiB TCP super-frames with partial checksums on the wire, and jlvsd
 * forwards each as one packet. 100 MiB each way, checked by SHA-256 at the far end, through NAT,
 * FULLNAT (IPv4 and IPv6) and DR; the data plane's counters show the super-frames went through
 * the worker ({@code super_frame}) and left whole ({@code tx_super_frame}), and none was dropped.
 */
@RequiresLab
class SuperFrameIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlsf").withEnv("JLVS_LAB_OFFLOADS", "on");

    /** Port of the upload sink on rs1 (all addresses, the DR VIP on its lo included). */
    static final int SINK_PORT = 9000;

    static String sha100m;
    JlvsdProcess jlvsd;

    @BeforeAll
    static void up() {
        sha100m = lab.serveRandomFile("100m", 100, 7);
        assertThat(lab.get("LAB_OFFLOADS")).isEqualTo("on");
    }

    @AfterEach
    void stop() {
        if (jlvsd != null) {
            jlvsd.close();
        }
    }

    static String config(String method, String vip, String[] reals) {
        StringBuilder sb = new StringBuilder();
        if (method.equals("FNAT")) {
            VirtualServerText.localAddresses(lab, sb);
        }
        if (!method.equals("DR")) {
            service(sb, method, vip, 80, reals);
        }
        service(sb, method, vip, SINK_PORT, new String[] {reals[0]});
        return sb.toString();
    }

    private static void service(StringBuilder sb, String method, String vip, int port, String[] reals) {
        // FULLNAT with its default client address, TOA: an option in the handshake's ACK, which
        // leaves the byte stream (and so the sink's count) as the client sent it.
        VirtualServerText.append(lab, sb, method, vip, "TCP", port, reals);
    }

    /** The client's 100 MiB upload to {@code host}:{@link #SINK_PORT}; returns "bytes sha256" as the sink saw it. */
    static String upload(String host) throws Exception {
        String sink = "import socket,hashlib\n"
                + "l=socket.socket(socket.AF_INET6)\n"
                + "l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                + "l.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_V6ONLY,0)\n"
                + "l.bind(('::'," + SINK_PORT + "));l.listen()\n"
                + "print('listening',flush=True)\n"
                + "c,_=l.accept();h=hashlib.sha256();n=0\n"
                + "while True:\n d=c.recv(1<<20)\n if not d: break\n h.update(d);n+=len(d)\n"
                + "c.sendall(b'k');c.close()\n"
                + "print(n,h.hexdigest(),flush=True)\n";
        Process p = lab.spawn(lab.get("NS_RS1"), "python3", "-c", sink);
        try {
            var out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("listening");
            String file = Path.of(lab.get("LAB_RUN"), "100m").toString();
            String client = "import socket\n"
                    + "s=socket.create_connection(('" + host + "'," + SINK_PORT + "),timeout=60)\n"
                    + "f=open('" + file + "','rb');s.sendfile(f)\n"
                    + "s.shutdown(socket.SHUT_WR);s.recv(1)\n";
            lab.exec(lab.get("NS_C1"), "python3", "-c", client).requireOk();
            String line = out.readLine();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return line;
        } finally {
            p.destroyForcibly();
        }
    }

    PrometheusText metrics() {
        return PrometheusText.parse(
                lab.exec(lab.get("NS_DIR"), "curl", "-sS", "--max-time", "5", "http://127.0.0.1:9189/metrics")
                        .requireOk()
                        .stdout());
    }

    double event(PrometheusText m, String event) {
        return m.value("jlvs_data_plane_events_total", Map.of("event", event));
    }

    /** Both directions' 100 MiB intact, as super-frames through the worker, none dropped. */
    void assertBothWays(String host, boolean download) throws Exception {
        if (download) {
            String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + "/100m";
            assertThat(lab.download("NS_C1", "-g " + url)).as(jlvsd.log()).startsWith(sha100m);
        }
        double before = event(metrics(), "super_frame");
        assertThat(upload(host)).as(jlvsd.log()).isEqualTo((100L << 20) + " " + sha100m);
        PrometheusText m = metrics();
        assertThat(event(m, "super_frame") - before)
                .as("super-frames of the upload through the worker")
                .isGreaterThan(100);
        assertThat(event(m, "tx_super_frame")).isGreaterThan(100);
        assertThat(m.value("jlvs_drops_total", Map.of("reason", "super_frame"))).isZero();
        assertThat(event(m, "rx_frame_truncated")).isZero();
    }

    @Test
    void nat() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("NAT", lab.get("VIP4"), new String[] {"RS1_4", "RS2_4", "RS3_4"}));
        assertBothWays(lab.get("VIP4"), true);
    }

    @Test
    void fullNatIpv4() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("FNAT", lab.get("VIP4"), new String[] {"RS1_4", "RS2_4", "RS3_4"}));
        assertBothWays(lab.get("VIP4"), true);
    }

    @Test
    void fullNatIpv6() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("FNAT", lab.get("VIP6"), new String[] {"RS1_6", "RS2_6", "RS3_6"}));
        assertBothWays(lab.get("VIP6"), true);
    }

    @Test
    void directRouting() throws Exception {
        // DR: replies go straight to the client; the upload's super-frames cross the worker.
        jlvsd = JlvsdProcess.start(lab, config("DR", lab.get("VIP4"), new String[] {"RS1_4"}));
        assertBothWays(lab.get("VIP4"), false);
    }
}
