package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.ConnectionEntry;
import io.jlvs.api.Endpoint;
import io.jlvs.api.Protocol;
import io.jlvs.api.Rates;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.registry.ConnectionCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipvsadm command sequences build a table; each listing must be exactly the text in
 * golden/*.txt, which was computed with printf(1) from ipvsadm 1.31's format strings (C printf
 * semantics, independently of jlvsadm's code).
 */
class JlvsadmGoldenTest {
    /** Deliberately not in sorted order, so --nosort and the default sort differ. */
    static final String[] SETUP = {
        "-A -t 192.0.2.1:80",
        "-a -t 192.0.2.1:80 -r 10.0.0.2:80 -g -w 1",
        "-a -t 192.0.2.1:80 -r 10.0.0.1:8080 -m -w 3",
        "-a -t 192.0.2.1:80 -r 10.0.0.3 -b -w 0 -x 100 -y 50",
        "-A -u 192.0.2.1:53 -s rr -o",
        "-a -u 192.0.2.1:53 -r 10.0.0.1:53 -m",
        "-A -t 192.0.2.2:443 -s sh --sched-flags sh-fallback,sh-port -p 3600 -M 255.255.255.0",
        "-a -t 192.0.2.2:443 -r 10.0.0.1 -i -w 2",
        "-A -f 7 -s mh --sched-flags mh-port",
        "-a -f 7 -r 10.0.0.4 -g",
        "-A -f 8 -6 -p",
        "-A -t [2001:db8::1]:80 -s wrr -j enable -V 120",
        "-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 5",
        "-a -t [2001:db8::1]:80 -r 10.0.0.9 -i",
        "-A --sctp-service 192.0.2.3:9000 -s lc -p 60 -M 255.255.0.0",
        "-a --sctp-service 192.0.2.3:9000 -r 10.0.0.5:9000 -m",
        "-P -t 192.0.2.1:80 -z 10.9.0.1",
        "-P -t 192.0.2.1:80 -z 10.9.0.2",
    };

    static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    static final ServiceKey DNS = ServiceKey.of(Protocol.UDP, Address.parse("192.0.2.1"), 53);

    @TempDir
    Path dir;

    private TestDaemon jlvsd;

    @BeforeEach
    void buildTheTable() throws IOException {
        jlvsd = new TestDaemon(dir);
        jlvsd.setUp(SETUP);
        feedFigures(jlvsd);
    }

    /** What the data plane would report for this table. */
    static void feedFigures(TestDaemon jlvsd) {
        Endpoint rs1 = new Endpoint(Address.parse("10.0.0.1"), 8080);
        Endpoint rs2 = new Endpoint(Address.parse("10.0.0.2"), 80);
        jlvsd.serviceBlock(WEB).add(12, 99_999_999L, 100_000_000L, 999_999_999_999L, 123_456_789_012_345_678L);
        jlvsd.serviceBlock(WEB).rates(new Rates(3, 250_000_000L, 7, 123_456_789L, 0));
        jlvsd.realServerBlock(WEB, rs1).add(5, 1_000_000_000L, 0, 5_000_000_000L, -1L);
        jlvsd.realServerBlock(WEB, rs1).rates(new Rates(3, 250_000_000L, 7, 123_456_789L, 0));
        jlvsd.realServerBlock(WEB, rs1).connections(new ConnectionCounts(17, 4, 2));
        jlvsd.realServerBlock(WEB, rs2).add(7, 99_999_999L, 100_000_000L, 999_999_999_999L, 123_456_789_012_345_678L);
        jlvsd.realServerBlock(WEB, rs2).connections(new ConnectionCounts(1_234_567_890L, 0, 0));
        jlvsd.serviceBlock(DNS).add(1, 2, 3, 4, 5);
        jlvsd.realServerBlock(DNS, new Endpoint(Address.parse("10.0.0.1"), 53)).add(1, 2, 3, 4, 5);
        jlvsd.stats.localAddress(jlvsd.service(WEB).id(), Address.parse("10.9.0.1"), 3, 42);
        jlvsd.stats.connectionEntries(List.of(
                conn(Protocol.TCP, 899, "ESTABLISHED", "198.51.100.7", 40001, "192.0.2.1", 80, "10.0.0.1", 8080),
                conn(Protocol.UDP, 5, "UDP", "198.51.100.8", 5353, "192.0.2.1", 53, "10.0.0.1", 53),
                conn(Protocol.TCP, 3599, "NONE", "198.51.100.9", 0, "192.0.2.2", 443, "10.0.0.1", 443),
                conn(
                        Protocol.TCP,
                        6000,
                        "ESTABLISHED",
                        "2001:db8:ffff::1234",
                        50000,
                        "2001:db8::1",
                        80,
                        "2001:db8::10",
                        8080),
                new ConnectionEntry(
                        Protocol.TCP,
                        60,
                        "SYN_RECV",
                        new Endpoint(Address.parse("198.51.100.10"), 1024),
                        new Endpoint(Address.parse("192.0.2.1"), 80),
                        new Endpoint(Address.parse("10.9.0.1"), 5001),
                        new Endpoint(Address.parse("10.0.0.3"), 80)),
                conn(Protocol.SCTP, 42, "ESTABLISHED", "198.51.100.11", 9000, "192.0.2.3", 9000, "10.0.0.5", 9000)));
    }

