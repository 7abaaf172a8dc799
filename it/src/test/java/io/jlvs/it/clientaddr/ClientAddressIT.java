package io.jlvs.it.clientaddr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.PacketCapture;
import io.jlvs.it.lab.PrometheusText;
import io.jlvs.it.lab.RequiresLab;
import io.jlvs.it.lab.UdpEcho;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's address reaches the real servers (issue 9's acceptance): nginx behind a PROXY
 * protocol listener logs the address each header carried, for v1 and v2, IPv4 and IPv6 clients,
 * under FULLNAT and NAT, and 100 MiB after the header arrive intact both ways (download, and an
 * upload nginx stores); a first segment lost on its way is sent again with its header; UDP
 * datagrams reach an echo server behind a v2 header. The TOA option, decoded by tshark from a
 * capture on the real server, rides on the handshake's ACK with the client's port and address
 * (and on the SYN, under DPVS's IPv6 kind, once the service asks for it), and a client whose
 * headers are already full of options is served without it, counted.
 */
@RequiresLab
class ClientAddressIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlca");

    static String sha100m;
    static int proxyPort;
    JlvsdProcess jlvsd;

    @BeforeAll
    static void up() throws Exception {
        assertThat(Files.readString(Path.of(lab.get("LAB_RUN"), "rs1", "backend"))
                        .strip())
                .as("the PROXY protocol listener is nginx's")
                .isEqualTo("nginx");
        sha100m = lab.serveRandomFile("100m", 100, 42);
        proxyPort = Integer.parseInt(lab.get("PROXY_PORT"));
    }

    @AfterEach
    void stop() {
        if (jlvsd != null) {
            jlvsd.close();
        }
    }

    static String localAddresses() {
        return "local_address_group lips {\n  " + lab.get("LADDR4").split(" ")[0] + "\n  " + lab.get("LADDR6")
                + "\n}\n";
    }

    /** FULLNAT TCP services on both VIPs at {@code port}, passing the client address as {@code mode}. */
    static String config(String mode, int port, int reals) {
        return localAddresses() + services("FNAT", "TCP", mode, port, reals);
    }

    /** As {@link #config(String, int, int)}, the director answering the handshakes itself (SYNPROXY). */
    static String synProxyConfig(String mode, int port, int reals) {
        return config(mode, port, reals).replace("  client_address ", "  syn_proxy\n  client_address ");
    }

    /** One service per VIP (IPv4, IPv6) of {@code kind} and {@code protocol} at {@code port}, {@code reals} real servers. */
    static String services(String kind, String protocol, String mode, int port, int reals) {
        StringBuilder sb = new StringBuilder();
        for (String family : List.of("4", "6")) {
            sb.append("virtual_server ")
                    .append(lab.get("VIP" + family))
                    .append(' ')
                    .append(port)
                    .append(" {\n  lb_algo rr\n  lb_kind ")
                    .append(kind)
                    .append("\n  protocol ")
                    .append(protocol)
                    .append('\n');
            if (kind.equals("FNAT")) {
                sb.append("  laddr_group_name lips\n");
            }
            sb.append("  client_address ").append(mode).append('\n');
            for (int i = 1; i <= reals; i++) {
                sb.append("  real_server ")
                        .append(lab.get("RS" + i + "_" + family))
                        .append(' ')
                        .append(port)
                        .append(" { weight 1 }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    static String url(String vip, int port, String path) {
        return "http://" + (vip.contains(":") ? "[" + vip + "]" : vip) + ":" + port + path;
    }

    static String curl(String nsKey, String url, String... extra) {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "-g"));
        if (!List.of(extra).contains("--max-time")) {
            argv.addAll(List.of("--max-time", "5"));
        }
        argv.addAll(List.of(extra));
        argv.add(url);
        return lab.exec(lab.get(nsKey), argv.toArray(String[]::new)).requireOk().stdout();
    }

    double event(String name) {
        String scrape = lab.exec(lab.get("NS_DIR"), "curl", "-sS", "--max-time", "5", "http://127.0.0.1:9189/metrics")
                .requireOk()
                .stdout();
        return PrometheusText.parse(scrape).value("jlvs_data_plane_events_total", Map.of("event", name));
    }

    /**
     * Three requests from each client namespace, over IPv4 and IPv6, each with its own id: the
     * proxy.log line of every one names that client's address, and the TCP peer is a local address
     * (FULLNAT) or the client itself (NAT).
     */
    void everyRequestCarriesItsClient(String tag, boolean fullNat) throws Exception {
        everyRequestCarriesItsClient(tag, fullNat, 3, 5);
    }

    /** As above, {@code each} requests per client and family, each given {@code maxSeconds}. */
    void everyRequestCarriesItsClient(String tag, boolean fullNat, int each, int maxSeconds) throws Exception {
        record Sent(String id, String client) {}
        List<Sent> sent = new ArrayList<>();
        for (String c : List.of("C1", "C2")) {
            for (String family : List.of("4", "6")) {
                for (int i = 0; i < each; i++) {
                    String id = tag + "-" + c + "-" + family + "-" + i;
                    String answer = curl(
                            "NS_" + c,
                            url(lab.get("VIP" + family), proxyPort, "/?id=" + id),
                            "--max-time",
                            String.valueOf(maxSeconds));
                    assertThat(answer.strip()).as(jlvsd.log()).isIn("rs1", "rs2", "rs3");
                    sent.add(new Sent(id, lab.get(c + "_" + family)));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (String rs : List.of("rs1", "rs2", "rs3")) {
            Path log = Path.of(lab.get("LAB_RUN"), rs, "proxy.log");
            if (Files.exists(log)) {
                lines.addAll(Files.readAllLines(log));
            }
        }
        for (Sent s : sent) {
            List<String> mine =
                    lines.stream().filter(l -> l.contains("id=" + s.id() + " ")).toList();
            assertThat(mine)
                    .as("proxy.log lines of request %s\n%s", s.id(), lines)
                    .hasSize(1);
            String[] f = mine.getFirst().split(" ");
            assertThat(f[0]).as("the address the PROXY header carried").isEqualTo(s.client());
            if (fullNat) {
                assertThat(f[2])
                        .as("the TCP peer: a local address")
                        .isIn(lab.get("LADDR4").split(" ")[0], lab.get("LADDR6"));
            } else {
                assertThat(f[2]).as("the TCP peer: the client itself").isEqualTo(s.client());
            }
        }
    }

    void bigDownloadIntact(String vip) {
        Lab.Result r = lab.run(
                List.of(
                        "sh",
                        "-c",
                        "ip netns exec " + lab.get("NS_C1") + " curl -sS -g --max-time 120 "
                                + url(vip, proxyPort, "/100m") + " | sha256sum"),
                Duration.ofMinutes(3));
        assertThat(r.requireOk().stdout()).as(jlvsd.log()).startsWith(sha100m);
    }

    /** 100 MiB uploaded behind the header: the stream the real server stores is the client's, byte for byte. */
    void bigUploadIntact(String vip, String name) throws Exception {
        String put = lab.exec(
                        lab.get("NS_C2"),
                        "curl",
                        "-sS",
                        "-g",
                        "--max-time",
                        "120",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-T",
                        Path.of(lab.get("LAB_RUN"), "100m").toString(),
                        url(vip, proxyPort, "/upload/" + name))
                .requireOk()
                .stdout();
        assertThat(put).as(jlvsd.log()).isEqualTo("201");
        Path stored = null;
        for (String rs : List.of("rs1", "rs2", "rs3")) {
            Path p = Path.of(lab.get("LAB_RUN"), rs, "www", "upload", name);
            if (Files.exists(p)) {
                stored = p;
            }
        }
        assertThat(stored).as("the upload was stored on a real server").isNotNull();
        String sha = lab.run(List.of("sha256sum", stored.toString()), Duration.ofMinutes(1))
                .requireOk()
                .stdout();
        assertThat(sha).startsWith(sha100m);
        Files.delete(stored);
    }

    @Test
    void proxyProtocolV1ThenV2CarryEveryClientsAddress() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("proxy_v1", proxyPort, 3));
        assertThat(jlvsd.jlvsadm("-L", "-n").requireOk().stdout())
                .contains("TCP  " + lab.get("VIP4") + ":" + proxyPort + " rr client-address proxy_v1");
        everyRequestCarriesItsClient("v1", true);
        bigDownloadIntact(lab.get("VIP4"));
        bigUploadIntact(lab.get("VIP4"), "v1.bin");
        double v1Headers = event("proxy_header_sent");
        assertThat(v1Headers).isGreaterThanOrEqualTo(14);

        // The same services switched to v2 with jlvsadm -E: new connections carry the binary header.
        for (String vip : List.of(lab.get("VIP4"), "[" + lab.get("VIP6") + "]")) {
            jlvsd.jlvsadm("-E", "-t", vip + ":" + proxyPort, "-s", "rr", "--client-address", "proxy_v2")
                    .requireOk();
        }
        assertThat(jlvsd.jlvsadm("-S", "-n").requireOk().stdout())
                .contains("-A -t " + lab.get("VIP4") + ":" + proxyPort + " -s rr --client-address proxy_v2");
        everyRequestCarriesItsClient("v2", true);
        bigDownloadIntact(lab.get("VIP4"));
        bigDownloadIntact(lab.get("VIP6"));
        bigUploadIntact(lab.get("VIP6"), "v2.bin");
        assertThat(event("proxy_header_sent")).isGreaterThanOrEqualTo(v1Headers + 15);
        assertThat(event("client_address_failed")).isZero();
    }

    @Test
    void toaRidesOnTheHandshakesAckAndIsSkippedWhenTheHeaderIsFull() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("toa", 80, 1));
        Path pcap = Path.of(lab.get("LAB_RUN"), "toa.pcap");
        int clientPort = 45678;
        Lab.Result crafted;
        try (PacketCapture capture = PacketCapture.start(lab, lab.get("NS_RS1"), "eth0", "tcp port 80", pcap)) {
            servedFromBothFamilies(clientPort, 45679);
            crafted = lab.run(
                    List.of(
                            "ip",
                            "netns",
                            "exec",
                            lab.get("NS_C2"),
                            "python3",
                            lab.root()
                                    .resolve("it/src/test/resources/clientaddr/full_options_client.py")
                                    .toString(),
                            lab.get("C2_4"),
                            lab.get("VIP4"),
                            "80",
                            "41000"),
                    Duration.ofSeconds(30));
            assertThat(crafted.exitCode())
                    .as(crafted.stdout() + crafted.stderr())
                    .isZero();
            List<String[]> rows = capture.fields("", TOA_COLUMNS);
            String dump = PacketCapture.text(rows);

            // curl's connection: the third packet of its stream (the ACK of the SYN-ACK) carries
            // option 254 = port 45678 (0xb26e), 198.18.0.11.
            assertToaOnTheHandshakesAck(rows, clientPort, false);

            // The crafted client: 60-byte headers, no TOA anywhere in its stream, and it was served.
            List<String> fullStreams = rows.stream()
                    .filter(r -> r[4].equals("60"))
                    .map(r -> r[0])
                    .distinct()
                    .toList();
            assertThat(fullStreams).as(dump).hasSize(1);
            assertThat(rows.stream().filter(r -> r[0].equals(fullStreams.getFirst()) && !r[5].isEmpty()))
                    .as("no TOA where there was no room\n%s", dump)
                    .isEmpty();

            // The IPv6 client: alibaba's IPv6 form, kind 253, length 20, port 45679 and the 16-byte address.
            assertIpv6ToaOnTheHandshakesAck(capture, 45679);
        }
        assertThat(crafted.stdout()).startsWith("HTTP/1.1 200 OK").endsWith("rs1\n");
        assertThat(event("toa_no_room"))
                .as("the crafted client's ACK and request")
                .isGreaterThanOrEqualTo(2);
        assertThat(event("toa_added")).isGreaterThanOrEqualTo(1);
    }

    /** One request from C1 to each VIP on port 80, from the given client ports: rs1 answers both. */
    static void servedFromBothFamilies(int port4, int port6) {
        assertThat(curl("NS_C1", url(lab.get("VIP4"), 80, "/"), "--local-port", String.valueOf(port4))
                        .strip())
                .isEqualTo("rs1");
        assertThat(curl("NS_C1", url(lab.get("VIP6"), 80, "/"), "--local-port", String.valueOf(port6))
                        .strip())
                .isEqualTo("rs1");
    }

    /** The columns {@link #assertToaOnTheHandshakesAck} reads, in its order. */
    static final String[] TOA_COLUMNS = {
        "tcp.stream",
        "ip.src",
        "tcp.flags",
        "tcp.len",
        "tcp.hdr_len",
        "tcp.options.experimental.exid",
        "tcp.options.experimental.data"
    };

    /**
     * In a capture on the real server ({@link #TOA_COLUMNS} rows), the IPv4 connection of client
     * port {@code clientPort} (C1): SYN, SYN-ACK, then the handshake's ACK from the local address
     * with option 254 naming the client's port and address; the SYN carries none unless {@code
     * inSyn}; the connection closes with FINs both ways.
     */
    static void assertToaOnTheHandshakesAck(List<String[]> rows, int clientPort, boolean inSyn) throws Exception {
        String port = String.format("0x%04x", clientPort);
        String clientHex =
                HexFormat.of().formatHex(InetAddress.getByName(lab.get("C1_4")).getAddress());
        String dump = PacketCapture.text(rows);
        String stream = rows.stream()
                .filter(r -> r[5].equals(port))
                .map(r -> r[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no TOA option with the client's port\n" + dump));
        List<String[]> flow = rows.stream().filter(r -> r[0].equals(stream)).toList();
        assertThat(flow.get(0)[2]).as(dump).isEqualTo("0x0002");
        assertThat(flow.get(0)[5]).as("TOA in the SYN\n%s", dump).isEqualTo(inSyn ? port : "");
        assertThat(flow.get(1)[2]).as(dump).isEqualTo("0x0012");
        String[] ack = flow.get(2);
        assertThat(ack[1]).isEqualTo(lab.get("LADDR4").split(" ")[0]);
        assertThat(ack[2]).as("the handshake's ACK").isEqualTo("0x0010");
        assertThat(ack[3]).isEqualTo("0");
        assertThat(ack[5]).isEqualTo(port);
        assertThat(ack[6]).isEqualTo(clientHex);
        assertThat(flow.stream().filter(r -> (Integer.decode(r[2]) & 0x01) != 0))
                .as("the connection closed normally, FIN both ways\n%s", dump)
                .hasSizeGreaterThanOrEqualTo(2);
    }

    /** As above for C1's IPv6 connection from {@code clientPort}: alibaba's kind 253, on the handshake's ACK. */
    static void assertIpv6ToaOnTheHandshakesAck(PacketCapture capture, int clientPort) throws Exception {
        List<String[]> v6 = capture.fields(
                "tcp.option_kind == 253",
                "ipv6.src",
                "tcp.flags",
                "tcp.options.experimental.exid",
                "tcp.options.experimental.data");
        assertThat(v6).as("segments with option 253").isNotEmpty();
        String[] first = v6.getFirst();
        assertThat(first[0]).isEqualTo(lab.get("LADDR6"));
        assertThat(first[1]).as("the handshake's ACK").isEqualTo("0x0010");
        assertThat(first[2]).isEqualTo(String.format("0x%04x", clientPort));
        assertThat(first[3])
                .isEqualTo(HexFormat.of()
                        .formatHex(InetAddress.getByName(lab.get("C1_6")).getAddress()));
    }

    /**
     * SYNPROXY + FULLNAT + PROXY v2 (issue 9's last item): the director answers every handshake
     * itself, opens the real server's only for a client that completes it, and the header still
     * goes in front of the first data, which waited for the server's SYN-ACK: every request's log
     * line names its client, IPv4 and IPv6, and 100 MiB cross intact both ways.
     */
    @Test
    void synProxyWithProxyV2UnderFullNatCarriesEveryClientsAddress() throws Exception {
        jlvsd = JlvsdProcess.start(lab, synProxyConfig("proxy_v2", proxyPort, 3));
        assertThat(jlvsd.jlvsadm("-S", "-n").requireOk().stdout())
                .contains("-A -t " + lab.get("VIP4") + ":" + proxyPort + " -s rr -j enable --client-address proxy_v2");
        everyRequestCarriesItsClient("sp2", true);
        bigDownloadIntact(lab.get("VIP4"));
        bigDownloadIntact(lab.get("VIP6"));
        bigUploadIntact(lab.get("VIP4"), "sp2.bin");
        double handshakes = event("synproxy_handshake_completed");
        System.out.println("SYNPROXY + PROXY v2: handshakes " + handshakes + ", cookies "
                + event("synproxy_cookie_sent") + ", headers " + event("proxy_header_sent") + ", resent "
                + event("proxy_header_resent"));
        assertThat(handshakes).as("12 requests, 3 downloads and uploads").isGreaterThanOrEqualTo(15);
        assertThat(event("synproxy_cookie_sent")).isGreaterThanOrEqualTo(handshakes);
        assertThat(event("proxy_header_sent")).isGreaterThanOrEqualTo(15);
        assertThat(event("client_address_failed")).isZero();
    }

    /**
     * SYNPROXY + FULLNAT + TOA: the real server's side of the connection looks as without SYNPROXY.
     * The director's SYN goes without the option, the ACK it sends after the server's SYN-ACK (the
     * first segment after its SYN, the one that creates the server's socket) carries it.
     */
    @Test
    void synProxyWithToaPutsTheOptionOnTheAckAfterTheServersSynAck() throws Exception {
        jlvsd = JlvsdProcess.start(lab, synProxyConfig("toa", 80, 1));
        Path pcap = Path.of(lab.get("LAB_RUN"), "toa-synproxy.pcap");
        try (PacketCapture capture = PacketCapture.start(lab, lab.get("NS_RS1"), "eth0", "tcp port 80", pcap)) {
            // Client ports of their own: another test's connections may still be in TIME_WAIT.
            servedFromBothFamilies(45682, 45683);
            assertToaOnTheHandshakesAck(capture.fields("", TOA_COLUMNS), 45682, false);
            assertIpv6ToaOnTheHandshakesAck(capture, 45683);
        }
        assertThat(event("synproxy_handshake_completed")).isGreaterThanOrEqualTo(2);
        assertThat(event("toa_added")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void lostSegmentsAreRetransmittedWithTheHeader() throws Exception {
        // The real servers lose a quarter of what reaches them (no netem in this kernel: nftables
        // drops at random). When the first data segment, header in front, is lost, the client
        // sends its first data again; the director has not seen the header acknowledged, so the
        // header goes with it once more, at the same place of the stream. Every request is still
        // logged once, with its client.
        jlvsd = JlvsdProcess.start(lab, config("proxy_v1", proxyPort, 3));
        List<String> servers = List.of("NS_RS1", "NS_RS2", "NS_RS3");
        try {
            for (String rs : servers) {
                for (String command : List.of(
                        "add table inet lossy",
                        "add chain inet lossy in { type filter hook input priority 0; }",
                        "add rule inet lossy in tcp dport " + proxyPort + " numgen random mod 4 == 0 drop")) {
                    lab.exec(lab.get(rs), ("nft " + command).split(" ")).requireOk();
                }
            }
            everyRequestCarriesItsClient("lossy", true, 8, 60);
        } finally {
            for (String rs : servers) {
                lab.exec(lab.get(rs), "nft", "delete", "table", "inet", "lossy");
            }
        }
        double resent = event("proxy_header_resent");
        System.out.println("PROXY headers sent again with a retransmitted first segment: " + resent);
        assertThat(resent)
                .as("32 connections, each first data segment lost with probability 1/4")
                .isPositive();
        assertThat(event("client_address_failed")).isZero();
    }

    @Test
    void proxyV2UnderNatAndOverUdp() throws Exception {
        jlvsd = JlvsdProcess.start(
                lab,
                localAddresses()
                        + services("NAT", "TCP", "proxy_v2", proxyPort, 3)
                        + services("FNAT", "UDP", "proxy_v2", UdpEcho.PORT, 3));
        // NAT: the header names the client, as does the TCP peer the server sees.
        everyRequestCarriesItsClient("nat", false);

        // UDP under FULLNAT: each datagram reaches the server behind a v2 header (DGRAM) naming its
        // client; the echo server sends back what it received.
        List<UdpEcho> echoes = new ArrayList<>();
        try {
            for (String rs : List.of("rs1", "rs2", "rs3")) {
                echoes.add(UdpEcho.start(lab.get("NS_" + rs.toUpperCase()), rs));
            }
            for (String family : List.of("4", "6")) {
                for (String c : List.of("C1", "C2")) {
                    byte[] query = ("q-" + c + "-" + family).getBytes(StandardCharsets.US_ASCII);
                    byte[] answer = UdpEcho.ask(lab.get("NS_" + c), lab.get("VIP" + family), query);
                    assertThat(answer)
                            .as("an answer through %s\n%s", lab.get("VIP" + family), jlvsd.log())
                            .isNotNull();
                    ByteBuffer b = ByteBuffer.wrap(answer);
                    byte[] name = new byte[4];
                    b.get(name);
                    assertThat(new String(name, StandardCharsets.US_ASCII)).isIn("rs1 ", "rs2 ", "rs3 ");
                    byte[] signature = new byte[12];
                    b.get(signature);
                    assertThat(signature).isEqualTo(new byte[] {13, 10, 13, 10, 0, 13, 10, 'Q', 'U', 'I', 'T', 10});
                    assertThat(b.get()).as("version 2, PROXY").isEqualTo((byte) 0x21);
                    boolean v4 = family.equals("4");
                    assertThat(b.get()).as("family, DGRAM").isEqualTo((byte) (v4 ? 0x12 : 0x22));
                    int length = b.getShort() & 0xFFFF;
                    assertThat(length).isEqualTo(v4 ? 12 : 36);
                    byte[] src = new byte[v4 ? 4 : 16];
                    byte[] dst = new byte[v4 ? 4 : 16];
                    b.get(src).get(dst);
                    assertThat(InetAddress.getByAddress(src))
                            .isEqualTo(InetAddress.getByName(lab.get(c + "_" + family)));
                    assertThat(InetAddress.getByAddress(dst)).isEqualTo(InetAddress.getByName(lab.get("VIP" + family)));
                    assertThat(b.getShort() & 0xFFFF).as("the client's port").isNotZero();
                    assertThat(b.getShort() & 0xFFFF).isEqualTo(UdpEcho.PORT);
                    byte[] rest = new byte[b.remaining()];
                    b.get(rest);
                    assertThat(rest).as("the datagram follows the header").isEqualTo(query);
                }
            }
        } finally {
            echoes.forEach(UdpEcho::close);
        }
        assertThat(event("client_address_failed")).isZero();
    }

    @Test
    void toaInTheSynAndUnderDpvsIpv6KindAfterAnEdit() throws Exception {
        jlvsd = JlvsdProcess.start(lab, config("toa", 80, 1));
        for (String vip : List.of(lab.get("VIP4"), "[" + lab.get("VIP6") + "]")) {
            jlvsd.jlvsadm(
                            "-E",
                            "-t",
                            vip + ":80",
                            "-s",
                            "rr",
                            "--client-address",
                            "toa",
                            "--toa-in-syn",
                            "--toa-ipv6-kind",
                            "254")
                    .requireOk();
        }
        assertThat(jlvsd.jlvsadm("-S", "-n").requireOk().stdout())
                .contains(
                        "-A -t " + lab.get("VIP4") + ":80 -s rr --client-address toa --toa-in-syn --toa-ipv6-kind 254");
        Path pcap = Path.of(lab.get("LAB_RUN"), "toa-syn.pcap");
        try (PacketCapture capture = PacketCapture.start(lab, lab.get("NS_RS1"), "eth0", "tcp port 80", pcap)) {
            servedFromBothFamilies(45680, 45681);
            List<String[]> rows = capture.fields(
                    "tcp.option_kind == 254",
                    "ip.src",
                    "ipv6.src",
                    "tcp.flags",
                    "tcp.options.experimental.exid",
                    "tcp.options.experimental.data");
            String dump = PacketCapture.text(rows);
            String v4 = HexFormat.of()
                    .formatHex(InetAddress.getByName(lab.get("C1_4")).getAddress());
            String v6 = HexFormat.of()
                    .formatHex(InetAddress.getByName(lab.get("C1_6")).getAddress());
            // Each connection: its SYN, then the handshake's ACK, carry the client's port and address.
            for (String[] expected : List.of(
                    new String[] {lab.get("LADDR4").split(" ")[0], "", "0xb270", v4},
                    new String[] {"", lab.get("LADDR6"), "0xb271", v6})) {
                List<String> flags = rows.stream()
                        .filter(r -> r[0].equals(expected[0]) && r[1].equals(expected[1]))
                        .peek(r -> assertThat(r[3]).as(dump).isEqualTo(expected[2]))
                        .peek(r -> assertThat(r[4]).as(dump).isEqualTo(expected[3]))
                        .map(r -> r[2])
                        .toList();
                assertThat(flags).as("segments with option 254\n%s", dump).startsWith("0x0002", "0x0010");
            }
            assertThat(capture.fields("tcp.option_kind == 253", "frame.number"))
                    .as("no alibaba IPv6 kind once the service asks for DPVS's")
                    .isEmpty();
        }
        assertThat(event("toa_added")).isGreaterThanOrEqualTo(4);
    }
}
