package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configurations equivalent to keepalived's doc/samples with a virtual_server (test resources). */
class SamplesTest {

    static LoadResult sample(String name) throws Exception {
        Path p =
                Path.of(SamplesTest.class.getResource("/config/samples/" + name).toURI());
        return ConfigLoader.read(p);
    }

    static VirtualServer first(String name) throws Exception {
        return sample(name).config().virtualServers().getFirst();
    }

    static Endpoint ep(String a, int p) {
        return new Endpoint(IpAddress.parse(a).orElseThrow(), p);
    }

    @Test
    void everySampleLoadsWithoutWarningsButThoseKeepalivedGivesToo() throws Exception {
        for (String name : List.of(
                "http_get_port.conf",
                "ping_check.conf",
                "ssl_get.conf",
                "udp_check.conf",
                "inhibit.conf",
                "misc_check.conf",
                "misc_check_arg.conf",
                "quorum.conf",
                "sample.conf",
                "status_code.conf",
                "virtual_server_group.conf",
                "virtualhost.conf",
                "vrrp_lvs_syncd.conf",
                "ipv6.conf")) {
            assertThat(sample(name).warnings()).as(name).isEmpty();
        }
        // keepalived itself warns about these: a protocol on a fwmark service, SMTP host blocks.
        assertThat(sample("fwmark.conf").warnings())
                .extracting(ConfigMessage::message)
                .containsExactly("FWM 11: protocol is ignored for a fwmark service");
        assertThat(sample("smtp_check.conf").warnings())
                .extracting(ConfigMessage::message)
                .containsOnly("host blocks are deprecated - use one SMTP_CHECK per target");
    }