    private static ConnectionEntry conn(
            Protocol p, long expire, String state, String c, int cp, String v, int vp, String d, int dp) {
        return new ConnectionEntry(
                p,
                expire,
                state,
                new Endpoint(Address.parse(c), cp),
                new Endpoint(Address.parse(v), vp),
                null,
                new Endpoint(Address.parse(d), dp));
    }

    @AfterEach
    void stop() throws IOException {
        jlvsd.close();
    }

    static String golden(String name) throws IOException {
        try (InputStream in = JlvsadmGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void assertPrints(String golden, String... args) throws IOException {
        TestDaemon.Result r = jlvsd.run(args);
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(golden(golden));
    }

    @Test
    void listNumeric() throws IOException {
        assertPrints("list-n.txt", "-L", "-n");
        assertPrints("list-n.txt", "-Ln");
        assertPrints("list-n.txt", "-l", "--numeric");
        assertPrints("list-n.txt", "--list", "-n", "--sort");
    }

    @Test
    void listStats() throws IOException {
        assertPrints("list-n-stats.txt", "-L", "-n", "--stats");
        assertPrints("list-n-stats-exact.txt", "-L", "-n", "--stats", "--exact");
        assertPrints("list-n-stats-exact.txt", "-Ln", "--stats", "-X");
    }

    @Test
    void listRate() throws IOException {
        assertPrints("list-n-rate.txt", "-L", "-n", "--rate");
    }

    @Test
    void listThresholds() throws IOException {
        assertPrints("list-n-thresholds.txt", "-L", "-n", "--thresholds");
    }

    @Test
    void listPersistentConn() throws IOException {
        assertPrints("list-n-persistent-conn.txt", "-L", "-n", "--persistent-conn");
    }

    @Test
    void listTunnelInfo() throws IOException {
        assertPrints("list-n-tun-info.txt", "-L", "-n", "--tun-info");
    }

    @Test
    void listUnsorted() throws IOException {
        assertPrints("list-n-nosort.txt", "-L", "-n", "--nosort");
    }

    @Test
    void saveNumeric() throws IOException {
        assertPrints("save-n.txt", "-S", "-n");
    }

    @Test
    void listConnections() throws IOException {
        assertPrints("list-n-c.txt", "-L", "-n", "-c");
        assertPrints("list-n-c.txt", "-Lnc");
        assertPrints("list-n-c-persistent-conn.txt", "-L", "-n", "-c", "--persistent-conn");
    }

    @Test
    void listTimeouts() throws IOException {
        jlvsd.setUp("--set 0 60 0");
        assertPrints("list-timeout.txt", "-L", "--timeout");
    }

    @Test
    void listLocalAddresses() throws IOException {
        assertPrints("get-laddr.txt", "-G");
    }

    @Test
    void listOneServiceWithNames() throws IOException {
        assertPrints("list-service-names.txt", "-L", "-t", "192.0.2.1:80");
        assertPrints("list-service-names.txt", "-L", "-t", "www.example.com:http");
    }
}
