package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.ClientAddressMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The annotated configurations in the repository's examples/ directory load, cleanly, as described. */
class ExamplesTest {

    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/demo.conf"))) {
            p = p.getParent();
        }
        assertThat(p).as("repository root with examples/demo.conf").isNotNull();
        return p.resolve("examples");
    }

    static LoadResult example(String name) throws Exception {
        return ConfigLoader.read(examples().resolve(name));
    }

    @Test
    void everyExampleLoadsWithoutWarnings() throws Exception {
        try (var files = Files.list(examples())) {
            List<Path> confs =
                    files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertThat(confs)
                    .extracting(p -> p.getFileName().toString())
                    .contains("demo.conf", "nat.conf", "dr.conf", "tun.conf", "fullnat.conf", "synproxy.conf");
            for (Path p : confs) {
                assertThat(ConfigLoader.read(p).warnings()).as(p.toString()).isEmpty();
            }
        }
    }

    @Test
    void demo() throws Exception {
        VirtualServer vs = example("demo.conf").config().virtualServers().getFirst();
        assertThat(vs.name()).isEqualTo("TCP 198.18.0.100:80");
        assertThat(vs.scheduler()).isEqualTo("rr");
        assertThat(vs.delayLoop()).isEqualTo(Duration.ofSeconds(2));
        assertThat(vs.realServers())
                .extracting(r -> r.endpoint().toString())
                .containsExactly("198.18.1.11:80", "198.18.1.12:80", "198.18.1.13:80");
        assertThat(vs.realServers()).allMatch(r -> ((TcpCheck) r.checkers().getFirst())
                .connect()
                .connectTimeout()
                .equals(Duration.ofSeconds(1)));
    }

    @Test
    void nat() throws Exception {
        KeepalivedConfig c = example("nat.conf").config();
        assertThat(c.globalDefs().lvsTimeouts().toString()).isEqualTo("tcp 900 tcpfin 120 udp 300");
        assertThat(c.jlvsDefs().interfaces()).containsExactly("eth-c", "eth-s");
        assertThat(c.jlvsDefs().workers()).isEqualTo(2);
        assertThat(c.virtualServers())
                .extracting(VirtualServer::name)
                .containsExactly("TCP 198.18.0.100:80", "TCP 198.18.0.100:8080", "TCP [2001:db8:0:c::100]:80");
        VirtualServer sorry = c.virtualServers().get(1);
        assertThat(sorry.sorryServer()).isPresent();
        assertThat(sorry.quorum().alpha()).isTrue();
        VirtualServer v4 = c.virtualServers().getFirst();
        assertThat(v4.method()).isEqualTo(LvsMethod.NAT);
        assertThat(v4.realServers()).extracting(RealServer::weight).containsExactly(3, 2, 1);
        assertThat(v4.realServers().get(2).inhibitOnFailure()).isTrue();
        HttpCheck http = (HttpCheck) v4.realServers().getFirst().checkers().getFirst();
        assertThat(http.timing().retry()).isEqualTo(2);
        assertThat(http.timing().delayLoop()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void dr() throws Exception {
        KeepalivedConfig c = example("dr.conf").config();
        VirtualServer web = c.virtualServers().getFirst();
        assertThat(web.method()).isEqualTo(LvsMethod.DR);
        assertThat(web.schedulerFlags()).containsExactly(SchedulerFlag.SH_PORT);
        assertThat(web.persistence().granularity().toString()).isEqualTo("255.255.255.0");
        assertThat(web.realServers()).extracting(r -> r.endpoint().port()).containsOnly(80);
        assertThat(web.sorryServer().orElseThrow().endpoint().toString()).isEqualTo("198.18.1.13:80");
        VirtualServer mark = c.virtualServers().get(1);
        assertThat(mark.name()).isEqualTo("FWM 7");
        assertThat(mark.realServers()).extracting(r -> r.endpoint().port()).containsOnly(0);
    }

    @Test
    void tun() throws Exception {
        VirtualServer vs = example("tun.conf").config().virtualServers().getFirst();
        assertThat(vs.onePacket()).isTrue();
        assertThat(vs.realServers())
                .extracting(r -> r.method().toString())
                // The example is IPIP only: jlvsd refuses GUE and GRE (KeywordTableTest parses them).
                .containsExactly("TUN", "TUN", "TUN");
        UdpCheck udp = (UdpCheck) vs.realServers().get(2).checkers().getFirst();
        assertThat(udp.payload()).contains("000101000001000000000000");
    }

    @Test
    void fullnat() throws Exception {
        KeepalivedConfig c = example("fullnat.conf").config();
        assertThat(c.localAddressGroup("lab_lips").orElseThrow().addresses())
                .extracting(Object::toString)
                .containsExactly("198.18.1.200", "198.18.1.201", "2001:db8:0:5::200");
        assertThat(c.jlvsDefs().expireNodestConn()).isTrue();
        VirtualServer vs = c.virtualServers().getFirst();
        assertThat(vs.method()).isEqualTo(LvsMethod.FULLNAT);
        assertThat(vs.localAddressGroup()).contains("lab_lips");
        assertThat(vs.clientAddress().mode()).isEqualTo(ClientAddressMode.PROXY_V2);
        assertThat(vs.establishedTimeout()).hasValue(600);
        assertThat(vs.drain())
                .isEqualTo(new DrainPolicy(
                        Optional.of(Duration.ofSeconds(120)), Optional.of(Duration.ofSeconds(2)), true, true));
        assertThat(vs.realServers().get(1).endpoint().toString()).isEqualTo("198.18.1.12:8080");
        MiscCheck misc = (MiscCheck) vs.realServers().get(2).checkers().getFirst();
        assertThat(misc.script().argv()).containsExactly("/usr/local/bin/check-backend.sh", "198.18.1.13", "80");
        assertThat(misc.script().user()).contains("nobody");
    }

    @Test
    void synproxy() throws Exception {
        KeepalivedConfig c = example("synproxy.conf").config();
        assertThat(c.virtualServers()).allMatch(VirtualServer::synProxy);
        assertThat(c.virtualServers().get(0).clientAddress().mode()).isEqualTo(ClientAddressMode.TOA);
        assertThat(c.virtualServers().get(1).method()).isEqualTo(LvsMethod.NAT);
        HttpCheck ssl = (HttpCheck)
                c.virtualServers().get(0).realServers().getFirst().checkers().getFirst();
        assertThat(ssl.sniName()).contains("lab.example");
        assertThat(ssl.urls().getFirst().regex()).contains("rs[0-9]+");
        assertThat(c.ssl().orElseThrow().ca()).contains("/etc/ssl/certs/ca-certificates.crt");
    }
}
