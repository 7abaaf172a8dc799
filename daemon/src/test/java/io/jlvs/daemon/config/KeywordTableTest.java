package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every keyword, read into the model: one row per keyword (and per notable form of it). */
class KeywordTableTest {

    private static final String RS_CHECK = "        TCP_CHECK {\n        }\n";

    static String vs(String body) {
        return "virtual_server 10.0.0.1 80 {\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n" + body
                + "\n    real_server 10.0.1.1 80 {\n" + RS_CHECK + "    }\n}\n";
    }

    static String rs(String body) {
        return "virtual_server 10.0.0.1 80 {\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n"
                + "    real_server 10.0.1.1 80 {\n" + body + "\n" + RS_CHECK + "    }\n}\n";
    }

    static String check(String type, String body) {
        return "virtual_server 10.0.0.1 80 {\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n"
                + "    real_server 10.0.1.1 80 {\n        " + type + " {\n" + body + "\n        }\n    }\n}\n";
    }

    static String http(String type, String body) {
        return check(type, "url {\n path /health\n}\n" + body);
    }

    static String url(String body) {
        return check("HTTP_GET", "url {\n path /health\n" + body + "\n}\n");
    }

    static final Function<KeepalivedConfig, VirtualServer> VS =
            c -> c.virtualServers().getFirst();
    static final Function<KeepalivedConfig, RealServer> RS =
            c -> VS.apply(c).realServers().getFirst();
    static final Function<KeepalivedConfig, Checker> CHK =
            c -> RS.apply(c).checkers().getFirst();
    static final Function<KeepalivedConfig, CheckTiming> TIMING = c -> timing(CHK.apply(c));
    static final Function<KeepalivedConfig, ConnectOptions> CONNECT =
            c -> CHK.apply(c).connectOptions().orElseThrow();
    static final Function<KeepalivedConfig, Url> URL =
            c -> ((HttpCheck) CHK.apply(c)).urls().getFirst();
    static final Function<KeepalivedConfig, GlobalDefs> G = KeepalivedConfig::globalDefs;
    static final Function<KeepalivedConfig, JlvsDefs> J = KeepalivedConfig::jlvsDefs;

    static CheckTiming timing(Checker c) {
        return switch (c) {
            case TcpCheck t -> t.timing();
            case HttpCheck h -> h.timing();
            case MiscCheck m -> m.timing();
            case UdpCheck u -> u.timing();
            case DnsCheck d -> d.timing();
            case SmtpCheck s -> s.timing();
            case PingCheck p -> p.timing();
            default -> throw new AssertionError(c);
        };
    }

    static IpAddress ip(String s) {
        return IpAddress.parse(s).orElseThrow();
    }

    static Endpoint ep(String a, int port) {
        return new Endpoint(ip(a), port);
    }