    @Test
    void httpGetPort() throws Exception {
        LoadResult r = sample("http_get_port.conf");
        GlobalDefs g = r.config().globalDefs();
        assertThat(g.routerId()).contains("LB_A");
        assertThat(g.notification().emails()).containsExactly("noc");
        assertThat(g.notification().smtpServer()).contains("172.16.0.25");
        assertThat(g.notification().smtpConnectTimeout()).isEqualTo(Duration.ofSeconds(20));
        VirtualServer vs = r.config().virtualServers().getFirst();
        assertThat(vs.persistence().timeout()).isEqualTo(40);
        HttpCheck c = (HttpCheck) vs.realServers().getFirst().checkers().getFirst();
        assertThat(c.ssl()).isTrue();
        assertThat(c.connect().target()).isEqualTo(ep("172.16.20.10", 8443));
        assertThat(c.timing().retry()).isEqualTo(2);
        assertThat(c.urls().getFirst().digest()).contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    void ipv6() throws Exception {
        KeepalivedConfig c = sample("ipv6.conf").config();
        assertThat(c.virtualServerGroup("v6_web")
                        .orElseThrow()
                        .addresses()
                        .getFirst()
                        .range()
                        .toString())
                .isEqualTo("2001:db8:10::2-2001:db8:10::a");
        VirtualServer vs = c.virtualServers().getFirst();
        assertThat(vs.name()).isEqualTo("TCP [2001:db8:10::1]:25");
        SmtpCheck smtp = (SmtpCheck) vs.realServers().getFirst().checkers().getFirst();
        assertThat(smtp.heloName()).isEqualTo("mx.example.net");
        assertThat(smtp.connect().target()).isEqualTo(ep("2001:db8:20::10", 2525));
    }

    @Test
    void pingCheck() throws Exception {
        VirtualServer vs = first("ping_check.conf");
        assertThat(vs.protocol()).contains(Protocol.UDP);
        PingCheck p = (PingCheck) vs.realServers().getFirst().checkers().getFirst();
        assertThat(p.timing().retry()).isEqualTo(5);
    }

    @Test
    void smtpCheck() throws Exception {
        VirtualServer vs = first("smtp_check.conf");
        assertThat(vs.persistence().persistent()).isFalse();
        List<RealServer> rs = vs.realServers();
        SmtpCheck a = (SmtpCheck) rs.get(0).checkers().getFirst();
        assertThat(a.timing().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(4));
        SmtpCheck b = (SmtpCheck) rs.get(1).checkers().getFirst();
        assertThat(b.hosts())
                .extracting(h -> h.target().toString())
                .containsExactly("172.16.30.11:25", "172.16.31.11:25");
        // A host block takes its timeout from the real or virtual server, not from its checker.
        assertThat(b.hosts()).allMatch(h -> h.connectTimeout().equals(Duration.ofSeconds(5)));
        assertThat(b.connect().connectTimeout()).isEqualTo(Duration.ofSeconds(8));
        SmtpCheck c = (SmtpCheck) rs.get(2).checkers().getFirst();
        assertThat(c.connect().target()).isEqualTo(ep("172.16.30.12", 2525));
        assertThat(c.connect().bindTo()).contains(IpAddress.parse("172.16.10.1").orElseThrow());
    }

    @Test
    void sslAndHttpGetNextToVrrp() throws Exception {
        KeepalivedConfig c = sample("ssl_get.conf").config();
        assertThat(c.virtualServers())
                .extracting(VirtualServer::name)
                .containsExactly("TCP 172.16.10.40:443", "TCP 172.16.10.40:80");
        HttpCheck tls = (HttpCheck)
                c.virtualServers().get(0).realServers().getFirst().checkers().getFirst();
        assertThat(tls.urls()).extracting(Url::path).containsExactly("/", "/status/");
        HttpCheck plain = (HttpCheck)
                c.virtualServers().get(1).realServers().getFirst().checkers().getFirst();
        assertThat(plain.ssl()).isFalse();
    }

    @Test
    void udpCheckWithACommentedOption() throws Exception {
        UdpCheck u = (UdpCheck)
                first("udp_check.conf").realServers().getFirst().checkers().getFirst();
        assertThat(u.requireReply()).isFalse();
        assertThat(u.connect().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void fwmark() throws Exception {
        VirtualServer vs = first("fwmark.conf");
        assertThat(vs.address()).isEqualTo(new VirtualAddress.Fwmark(11));
        assertThat(vs.protocol()).isEmpty();
        assertThat(vs.realServers()).extracting(r -> r.endpoint().port()).containsExactly(0, 0);
        TcpCheck t = (TcpCheck) vs.realServers().getFirst().checkers().getFirst();
        assertThat(t.connect().target()).isEqualTo(ep("172.16.60.10", 80));
    }

    @Test
    void inhibit() throws Exception {
        assertThat(first("inhibit.conf").realServers().getFirst().inhibitOnFailure())
                .isTrue();
    }

    @Test
    void miscChecks() throws Exception {
        MiscCheck plain = (MiscCheck)
                first("misc_check.conf").realServers().getFirst().checkers().getFirst();
        assertThat(plain.script().argv()).containsExactly("/opt/lb/check.sh");
        assertThat(plain.dynamic()).isFalse();
        assertThat(plain.timeout()).isEqualTo(Duration.ofSeconds(8));
        MiscCheck args = (MiscCheck)
                first("misc_check_arg.conf").realServers().getFirst().checkers().getFirst();
        assertThat(args.script().argv()).containsExactly("/opt/lb/check.sh", "first", "second");
    }

    @Test
    void quorum() throws Exception {
        VirtualServer vs = first("quorum.conf");
        assertThat(vs.quorum().quorum()).isEqualTo(5);
        assertThat(vs.quorum().hysteresis()).isEqualTo(1);
        assertThat(vs.quorum().alpha()).isTrue();
        assertThat(vs.quorum().omega()).isTrue();
        assertThat(vs.quorum().up().orElseThrow().argv()).containsExactly("/opt/lb/quorum-up.sh");
        assertThat(vs.quorum().down().orElseThrow().argv()).containsExactly("/opt/lb/quorum-down.sh");
        assertThat(vs.realServers()).hasSize(7).allMatch(RealServer::alpha);
    }

    @Test
    void sampleWithSorryServer() throws Exception {
        VirtualServer vs = first("sample.conf");
        assertThat(vs.sorryServer()).contains(new SorryServer(ep("172.16.99.99", 1358), LvsMethod.NAT, false));
    }

    @Test
    void statusCodes() throws Exception {
        HttpCheck c = (HttpCheck)
                first("status_code.conf").realServers().getFirst().checkers().getFirst();
        StatusCodes first = c.urls().get(0).statusCodes();
        assertThat(first.toString()).isEqualTo("200-299 301-302 503");
        assertThat(first.accepts(302)).isTrue();
        assertThat(first.accepts(304)).isFalse();
        assertThat(c.urls().get(1).statusCodes().toString()).isEqualTo("204");
        assertThat(c.urls().get(1).digest()).isPresent();
    }

    @Test
    void virtualServerGroup() throws Exception {
        KeepalivedConfig c = sample("virtual_server_group.conf").config();
        VirtualServerGroup g = c.virtualServerGroup("WEB_GROUP").orElseThrow();
        assertThat(g.addresses())
                .extracting(Object::toString)
                .containsExactly(
                        "172.16.10.121 8080", "172.16.10.122 80", "172.16.120.1 1358", "172.16.120.3-172.16.120.10 80");
        assertThat(g.fwmarks())
                .extracting(VirtualServerGroup.FwmarkEntry::fwmark)
                .containsExactly(21L, 22L);
        VirtualServer vs = c.virtualServers().getFirst();
        assertThat(vs.name()).isEqualTo("TCP group WEB_GROUP");
        assertThat(vs.realServers())
                .extracting(r -> r.endpoint().toString())
                .containsExactly("172.16.121.1:1358", "172.16.121.2:1358");
    }

    @Test
    void virtualhostAcrossACommentContinuation() throws Exception {
        VirtualServer vs = first("virtualhost.conf");
        assertThat(vs.virtualhost()).contains("www.example.net");
        HttpCheck c = (HttpCheck) vs.realServers().getFirst().checkers().getFirst();
        assertThat(c.virtualhost()).isEqualTo(Optional.of("www.example.net"));
    }

    @Test
    void vrrpWithSyncDaemonSkipsTheVrrpPart() throws Exception {
        KeepalivedConfig c = sample("vrrp_lvs_syncd.conf").config();
        assertThat(c.virtualServers()).extracting(VirtualServer::name).containsExactly("TCP 172.16.10.140:80");
        assertThat(c.virtualServers().getFirst().delayLoop()).isEqualTo(Duration.ofSeconds(25));
    }
}
