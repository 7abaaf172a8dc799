package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The model's own behaviour: ranges, renderings used in logs and diffs, invariants. */
class ModelTest {

    static IpAddress ip(String s) {
        return IpAddress.parse(s).orElseThrow();
    }

    @Test
    void addressRanges() {
        AddressRange r = new AddressRange(ip("10.0.0.8"), ip("10.0.0.15"));
        assertThat(r.contains(ip("10.0.0.8"))).isTrue();
        assertThat(r.contains(ip("10.0.0.16"))).isFalse();
        assertThat(r.contains(ip("2001:db8::9"))).isFalse();
        assertThat(r.overlaps(new AddressRange(ip("10.0.0.15"), ip("10.0.1.0"))))
                .isTrue();
        assertThat(r.overlaps(AddressRange.of(ip("10.0.0.7")))).isFalse();
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(8));
        assertThat(new AddressRange(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).size())
                .isEqualTo(BigInteger.ONE.shiftLeft(128));
        assertThat(r).hasToString("10.0.0.8-10.0.0.15");
        assertThatThrownBy(() -> new AddressRange(ip("10.0.0.2"), ip("10.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressRange(ip("10.0.0.2"), ip("2001:db8::1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localAddressGroupsExpandInOrderAndAcrossOctets() {
        LocalAddressGroup g = new LocalAddressGroup(
                "L",
                List.of(
                        new LocalAddressGroup.Entry(
                                new AddressRange(ip("10.0.0.254"), ip("10.0.1.1")), Optional.empty()),
                        new LocalAddressGroup.Entry(AddressRange.of(ip("2001:db8::1")), Optional.of("eth1"))),
                new SourcePosition("x", 1, 1));
        assertThat(g.addresses())
                .extracting(Object::toString)
                .containsExactly("10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1", "2001:db8::1");
    }

    @Test
    void endpointsAndMethods() {
        assertThat(new Endpoint(ip("10.0.0.1"), 80)).hasToString("10.0.0.1:80");
        assertThat(new Endpoint(ip("2001:db8::1"), 80)).hasToString("[2001:db8::1]:80");
        assertThat(new Endpoint(ip("10.0.0.1"), 0)).hasToString("10.0.0.1");
        assertThatThrownBy(() -> new Endpoint(ip("10.0.0.1"), 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(ForwardingMethod.values()))
                .extracting(ForwardingMethod::ipvsadmName)
                .containsExactly("Masq", "Route", "Tunnel", "FullNat");
        assertThat(List.of(ForwardingMethod.values()))
                .extracting(ForwardingMethod::seesReplies)
                .containsExactly(true, false, false, true);
        assertThat(new LvsMethod(ForwardingMethod.TUN, TunnelType.GRE, 0, TunnelChecksum.NOCSUM))
                .hasToString("TUN type gre");
        assertThat(new VirtualAddress.Fwmark(7)).hasToString("fwmark 7");
        assertThatThrownBy(() -> new VirtualAddress.Fwmark(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptsAndPayloads() {
        Script s = new Script(List.of("/bin/x", "a b"), Optional.of("nobody"), Optional.of("nogroup"));
        assertThat(s.command()).isEqualTo("/bin/x a b");
        assertThat(s).hasToString("/bin/x a b (user nobody nogroup)");
        assertThatThrownBy(() -> new Script(List.of(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        UdpCheck u = (UdpCheck)
                KeywordTableTest.CHK.apply(Configs.config(KeywordTableTest.check("UDP_CHECK", "payload 0a ff 1")));
        assertThat(u.payloadBytes().orElseThrow()).containsExactly(0x0a, 0xff, 0x01);
    }

    @Test
    void checkerDescriptionsNameEverySetting() {
        ConnectOptions co = new ConnectOptions(
                new Endpoint(ip("10.0.1.1"), 80),
                Optional.of(ip("10.0.0.2")),
                4000,
                Optional.of("eth1"),
                3,
                Duration.ofMillis(1500));
        CheckTiming t = new CheckTiming(2, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(6), true, true);
        String conn = "connect 10.0.1.1:80 bindto 10.0.0.2 bind_port 4000 bind_if eth1 fwmark 3 connect_timeout 1.5s";
        String timing = "retry 2 delay_before_retry 1s warmup 0s delay_loop 6s alpha log_all_failures";
        assertThat(new TcpCheck(co, t)).hasToString("TCP_CHECK { " + conn + " " + timing + " }");
        assertThat(new PingCheck(co, t)).hasToString("PING_CHECK { " + conn + " " + timing + " }");
        Url url = new Url(
                "/",
                Optional.of("00".repeat(16)),
                StatusCodes.DEFAULT,
                Optional.of("v"),
                Optional.of("ok"),
                true,
                java.util.Set.of(),
                0,
                0,
                Optional.empty(),
                false);
        assertThat(new HttpCheck(
                        true, co, t, List.of(url), Optional.of("h"), "1.1", true, Optional.of("s"), true, true))
                .hasToString(
                        "SSL_GET { " + conn + " " + timing + " virtualhost h http_protocol 1.1 enable_sni sni_name s"
                                + " fast_recovery tls_compliant url { path / digest " + "00".repeat(16)
                                + " status_code 200-299 virtualhost v regex ok regex_no_match } }");
        assertThat(new MiscCheck(
                        new Script(List.of("/bin/c"), Optional.empty(), Optional.empty()),
                        Duration.ofSeconds(4),
                        true,
                        t))
                .hasToString("MISC_CHECK { misc_path /bin/c misc_timeout 4s misc_dynamic " + timing + " }");
        assertThat(new UdpCheck(co, t, Optional.of("0a"), true, Optional.of("0x"), 1, 9))
                .hasToString("UDP_CHECK { " + conn + " " + timing
                        + " payload 0a require_reply 0x min_reply_length 1 max_reply_length 9 }");
        assertThat(new DnsCheck(co, t, "A", "example.org"))
                .hasToString("DNS_CHECK { " + conn + " " + timing + " type A name example.org }");
        assertThat(new SmtpCheck(co, t, "helo", List.of(co)))
                .hasToString("SMTP_CHECK { " + conn + " " + timing + " helo_name helo host { " + conn + " } }");
        assertThat(new BfdCheck("b", true)).hasToString("BFD_CHECK { name b alpha }");
        assertThat(new FileCheck("f", OptionalInt.of(-3), true))
                .hasToString("FILE_CHECK { track_file f weight -3 reverse }");
        assertThat(new FileCheck("f", OptionalInt.empty(), false)).hasToString("FILE_CHECK { track_file f }");
    }

    @Test
    void configMessagesFormatLikeCompilers() {
        ConfigMessage m = new ConfigMessage(
                ConfigMessage.Severity.ERROR,
                new SourcePosition("demo.conf", 12, 5),
                "real_server",
                "weight 70000 out of range 0..65535");
        assertThat(m).hasToString("demo.conf:12:5: real_server: weight 70000 out of range 0..65535");
        assertThat(new ConfigMessage(ConfigMessage.Severity.WARNING, SourcePosition.ofFile("x.conf"), null, "gone")
                        .format())
                .isEqualTo("x.conf: gone");
        ConfigException e = new ConfigException(List.of(m), List.of());
        assertThat(e.getMessage()).isEqualTo("configuration refused: 1 error" + System.lineSeparator() + m.format());
    }

    @Test
    void modelCollectionsAreImmutable() {
        KeepalivedConfig c = Configs.config(KeywordTableTest.rs(""));
        assertThatThrownBy(() -> c.virtualServers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.virtualServers().getFirst().realServers().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.virtualServers()
                        .getFirst()
                        .realServers()
                        .getFirst()
                        .checkers()
                        .clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.virtualServers().getFirst().schedulerFlags().add(SchedulerFlag.FLAG_1))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