    static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000L));
    }

    static <T> Arguments row(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        return Arguments.of(keyword, config, get, expected);
    }

    static Stream<Arguments> virtualServerKeywords() {
        String laddr = "local_address_group L {\n 10.0.2.1\n}\n";
        return Stream.of(
                row("lb_algo", vs("lb_algo wrr"), c -> VS.apply(c).scheduler(), "wrr"),
                row("lvs_sched", vs("lvs_sched twos"), c -> VS.apply(c).scheduler(), "twos"),
                row(
                        "flag-1 flag-2 flag-3",
                        vs("flag-1\nflag-2\nflag-3"),
                        c -> VS.apply(c).schedulerFlags(),
                        Set.of(SchedulerFlag.FLAG_1, SchedulerFlag.FLAG_2, SchedulerFlag.FLAG_3)),
                row(
                        "sh-port sh-fallback",
                        vs("lb_algo sh\nsh-port\nsh-fallback"),
                        c -> VS.apply(c).schedulerFlags(),
                        Set.of(SchedulerFlag.SH_PORT, SchedulerFlag.SH_FALLBACK)),
                row(
                        "mh-port mh-fallback",
                        vs("mh-fallback\nmh-port\nlb_algo mh"),
                        c -> VS.apply(c).schedulerFlags(),
                        Set.of(SchedulerFlag.MH_PORT, SchedulerFlag.MH_FALLBACK)),
                row("ops", vs("protocol UDP\nops"), c -> VS.apply(c).onePacket(), true),
                row("lb_kind DR", vs("lb_kind DR"), c -> VS.apply(c).method(), LvsMethod.DR),
                row("lvs_method TUN", vs("lvs_method TUN"), c -> VS.apply(c).method(), LvsMethod.TUN),
                row(
                        "lvs_method TUN gue",
                        vs("lvs_method TUN type gue port 6080 csum"),
                        c -> VS.apply(c).method(),
                        new LvsMethod(ForwardingMethod.TUN, TunnelType.GUE, 6080, TunnelChecksum.CSUM)),
                row(
                        "lvs_method TUN gre",
                        vs("lvs_method TUN type gre remcsum".replace("remcsum", "csum")),
                        c -> VS.apply(c).method(),
                        new LvsMethod(ForwardingMethod.TUN, TunnelType.GRE, 0, TunnelChecksum.CSUM)),
                row(
                        "lb_kind FNAT",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L"),
                        c -> VS.apply(c).method(),
                        LvsMethod.FULLNAT),
                row(
                        "lb_kind FULLNAT",
                        laddr + vs("lb_kind FULLNAT\nladdr_group_name L"),
                        c -> RS.apply(c).method(),
                        LvsMethod.FULLNAT),
                row(
                        "persistence_timeout N",
                        vs("persistence_timeout 120"),
                        c -> VS.apply(c).persistence().timeout(),
                        120),
                row(
                        "persistence_timeout",
                        vs("persistence_timeout"),
                        c -> VS.apply(c).persistence().timeout(),
                        360),
                row(
                        "persistence_engine",
                        vs("persistence_engine sip"),
                        c -> VS.apply(c).persistence().engine(),
                        Optional.of("sip")),
                row(
                        "persistence_granularity v4",
                        vs("persistence_granularity 255.255.255.0"),
                        c -> VS.apply(c).persistence().granularity(),
                        new PersistenceGranularity(AddressFamily.INET, 0xFFFF_FF00)),
                row(
                        "persistence_granularity implies persistence",
                        vs("persistence_granularity 255.255.0.0"),
                        c -> VS.apply(c).persistence().timeout(),
                        360),
                row(
                        "persistence_granularity v6",
                        "virtual_server 2001:db8::1 80 {\nprotocol TCP\nlb_algo rr\nlb_kind NAT\npersistence_granularity 64\n"
                                + "real_server 2001:db8::10 80 {\n}\n}\n",
                        c -> VS.apply(c).persistence().granularity(),
                        new PersistenceGranularity(AddressFamily.INET6, 64)),
                row("protocol UDP", vs("protocol UDP"), c -> VS.apply(c).protocol(), Optional.of(Protocol.UDP)),
                row("protocol sctp", vs("protocol sctp"), c -> VS.apply(c).protocol(), Optional.of(Protocol.SCTP)),
                row("ha_suspend", vs("ha_suspend"), c -> VS.apply(c).haSuspend(), true),
                row(
                        "virtualhost",
                        vs("virtualhost www.example.com"),
                        c -> VS.apply(c).virtualhost(),
                        Optional.of("www.example.com")),
                row("snmp_name", vs("snmp_name web"), c -> VS.apply(c).snmpName(), Optional.of("web")),
                row("smtp_alert", vs("smtp_alert"), c -> VS.apply(c).smtpAlert(), true),
                row("smtp_alert no", vs("smtp_alert no"), c -> VS.apply(c).smtpAlert(), false),
                row(
                        "alpha",
                        vs("alpha"),
                        c -> List.of(VS.apply(c).quorum().alpha(), RS.apply(c).alpha()),
                        List.of(true, true)),
                row("omega", vs("omega"), c -> VS.apply(c).quorum().omega(), true),
                row(
                        "quorum",
                        vs("weight 10\nquorum 3"),
                        c -> VS.apply(c).quorum().quorum(),
                        3L),
                row(
                        "hysteresis",
                        vs("weight 10\nquorum 3\nhysteresis 2"),
                        c -> VS.apply(c).quorum().hysteresis(),
                        2L),
                row(
                        "quorum_up",
                        vs("quorum_up \"/usr/local/sbin/up.sh vip1\""),
                        c -> VS.apply(c).quorum().up(),
                        Optional.of(new Script(
                                List.of("/usr/local/sbin/up.sh", "vip1"), Optional.empty(), Optional.empty()))),
                row(
                        "quorum_down",
                        vs("quorum_down /usr/local/sbin/down.sh root"),
                        c -> VS.apply(c).quorum().down(),
                        Optional.of(
                                new Script(List.of("/usr/local/sbin/down.sh"), Optional.of("root"), Optional.empty()))),
                row(
                        "delay_loop",
                        vs("delay_loop 2.5"),
                        c -> List.of(VS.apply(c).delayLoop(), TIMING.apply(c).delayLoop()),
                        List.of(s(2.5), s(2.5))),
                row(
                        "inhibit_on_failure",
                        vs("inhibit_on_failure"),
                        c -> List.of(VS.apply(c).inhibitOnFailure(), RS.apply(c).inhibitOnFailure()),
                        List.of(true, true)),
                row("weight", vs("weight 10"), c -> RS.apply(c).weight(), 10),
                row(
                        "sorry_server",
                        vs("sorry_server 10.0.2.1 8080"),
                        c -> VS.apply(c).sorryServer(),
                        Optional.of(new SorryServer(ep("10.0.2.1", 8080), LvsMethod.NAT, false))),
                row(
                        "sorry_server_inhibit",
                        vs("sorry_server_inhibit\nsorry_server 10.0.2.1 8080"),
                        c -> VS.apply(c).sorryServer().orElseThrow().inhibit(),
                        true),
                row(
                        "sorry_server_lvs_method",
                        vs("sorry_server 10.0.2.1\nsorry_server_lvs_method DR"),
                        c -> VS.apply(c).sorryServer(),
                        Optional.of(new SorryServer(ep("10.0.2.1", 80), LvsMethod.DR, false))),
                row("retry", vs("retry 4"), c -> TIMING.apply(c).retry(), 4L),
                row(
                        "connect_timeout",
                        vs("connect_timeout 7"),
                        c -> CONNECT.apply(c).connectTimeout(),
                        s(7)),
                row(
                        "delay_before_retry",
                        vs("delay_before_retry 9"),
                        c -> TIMING.apply(c).delayBeforeRetry(),
                        s(9)),
                row("warmup", vs("warmup 11"), c -> TIMING.apply(c).warmup(), s(11)),
                row(
                        "ip_family",
                        "virtual_server fwmark 5 {\nlb_algo rr\nlb_kind TUN\nip_family inet6\n"
                                + "real_server 10.0.1.1 {\n}\n}\n",
                        c -> VS.apply(c).family(),
                        AddressFamily.INET6),
                row(
                        "laddr_group_name",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L"),
                        c -> VS.apply(c).localAddressGroup(),
                        Optional.of("L")),
                row("syn_proxy", vs("syn_proxy"), c -> VS.apply(c).synProxy(), true),
                row("est_timeout", vs("est_timeout 600"), c -> VS.apply(c).establishedTimeout(), OptionalInt.of(600)),
                row(
                        "client_address default for FNAT TCP",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L"),
                        c -> VS.apply(c).clientAddress().mode(),
                        ClientAddressMode.TOA),
                row(
                        "client_address proxy_v1",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L\nclient_address proxy_v1"),
                        c -> VS.apply(c).clientAddress().mode(),
                        ClientAddressMode.PROXY_V1),
                row(
                        "client_address proxy_v2 UDP",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L\nprotocol UDP\nclient_address proxy_v2"),
                        c -> VS.apply(c).clientAddress().mode(),
                        ClientAddressMode.PROXY_V2),
                row(
                        "client_address none",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L\nclient_address none"),
                        c -> VS.apply(c).clientAddress().mode(),
                        ClientAddressMode.NONE),
                row(
                        "client_address default for NAT",
                        vs(""),
                        c -> VS.apply(c).clientAddress().mode(),
                        ClientAddressMode.NONE),
                row(
                        "toa_in_syn",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L\ntoa_in_syn"),
                        c -> VS.apply(c).clientAddress(),
                        new ClientAddressSpec(ClientAddressMode.TOA, true, 253)),
                row(
                        "toa_ipv6_kind",
                        laddr + vs("lb_kind FNAT\nladdr_group_name L\nclient_address toa\ntoa_ipv6_kind 254"),
                        c -> VS.apply(c).clientAddress(),
                        new ClientAddressSpec(ClientAddressMode.TOA, false, 254)),
                row(
                        "drain_timeout",
                        vs("drain_timeout 30"),
                        c -> VS.apply(c).drain().drainTimeout().orElseThrow(),
                        s(30)),
                row(
                        "idle_grace",
                        vs("idle_grace 0.5"),
                        c -> VS.apply(c).drain().idleGrace().orElseThrow(),
                        s(0.5)),
                row(
                        "drain_on_failure",
                        vs("drain_on_failure"),
                        c -> VS.apply(c).drain().drainOnFailure(),
                        true),
                row(
                        "drain_on_failure off",
                        vs("drain_on_failure off"),
                        c -> VS.apply(c).drain().drainOnFailure(),
                        false),
                row("slow_start", vs("slow_start 30"), c -> RS.apply(c).slowStart(), 30),
                row("slow_start default", vs(""), c -> RS.apply(c).slowStart(), 0),
                row(
                        "drain_on_removal",
                        vs("drain_on_removal yes"),
                        c -> VS.apply(c).drain().drainOnRemoval(),
                        true),
                row(
                        "virtual_server fwmark",
                        "virtual_server fwmark 42 {\nlb_algo rr\nlb_kind DR\nreal_server 10.0.1.1 {\n}\n}\n",
                        c -> VS.apply(c).address(),
                        new VirtualAddress.Fwmark(42)),
                row(
                        "virtual_server group",
                        "virtual_server_group G {\n10.0.0.1 80\n}\nvirtual_server group G {\nlb_algo rr\nlb_kind NAT\n"
                                + "protocol TCP\nreal_server 10.0.1.1 80 {\n}\n}\n",
                        c -> VS.apply(c).name(),
                        "TCP group G"));
    }

    static Stream<Arguments> realServerKeywords() {
        return Stream.of(
                row("weight", rs("weight 0"), c -> RS.apply(c).weight(), 0),
                row("lvs_method", rs("lvs_method DR"), c -> RS.apply(c).method(), LvsMethod.DR),
                row("uthreshold", rs("uthreshold 100"), c -> RS.apply(c).upperThreshold(), 100L),
                row("lthreshold", rs("lthreshold 50"), c -> RS.apply(c).lowerThreshold(), 50L),
                row("slow_start", rs("slow_start 5"), c -> RS.apply(c).slowStart(), 5),
                row(
                        "slow_start over the virtual server's",
                        rs("slow_start 5").replace("protocol TCP\n", "protocol TCP\nslow_start 60\n"),
                        c -> RS.apply(c).slowStart(),
                        5),
                row(
                        "inhibit_on_failure",
                        rs("inhibit_on_failure"),
                        c -> RS.apply(c).inhibitOnFailure(),
                        true),
                row(
                        "inhibit_on_failure off",
                        vs("inhibit_on_failure")
                                .replace("80 {\n" + RS_CHECK, "80 {\ninhibit_on_failure off\n" + RS_CHECK),
                        c -> RS.apply(c).inhibitOnFailure(),
                        false),
                row(
                        "notify_up",
                        rs("notify_up /bin/up.sh"),
                        c -> RS.apply(c).notifyUp().orElseThrow().argv(),
                        List.of("/bin/up.sh")),
                row(
                        "notify_down",
                        rs("notify_down \"/bin/down.sh a b\" user group"),
                        c -> RS.apply(c).notifyDown(),
                        Optional.of(new Script(
                                List.of("/bin/down.sh", "a", "b"), Optional.of("user"), Optional.of("group")))),
                row(
                        "alpha",
                        rs("alpha"),
                        c -> List.of(RS.apply(c).alpha(), TIMING.apply(c).alpha()),
                        List.of(true, true)),
                row("alpha off", rs("alpha off"), c -> RS.apply(c).alpha(), false),
                row("retry", rs("retry 5"), c -> TIMING.apply(c).retry(), 5L),
                row(
                        "delay_before_retry",
                        rs("delay_before_retry 2"),
                        c -> TIMING.apply(c).delayBeforeRetry(),
                        s(2)),
                row("warmup", rs("warmup 0"), c -> TIMING.apply(c).warmup(), Duration.ZERO),
                row(
                        "connect_timeout",
                        rs("connect_timeout 0.25"),
                        c -> CONNECT.apply(c).connectTimeout(),
                        s(0.25)),
                row(
                        "delay_loop",
                        rs("delay_loop 3"),
                        c -> List.of(
                                TIMING.apply(c).delayLoop(), TIMING.apply(c).warmup()),
                        List.of(s(3), s(3))),
                row("smtp_alert", rs("smtp_alert off"), c -> RS.apply(c).smtpAlert(), false),
                row(
                        "virtualhost",
                        rs("virtualhost rs.example"),
                        c -> RS.apply(c).virtualhost(),
                        Optional.of("rs.example")),
                row("snmp_name", rs("snmp_name rs1"), c -> RS.apply(c).snmpName(), Optional.of("rs1")));
    }

    static Stream<Arguments> checkerKeywords() {
        return Stream.of(
                row("TCP_CHECK", check("TCP_CHECK", ""), CHK, tcp(ep("10.0.1.1", 80))),
                row(
                        "connect_ip",
                        check("TCP_CHECK", "connect_ip 10.0.9.9"),
                        c -> CONNECT.apply(c).target(),
                        ep("10.0.9.9", 80)),
                row(
                        "connect_port",
                        check("TCP_CHECK", "connect_port 8080"),
                        c -> CONNECT.apply(c).target(),
                        ep("10.0.1.1", 8080)),
                row(
                        "bindto",
                        check("TCP_CHECK", "bindto 10.0.0.254"),
                        c -> CONNECT.apply(c).bindTo(),
                        Optional.of(ip("10.0.0.254"))),
                row(
                        "bind_port",
                        check("TCP_CHECK", "bind_port 4000"),
                        c -> CONNECT.apply(c).bindPort(),
                        4000),
                row(
                        "bind_if",
                        check("TCP_CHECK", "bind_if eth1"),
                        c -> CONNECT.apply(c).bindInterface(),
                        Optional.of("eth1")),
                row(
                        "fwmark",
                        check("TCP_CHECK", "fwmark 9"),
                        c -> CONNECT.apply(c).fwmark(),
                        9L),
                row(
                        "connect_timeout",
                        check("TCP_CHECK", "connect_timeout 3"),
                        c -> CONNECT.apply(c).connectTimeout(),
                        s(3)),
                row("retry", check("TCP_CHECK", "retry 0"), c -> TIMING.apply(c).retry(), 0L),
                row(
                        "delay_before_retry",
                        check("TCP_CHECK", "delay_before_retry 0.1"),
                        c -> TIMING.apply(c).delayBeforeRetry(),
                        s(0.1)),
                row(
                        "warmup",
                        check("TCP_CHECK", "warmup 4"),
                        c -> TIMING.apply(c).warmup(),
                        s(4)),
                row(
                        "delay_loop",
                        check("TCP_CHECK", "delay_loop 6"),
                        c -> TIMING.apply(c).delayLoop(),
                        s(6)),
                row("alpha", check("TCP_CHECK", "alpha"), c -> TIMING.apply(c).alpha(), true),
                row(
                        "log_all_failures",
                        check("TCP_CHECK", "log_all_failures on"),
                        c -> TIMING.apply(c).logAllFailures(),
                        true),
                row(
                        "PING_CHECK",
                        check("PING_CHECK", "connect_timeout 1"),
                        c -> ((PingCheck) CHK.apply(c)).connect().connectTimeout(),
                        s(1)),
                row("HTTP_GET url path", http("HTTP_GET", ""), c -> URL.apply(c).path(), "/health"),
                row(
                        "url digest",
                        url("digest 9B3A0C85A887A256D6939DA88AABD8CD"),
                        c -> URL.apply(c).digest(),
                        Optional.of("9b3a0c85a887a256d6939da88aabd8cd")),
                row(
                        "url status_code",
                        url("status_code 200-299 404 500-503"),
                        c -> URL.apply(c).statusCodes().toString(),
                        "200-299 404 500-503"),
                row("url status_code default", url(""), c -> URL.apply(c).statusCodes(), StatusCodes.DEFAULT),
                row(
                        "url virtualhost",
                        url("virtualhost u.example"),
                        c -> URL.apply(c).virtualhost(),
                        Optional.of("u.example")),
                row("url regex", url("regex \"^ok [0-9]+\""), c -> URL.apply(c).regex(), Optional.of("^ok [0-9]+")),
                row(
                        "url regex_no_match",
                        url("regex x\nregex_no_match"),
                        c -> URL.apply(c).regexNoMatch(),
                        true),
                row(
                        "url regex_options",
                        url("regex x\nregex_options caseless multiline"),
                        c -> URL.apply(c).regexOptions(),
                        Set.of("caseless", "multiline")),
                row(
                        "url regex_min/max_offset",
                        url("regex x\nregex_min_offset 10\nregex_max_offset 400"),
                        c -> List.of(URL.apply(c).regexMinOffset(), URL.apply(c).regexMaxOffset()),
                        List.of(10L, 400L)),
                row(
                        "url regex_stack",
                        url("regex x\nregex_stack 32768 65536"),
                        c -> URL.apply(c).regexStack(),
                        Optional.of(new Url.RegexStack(32768, 65536))),
                row(
                        "url tls_compliant",
                        check("SSL_GET", "url {\npath /\ntls_compliant\n}"),
                        c -> URL.apply(c).tlsCompliant(),
                        true),
                row(
                        "http_protocol",
                        http("HTTP_GET", "http_protocol 1.1"),
                        c -> ((HttpCheck) CHK.apply(c)).httpProtocol(),
                        "1.1"),
                row(
                        "http_protocol 1.0c",
                        http("HTTP_GET", "http_protocol 1.0c"),
                        c -> ((HttpCheck) CHK.apply(c)).httpProtocol(),
                        "1.0C"),
                row(
                        "nb_get_retry",
                        http("HTTP_GET", "nb_get_retry 4"),
                        c -> TIMING.apply(c).retry(),
                        4L),
                row(
                        "HTTP_GET virtualhost",
                        http("HTTP_GET", "virtualhost h.example"),
                        c -> ((HttpCheck) CHK.apply(c)).virtualhost(),
                        Optional.of("h.example")),
                row("SSL_GET", http("SSL_GET", ""), c -> ((HttpCheck) CHK.apply(c)).ssl(), true),
                row("enable_sni", http("SSL_GET", "enable_sni"), c -> ((HttpCheck) CHK.apply(c)).enableSni(), true),
                row(
                        "sni_name",
                        http("SSL_GET", "sni_name s.example"),
                        c -> List.of(((HttpCheck) CHK.apply(c)).enableSni(), ((HttpCheck) CHK.apply(c)).sniName()),
                        List.of(true, Optional.of("s.example"))),
                row(
                        "fast_recovery",
                        http("HTTP_GET", "fast_recovery"),
                        c -> ((HttpCheck) CHK.apply(c)).fastRecovery(),
                        true),
                row(
                        "tls_compliant",
                        http("SSL_GET", "tls_compliant yes"),
                        c -> ((HttpCheck) CHK.apply(c)).tlsCompliant(),
                        true),
                row(
                        "misc_path",
                        check("MISC_CHECK", "misc_path \"/bin/chk -v 'a b'\""),
                        c -> ((MiscCheck) CHK.apply(c)).script().argv(),
                        List.of("/bin/chk", "-v", "a b")),
                row(
                        "misc_timeout",
                        check("MISC_CHECK", "misc_path /bin/chk\nmisc_timeout 7"),
                        c -> ((MiscCheck) CHK.apply(c)).timeout(),
                        s(7)),
                row(
                        "misc_dynamic",
                        check("MISC_CHECK", "misc_path /bin/chk\nmisc_dynamic"),
                        c -> ((MiscCheck) CHK.apply(c)).dynamic(),
                        true),
                row(
                        "user",
                        check("MISC_CHECK", "misc_path /bin/chk\nuser nobody nogroup"),
                        c -> ((MiscCheck) CHK.apply(c)).script(),
                        new Script(List.of("/bin/chk"), Optional.of("nobody"), Optional.of("nogroup"))),
                row(
                        "payload",
                        check("UDP_CHECK", "payload Ab12f 3 456"),
                        c -> ((UdpCheck) CHK.apply(c)).payload(),
                        Optional.of("ab120f034506")),
                row(
                        "require_reply",
                        check("UDP_CHECK", "require_reply"),
                        c -> List.of(
                                ((UdpCheck) CHK.apply(c)).requireReply(), ((UdpCheck) CHK.apply(c)).replyPattern()),
                        List.of(true, Optional.empty())),
                row(
                        "require_reply pattern",
                        check("UDP_CHECK", "require_reply 0a xX 1"),
                        c -> ((UdpCheck) CHK.apply(c)).replyPattern(),
                        Optional.of("0axx01")),
                row(
                        "min/max_reply_length",
                        check("UDP_CHECK", "min_reply_length 4\nmax_reply_length 512"),
                        c -> List.of(
                                ((UdpCheck) CHK.apply(c)).minReplyLength(), ((UdpCheck) CHK.apply(c)).maxReplyLength()),
                        List.of(4, 512)),
                row(
                        "DNS_CHECK type",
                        check("DNS_CHECK", "type aaaa"),
                        c -> ((DnsCheck) CHK.apply(c)).queryType(),
                        "AAAA"),
                row(
                        "DNS_CHECK name",
                        check("DNS_CHECK", "name example.org."),
                        c -> ((DnsCheck) CHK.apply(c)).name(),
                        "example.org."),
                row(
                        "helo_name",
                        check("SMTP_CHECK", "helo_name mx.example"),
                        c -> ((SmtpCheck) CHK.apply(c)).heloName(),
                        "mx.example"),
                row(
                        "SMTP_CHECK host",
                        check("SMTP_CHECK", "host {\nconnect_ip 10.0.9.1\nconnect_port 2525\n}"),
                        c -> ((SmtpCheck) CHK.apply(c)).hosts().getFirst().target(),
                        ep("10.0.9.1", 2525)),
                row("BFD_CHECK", check("BFD_CHECK", "name bfd1\nalpha"), CHK, new BfdCheck("bfd1", true)),
                row(
                        "FILE_CHECK",
                        check("FILE_CHECK", "track_file tf\nweight -5 reverse"),
                        CHK,
                        new FileCheck("tf", OptionalInt.of(-5), true)));
    }

    static TcpCheck tcp(Endpoint target) {
        return new TcpCheck(
                new ConnectOptions(target, Optional.empty(), 0, Optional.empty(), 0, s(5)),
                new CheckTiming(1, s(1), s(60), s(60), false, false));
    }

    static Stream<Arguments> globalKeywords() {
        return Stream.of(
                row(
                        "router_id",
                        "global_defs {\nrouter_id LVS_1\n}",
                        c -> G.apply(c).routerId(),
                        Optional.of("LVS_1")),
                row(
                        "notification_email",
                        "global_defs {\nnotification_email {\na@x.org\nb@x.org c@x.org\n}\n}",
                        c -> G.apply(c).notification().emails(),
                        List.of("a@x.org", "b@x.org", "c@x.org")),
                row(
                        "notification_email_from",
                        "global_defs {\nnotification_email_from lb@x.org\n}",
                        c -> G.apply(c).notification().emailFrom(),
                        Optional.of("lb@x.org")),
                row(
                        "smtp_server",
                        "global_defs {\nsmtp_server mail.x.org 587\n}",
                        c -> List.of(
                                G.apply(c).notification().smtpServer(),
                                G.apply(c).notification().smtpPort()),
                        List.of(Optional.of("mail.x.org"), 587)),
                row(
                        "smtp_server default port",
                        "global_defs {\nsmtp_server 192.168.200.1\n}",
                        c -> G.apply(c).notification().smtpPort(),
                        25),
                row(
                        "smtp_helo_name",
                        "global_defs {\nsmtp_helo_name lb1\n}",
                        c -> G.apply(c).notification().smtpHeloName(),
                        Optional.of("lb1")),
                row(
                        "smtp_connect_timeout",
                        "global_defs {\nsmtp_connect_timeout 12\n}",
                        c -> G.apply(c).notification().smtpConnectTimeout(),
                        s(12)),
                row(
                        "smtp_alert",
                        "global_defs {\nsmtp_alert off\n}",
                        c -> G.apply(c).notification().smtpAlert(),
                        Optional.of(false)),
                row(
                        "smtp_alert_checker",
                        "global_defs {\nsmtp_alert_checker\n}",
                        c -> G.apply(c).notification().smtpAlertChecker(),
                        Optional.of(true)),
                row(
                        "lvs_timeouts",
                        "global_defs {\nlvs_timeouts tcp 7200 udp 60\n}",
                        c -> G.apply(c).lvsTimeouts(),
                        new LvsTimeouts(OptionalInt.of(7200), OptionalInt.empty(), OptionalInt.of(60))),
                row(
                        "lvs_timeouts tcpfin",
                        "global_defs {\nlvs_timeouts tcpfin 30\n}",
                        c -> G.apply(c).lvsTimeouts().tcpFin(),
                        OptionalInt.of(30)),
                row("lvs_flush", "global_defs {\nlvs_flush\n}", c -> G.apply(c).lvsFlush(), true),
                row(
                        "lvs_flush_on_stop",
                        "global_defs {\nlvs_flush_on_stop\n}",
                        c -> G.apply(c).lvsFlushOnStop(),
                        GlobalDefs.FlushOnStop.FULL),
                row(
                        "lvs_flush_on_stop VS",
                        "global_defs {\nlvs_flush_on_stop VS\n}",
                        c -> G.apply(c).lvsFlushOnStop(),
                        GlobalDefs.FlushOnStop.VS),
                row(
                        "lvs_sync_daemon",
                        "global_defs {\nlvs_sync_daemon eth0 inst VI_1 id 7 maxlen 1400 port 8849 ttl 2 group 239.1.1.1\n}",
                        c -> G.apply(c).lvsSyncDaemon().orElseThrow(),
                        new LvsSyncDaemon(
                                "eth0",
                                Optional.of("VI_1"),
                                OptionalInt.of(7),
                                OptionalInt.of(1400),
                                8849,
                                2,
                                ip("239.1.1.1"))),
                row(
                        "lvs_sync_daemon defaults",
                        "global_defs {\nlvs_sync_daemon eth1\n}",
                        c -> G.apply(c).lvsSyncDaemon().orElseThrow(),
                        new LvsSyncDaemon(
                                "eth1",
                                Optional.empty(),
                                OptionalInt.empty(),
                                OptionalInt.empty(),
                                8848,
                                1,
                                ip("224.0.0.81"))),
                row(
                        "lvs_sync_daemon legacy form",
                        "global_defs {\nlvs_sync_daemon eth0 VI_1 9\n}",
                        c -> List.of(
                                G.apply(c).lvsSyncDaemon().orElseThrow().vrrpInstance(),
                                G.apply(c).lvsSyncDaemon().orElseThrow().syncId()),
                        List.of(Optional.of("VI_1"), OptionalInt.of(9))),
                row(
                        "checker_log_all_failures",
                        "global_defs {\nchecker_log_all_failures\n}" + check("TCP_CHECK", ""),
                        c -> List.of(
                                G.apply(c).checkerLogAllFailures(),
                                TIMING.apply(c).logAllFailures()),
                        List.of(true, true)),
                row(
                        "global smtp_alert_checker default for real servers",
                        "global_defs {\nsmtp_alert_checker off\n}" + rs(""),
                        c -> RS.apply(c).smtpAlert(),
                        false));
    }

    static Stream<Arguments> jlvsKeywords() {
        return Stream.of(
                row(
                        "interface",
                        "jlvs_defs {\ninterface eth0\ninterface eth1\n}",
                        c -> J.apply(c).interfaces(),
                        List.of("eth0", "eth1")),
                row("workers", "jlvs_defs {\nworkers 4\n}", c -> J.apply(c).workers(), 4),
                row(
                        "conn_table_size",
                        "jlvs_defs {\nconn_table_size 4194304\n}",
                        c -> J.apply(c).connTableSize(),
                        4_194_304),
                row(
                        "admin_socket",
                        "jlvs_defs {\nadmin_socket /tmp/j.sock\n}",
                        c -> J.apply(c).adminSocket(),
                        Path.of("/tmp/j.sock")),
                row(
                        "metrics_listen",
                        "jlvs_defs {\nmetrics_listen 0.0.0.0:9100\n}",
                        c -> J.apply(c).metricsListen(),
                        ep("0.0.0.0", 9100)),
                row(
                        "metrics_listen v6",
                        "jlvs_defs {\nmetrics_listen [::1]:9189\n}",
                        c -> J.apply(c).metricsListen(),
                        ep("::1", 9189)),
                row(
                        "expire_nodest_conn",
                        "jlvs_defs {\nexpire_nodest_conn 1\n}",
                        c -> J.apply(c).expireNodestConn(),
                        true),
                row(
                        "expire_quiescent_template",
                        "jlvs_defs {\nexpire_quiescent_template 1\n}",
                        c -> J.apply(c).expireQuiescentTemplate(),
                        true),
                row(
                        "synproxy_*",
                        "jlvs_defs {\nsynproxy_init_mss 1400\nsynproxy_sack 0\nsynproxy_wscale 9\n"
                                + "synproxy_timestamp 0\nsynproxy_synack_ttl 64\nsynproxy_defer 1\n"
                                + "synproxy_ack_skb_store_thresh 5\nsynproxy_ack_storm_thresh 0\nsynproxy_syn_retry 6\n}",
                        c -> J.apply(c).synProxy(),
                        new io.jlvs.core.synproxy.SynProxySettings(1400, false, 9, false, 64, true, 5, 0, 6)),
                row("defaults", "", J, JlvsDefs.DEFAULT));
    }

    static Stream<Arguments> groupKeywords() {
        Function<KeepalivedConfig, VirtualServerGroup> vsg =
                c -> c.virtualServerGroups().getFirst();
        Function<KeepalivedConfig, LocalAddressGroup> lag =
                c -> c.localAddressGroups().getFirst();
        return Stream.of(
                row(
                        "vsg address port",
                        "virtual_server_group G {\n10.0.0.1 8080\n}",
                        c -> vsg.apply(c).addresses(),
                        List.of(new VirtualServerGroup.Entry(AddressRange.of(ip("10.0.0.1")), 8080))),
                row(
                        "vsg last-octet range",
                        "virtual_server_group G {\n192.168.200.3-10 80\n}",
                        c -> vsg.apply(c).addresses().getFirst().range(),
                        new AddressRange(ip("192.168.200.3"), ip("192.168.200.10"))),
                row(
                        "vsg full range",
                        "virtual_server_group G {\n192.168.200.250-192.168.201.10 80\n}",
                        c -> vsg.apply(c).addresses().getFirst().range(),
                        new AddressRange(ip("192.168.200.250"), ip("192.168.201.10"))),
                row(
                        "vsg prefix",
                        "virtual_server_group G {\n192.168.202.8/29 80\n}",
                        c -> vsg.apply(c).addresses().getFirst().range(),
                        new AddressRange(ip("192.168.202.8"), ip("192.168.202.15"))),
                row(
                        "vsg IPv6 hex range",
                        "virtual_server_group G {\nae00::2-1f 80\n}",
                        c -> vsg.apply(c).addresses().getFirst().range(),
                        new AddressRange(ip("ae00::2"), ip("ae00::1f"))),
                row(
                        "vsg IPv6 prefix",
                        "virtual_server_group G {\n2001:db8::/126 80\n}",
                        c -> vsg.apply(c).addresses().getFirst().range(),
                        new AddressRange(ip("2001:db8::"), ip("2001:db8::3"))),
                row(
                        "vsg port 0 is no port",
                        "virtual_server_group G {\n10.0.0.1 0\n}",
                        c -> vsg.apply(c).addresses().getFirst().port(),
                        0),
                row(
                        "vsg fwmark",
                        "virtual_server_group G {\nfwmark 1\nfwmark 2 inet6\n}",
                        c -> vsg.apply(c).fwmarks(),
                        List.of(
                                new VirtualServerGroup.FwmarkEntry(1, Optional.empty()),
                                new VirtualServerGroup.FwmarkEntry(2, Optional.of(AddressFamily.INET6)))),
                row(
                        "local_address_group",
                        "local_address_group L {\n10.0.2.1\n10.0.2.5-7\n2001:db8::9 eth1\n}",
                        c -> lag.apply(c).addresses().stream()
                                .map(Object::toString)
                                .toList(),
                        List.of("10.0.2.1", "10.0.2.5", "10.0.2.6", "10.0.2.7", "2001:db8::9")),
                row(
                        "local_address_group interface",
                        "local_address_group L {\n10.0.2.1 dpdk0\n}",
                        c -> lag.apply(c).entries().getFirst().interfaceName(),
                        Optional.of("dpdk0")),
                row(
                        "SSL",
                        "SSL {\npassword pw\nca /etc/ca.pem\ncertificate /etc/c.pem\nkey /etc/k.pem\n}",
                        KeepalivedConfig::ssl,
                        Optional.of(new SslContext(
                                Optional.of("pw"),
                                Optional.of("/etc/ca.pem"),
                                Optional.of("/etc/c.pem"),
                                Optional.of("/etc/k.pem")))));
    }

    @ParameterizedTest(name = "virtual_server {0}")
    @MethodSource("virtualServerKeywords")
    void virtualServer(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        assertThat((Object) get.apply(Configs.config(config))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "real_server {0}")
    @MethodSource("realServerKeywords")
    void realServer(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        assertThat((Object) get.apply(Configs.config(config))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "checker {0}")
    @MethodSource("checkerKeywords")
    void checker(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        assertThat((Object) get.apply(Configs.config(config))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "global_defs {0}")
    @MethodSource("globalKeywords")
    void global(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        assertThat((Object) get.apply(Configs.config(config))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "jlvs_defs {0}")
    @MethodSource("jlvsKeywords")
    void jlvs(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        assertThat((Object) get.apply(Configs.config(config))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupKeywords")
    void groups(String keyword, String config, Function<KeepalivedConfig, ?> get, Object expected) {
        assertThat((Object) get.apply(Configs.config(config))).isEqualTo(expected);
    }
}
