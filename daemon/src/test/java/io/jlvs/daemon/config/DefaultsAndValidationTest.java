package io.jlvs.daemon.config;

import static io.jlvs.daemon.config.Configs.errors;
import static io.jlvs.daemon.config.Configs.onlyService;
import static io.jlvs.daemon.config.Configs.parse;
import static io.jlvs.daemon.config.Configs.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.ClientAddressMode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * keepalived's defaults and its validation pass (validate_check_config): what it fills in, what it
 * corrects with a warning, and what jlvs refuses on top.
 */
class DefaultsAndValidationTest {

    private static final String MINIMAL = """
            virtual_server 10.0.0.1 80 {
                real_server 10.0.1.1 {
                    TCP_CHECK {
                    }
                    HTTP_GET {
                        url {
                            path /
                        }
                    }
                    SSL_GET {
                        url {
                            path /
                        }
                    }
                    DNS_CHECK {
                    }
                    MISC_CHECK {
                        misc_path /bin/true
                    }
                    UDP_CHECK {
                    }
                    SMTP_CHECK {
                    }
                }
            }
            """;

    @Test
    void keepalivedDefaultsWhenNothingIsSaid() {
        LoadResult r = parse(MINIMAL);
        VirtualServer vs = r.config().virtualServers().getFirst();
        // keepalived says what it picks: wlc (IPVS_DEF_SCHED), NAT, and UDP for a missing protocol.
        assertThat(r.warnings())
                .extracting(ConfigMessage::format)
                .containsExactly(
                        "test.conf:1:1: virtual_server: 10.0.0.1:80: no lb_kind set - using NAT",
                        "test.conf:1:1: virtual_server: 10.0.0.1:80: no protocol set - using UDP, as keepalived does",
                        "test.conf:1:1: virtual_server: 10.0.0.1:80: no lb_algo set - using wlc");
        assertThat(vs.scheduler()).isEqualTo("wlc");
        assertThat(vs.method()).isEqualTo(LvsMethod.NAT);
        assertThat(vs.protocol()).contains(Protocol.UDP);
        assertThat(vs.delayLoop()).isEqualTo(Duration.ofSeconds(60));
        assertThat(vs.persistence())
                .isEqualTo(new Persistence(0, Optional.empty(), PersistenceGranularity.host(AddressFamily.INET)));
        assertThat(vs.persistence().granularity().toString()).isEqualTo("255.255.255.255");
        assertThat(vs.quorum()).isEqualTo(new Quorum(1, 0, Optional.empty(), Optional.empty(), false, false));
        assertThat(vs.drain()).isEqualTo(DrainPolicy.DEFAULT);
        assertThat(vs.smtpAlert()).isFalse();

        RealServer rs = vs.realServers().getFirst();
        assertThat(rs.endpoint().toString()).isEqualTo("10.0.1.1:80"); // NAT takes the service's port
        assertThat(rs.weight()).isEqualTo(1);
        assertThat(rs.inhibitOnFailure()).isFalse();
        assertThat(rs.smtpAlert()).isTrue(); // keepalived's backwards-compatible default

        Duration sixty = Duration.ofSeconds(60);
        Duration five = Duration.ofSeconds(5);
        TcpCheck tcp = (TcpCheck) rs.checkers().get(0);
        assertThat(tcp.connect().connectTimeout()).isEqualTo(five);
        assertThat(tcp.timing()).isEqualTo(new CheckTiming(1, Duration.ofSeconds(1), sixty, sixty, false, false));
        HttpCheck http = (HttpCheck) rs.checkers().get(1);
        assertThat(http.timing().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(http.timing().retry()).isEqualTo(1);
        assertThat(http.httpProtocol()).isEqualTo("1.0");
        assertThat(http.urls().getFirst().statusCodes()).isEqualTo(StatusCodes.DEFAULT);
        HttpCheck ssl = (HttpCheck) rs.checkers().get(2);
        assertThat(ssl.type()).isEqualTo("SSL_GET");
        assertThat(ssl.timing().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        DnsCheck dns = (DnsCheck) rs.checkers().get(3);
        assertThat(dns.timing().retry()).isEqualTo(3);
        assertThat(dns.timing().delayBeforeRetry()).isEqualTo(sixty); // DNS: the delay loop
        assertThat(dns.queryType()).isEqualTo("SOA");
        assertThat(dns.name()).isEqualTo(".");
        MiscCheck misc = (MiscCheck) rs.checkers().get(4);
        assertThat(misc.timing().retry()).isZero();
        assertThat(misc.timeout()).isEqualTo(sixty);
        assertThat(misc.dynamic()).isFalse();
        UdpCheck udp = (UdpCheck) rs.checkers().get(5);
        assertThat(udp.minReplyLength()).isZero();
        assertThat(udp.maxReplyLength()).isEqualTo(255);
        assertThat(udp.requireReply()).isFalse();
        SmtpCheck smtp = (SmtpCheck) rs.checkers().get(6);
        assertThat(smtp.heloName()).isEqualTo("smtpchecker.keepalived.org");
        assertThat(smtp.connect().target().port()).isEqualTo(80);
    }

    @Test
    void inheritanceRunsVirtualToRealToChecker() {
        String text = """
                virtual_server 10.0.0.1 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    delay_loop 10
                    connect_timeout 4
                    retry 2
                    delay_before_retry 6
                    warmup 1
                    weight 7
                    inhibit_on_failure
                    alpha
                    virtualhost vs.example
                    real_server 10.0.1.1 80 {
                        HTTP_GET {
                            url { path / }
                        }
                    }
                    real_server 10.0.1.2 80 {
                        weight 3
                        delay_loop 20
                        connect_timeout 2
                        retry 5
                        alpha off
                        inhibit_on_failure off
                        virtualhost rs.example
                        HTTP_GET {
                            url { path / }
                            retry 9
                            connect_timeout 1
                        }
                    }
                }
                """;
        VirtualServer vs = onlyService(text);
        RealServer a = vs.realServers().get(0);
        HttpCheck ca = (HttpCheck) a.checkers().getFirst();
        assertThat(a.weight()).isEqualTo(7);
        assertThat(a.inhibitOnFailure()).isTrue();
        assertThat(a.alpha()).isTrue();
        assertThat(ca.timing())
                .isEqualTo(new CheckTiming(
                        2, Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofSeconds(10), true, false));
        assertThat(ca.connect().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(ca.virtualhost()).contains("vs.example");

        RealServer b = vs.realServers().get(1);
        HttpCheck cb = (HttpCheck) b.checkers().getFirst();
        assertThat(b.weight()).isEqualTo(3);
        assertThat(b.inhibitOnFailure()).isFalse();
        assertThat(b.alpha()).isFalse();
        assertThat(cb.timing())
                .isEqualTo(new CheckTiming(
                        9, Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofSeconds(20), false, false));
        assertThat(cb.connect().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cb.virtualhost()).contains("rs.example");
    }

    @Test
    void warmupDefaultsToTheCheckersDelayLoop() {
        VirtualServer vs = onlyService(Configs.service("")
                .replace("real_server 10.0.1.1 80 {", "real_server 10.0.1.1 80 {\nTCP_CHECK {\ndelay_loop 7\n}"));
        TcpCheck c = (TcpCheck) vs.realServers().getFirst().checkers().getFirst();
        assertThat(c.timing().warmup()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void directRoutingKeepsTheServicePort() {
        LoadResult r = parse("""
                virtual_server 10.0.0.1 80 {
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    real_server 10.0.1.1 {
                    }
                    real_server 10.0.1.2 8080 {
                    }
                }
                virtual_server fwmark 3 {
                    lb_algo rr
                    lb_kind TUN
                    real_server 10.0.1.1 80 {
                    }
                }
                """);
        assertThat(r.config().virtualServers().get(0).realServers())
                .extracting(x -> x.endpoint().toString())
                .containsExactly("10.0.1.1:80", "10.0.1.2:80");
        assertThat(r.config()
                        .virtualServers()
                        .get(1)
                        .realServers()
                        .getFirst()
                        .endpoint()
                        .port())
                .isZero();
        assertThat(r.warnings())
                .extracting(ConfigMessage::format)
                .containsExactly(
                        "test.conf:7:5: real_server: real server 10.0.1.2:8080 - port differs from TCP 10.0.0.1:80 and DR"
                                + " cannot change it - using 80",
                        "test.conf:13:5: real_server: real server 10.0.1.1:80 - a TUN server of a fwmark service keeps the"
                                + " packet's port - port cleared");
    }

    @Test
    void natAndFullNatMayChangeThePort() {
        VirtualServer vs = onlyService(Configs.service("").replace("10.0.1.1 80", "10.0.1.1 8080"));
        assertThat(vs.realServers().getFirst().endpoint().port()).isEqualTo(8080);
    }

    @Test
    void correctionsKeepalivedMakes() {
        String text = """
                virtual_server 10.0.0.1 0 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    ops
                    quorum 5
                    hysteresis 5
                    flag-1
                    sh-port
                    real_server 10.0.1.1 80 {
                        weight 2
                    }
                }
                virtual_server fwmark 1 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    ha_suspend
                    real_server 10.0.1.1 80 {
                    }
                }
                """;
        LoadResult r = parse(text);
        VirtualServer any = r.config().virtualServers().get(0);
        assertThat(any.onePacket()).isFalse();
        assertThat(any.persistence().timeout()).isEqualTo(360);
        assertThat(any.quorum().quorum()).isEqualTo(2);
        assertThat(any.quorum().hysteresis()).isEqualTo(1);
        assertThat(any.schedulerFlags()).containsExactly(SchedulerFlag.FLAG_1);
        VirtualServer mark = r.config().virtualServers().get(1);
        assertThat(mark.protocol()).isEmpty();
        assertThat(mark.haSuspend()).isFalse();
        assertThat(r.warnings())
                .extracting(ConfigMessage::format)
                .containsExactly(
                        "test.conf:1:1: virtual_server: TCP 10.0.0.1: port 0 is only valid for a persistent service -"
                                + " setting persistence_timeout 360",
                        "test.conf:1:1: virtual_server: TCP 10.0.0.1: quorum 5 exceeds the total weight 2 of the real"
                                + " servers - using 2",
                        "test.conf:1:1: virtual_server: TCP 10.0.0.1: hysteresis 5 >= quorum 2 - using 1",
                        "test.conf:5:5: virtual_server: TCP 10.0.0.1: ops (one-packet scheduling) needs protocol UDP - ignored",
                        "test.conf:9:5: virtual_server: sh-port applies to the sh scheduler only - ignored",
                        "test.conf:17:5: virtual_server: FWM 1: protocol is ignored for a fwmark service",
                        "test.conf:18:5: virtual_server: FWM 1: ha_suspend cannot be used with fwmarks - ignored");
    }

    @Test
    void aServiceWithoutRealServersIsDroppedAsKeepalivedDoes() {
        LoadResult r = parse("virtual_server 10.0.0.1 80 {\n    protocol TCP\n}\n");
        assertThat(r.config().virtualServers()).isEmpty();
        assertThat(r.warnings())
                .extracting(ConfigMessage::format)
                .containsExactly("test.conf:1:1: virtual_server: TCP 10.0.0.1:80 has no real servers - ignored, as"
                        + " keepalived does");
    }

    @Test
    void familyRules() {
        assertThat(errors("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    real_server 2001:db8::1 80 {
                    }
                }
                """))
                .containsExactly("test.conf:3:5: real_server: 2001:db8::1 is IPv6 but TCP 10.0.0.1:80 is IPv4 (only TUN"
                        + " real servers may differ)");
        // A tunnelled real server may be of the other family.
        assertThat(onlyService("""
                        virtual_server 10.0.0.1 80 {
                            lb_algo rr
                            lb_kind TUN
                            protocol TCP
                            real_server 2001:db8::1 80 {
                            }
                        }
                        """).realServers()).hasSize(1);
        // A fwmark service takes its family from its non-tunnelled real servers.
        assertThat(onlyService("""
                        virtual_server fwmark 9 {
                            lb_algo rr
                            lb_kind NAT
                            real_server 2001:db8::1 80 {
                            }
                        }
                        """).name()).isEqualTo("FWM 9 IPv6");
    }

    @Test
    void fullNatNeedsLocalAddressesAndSynProxyNeedsToSeeReplies() {
        assertThat(errors(Configs.service("    lb_kind FNAT")))
                .containsExactly(
                        "test.conf:1:1: virtual_server: TCP 10.0.0.1:80: lb_kind FNAT needs laddr_group_name (the"
                                + " local addresses FULLNAT connects from)");
        assertThat(errors(Configs.service("    lb_kind DR\n    syn_proxy")))
                .containsExactly(
                        "test.conf:6:5: virtual_server: syn_proxy needs lb_kind NAT or FNAT: with DR or TUN the"
                                + " director never sees the real server's SYN-ACK");
        assertThat(errors(Configs.service("    protocol UDP\n    syn_proxy")))
                .containsExactly("test.conf:6:5: virtual_server: syn_proxy applies to TCP services only");
        assertThat(Configs.onlyService(Configs.service("    client_address proxy_v2"))
                        .clientAddress()
                        .mode())
                .as("a PROXY header serves NAT real servers too")
                .isEqualTo(ClientAddressMode.PROXY_V2);
        assertThat(errors(Configs.service("    lb_kind DR\n    client_address proxy_v1")))
                .singleElement()
                .asString()
                .contains("client_address proxy_v1 needs lb_kind NAT or FNAT");
        assertThat(errors(Configs.service("    client_address toa")))
                .containsExactly(
                        "test.conf:5:20: virtual_server: client_address toa needs lb_kind FNAT (NAT, DR and TUN"
                                + " keep the client's address)");
        String laddr = "local_address_group L {\n    10.0.2.1\n}\n";
        assertThat(errors(laddr
                        + Configs.service("    lb_kind FNAT\n    laddr_group_name L\n    protocol UDP\n"
                                + "    client_address proxy_v1")))
                .containsExactly(
                        "test.conf:11:20: virtual_server: client_address proxy_v1 needs protocol TCP (UDP 10.0.0.1:80)");
        assertThat(errors(laddr
                        + Configs.service("    lb_kind FNAT\n    laddr_group_name L\n    client_address proxy_v2\n"
                                + "    toa_in_syn\n    toa_ipv6_kind 254")))
                .containsExactly(
                        "test.conf:11:5: virtual_server: toa_in_syn needs client_address toa (TCP 10.0.0.1:80 passes"
                                + " proxy_v2)",
                        "test.conf:12:5: virtual_server: toa_ipv6_kind needs client_address toa (TCP 10.0.0.1:80"
                                + " passes proxy_v2)");
        assertThat(errors(Configs.service("    toa_in_syn")))
                .as("NAT passes no client address by default")
                .containsExactly(
                        "test.conf:5:5: virtual_server: toa_in_syn needs client_address toa (TCP 10.0.0.1:80 passes"
                                + " none)");
        assertThat(errors(laddr + Configs.service("    lb_kind FNAT\n    laddr_group_name L\n    toa_ipv6_kind 252")))
                .containsExactly("test.conf:10:19: virtual_server: toa_ipv6_kind 252 out of range 253..254");
        assertThat(warnings(laddr + Configs.service("    laddr_group_name L")))
                .containsExactly(
                        "test.conf:8:22: virtual_server: laddr_group_name is used by lb_kind FNAT only - ignored");
    }

    @Test
    void jlvsDefsIsStrict() {
        assertThat(errors("jlvs_defs {\n    workers 0\n    wrkers 2\n    admin_socket run/x.sock\n"
                        + "    metrics_listen 127.0.0.1\n    expire_nodest_conn 2\n    interface a/b\n"
                        + "    synproxy_ack_skb_store_thresh 6\n}\n"))
                .containsExactly(
                        "test.conf:2:13: jlvs_defs: workers 0 out of range 1..1024",
                        "test.conf:3:5: jlvs_defs: unknown keyword 'wrkers'",
                        "test.conf:4:18: jlvs_defs: admin_socket 'run/x.sock' is not an absolute path",
                        "test.conf:5:20: jlvs_defs: metrics_listen '127.0.0.1' is not ADDRESS:PORT ([IPv6]:PORT)",
                        "test.conf:6:24: jlvs_defs: expire_nodest_conn '2' is not 0 or 1",
                        "test.conf:7:15: jlvs_defs: interface 'a/b' is not an interface name (1-15 characters, no '/', ':'"
                                + " or spaces)",
                        "test.conf:8:35: jlvs_defs: synproxy_ack_skb_store_thresh 6 out of range 0..5");
    }

    @Test
    void globalDefsValues() {
        assertThat(
                        errors(
                                "global_defs {\n    lvs_timeouts tcp\n    lvs_timeouts tcp x udp 99999999\n"
                                        + "    lvs_sync_daemon eth0 group 10.0.0.1\n    smtp_alert maybe\n    smtp_server mail_1.example\n}\n"))
                .containsExactly(
                        "test.conf:2:5: global_defs: lvs_timeouts needs at least one of tcp|tcpfin|udp SECONDS",
                        "test.conf:3:22: global_defs: lvs_timeouts tcp 'x' is not a number",
                        "test.conf:3:28: global_defs: lvs_timeouts udp 99999999 out of range 0..2678400",
                        "test.conf:4:32: global_defs: lvs_sync_daemon group 10.0.0.1 is not a multicast address",
                        "test.conf:5:16: global_defs: smtp_alert 'maybe' is not one of on|off|true|false|yes|no",
                        "test.conf:6:17: global_defs: smtp_server 'mail_1.example' is not an address or host name");
        // Every other keepalived global_defs keyword is accepted without a word.
        assertThat(warnings("global_defs {\n    vrrp_strict\n    enable_script_security\n    script_user root\n"
                        + "    lvs_flush_onstop\n}\n"))
                .containsExactly(
                        "test.conf:5:5: global_defs: lvs_flush_onstop is deprecated - please use lvs_flush_on_stop");
    }

    @Test
    void checkerRules() {
        assertThat(
                        errors(
                                Configs.service("")
                                        .replace(
                                                "real_server 10.0.1.1 80 {",
                                                "real_server 10.0.1.1 80 {\n"
                                                        + "HTTP_GET {\n}\nMISC_CHECK {\n}\nHTTP_GET {\nurl {\nstatus_code 99\ndigest 123\n}\n}")))
                .containsExactly(
                        "test.conf:7:1: HTTP_GET: no url given",
                        "test.conf:9:1: MISC_CHECK: no misc_path given",
                        "test.conf:12:1: HTTP_GET: url has no path",
                        "test.conf:13:13: url: status_code '99' is not a code or range within 100..599",
                        "test.conf:14:8: url: digest '123' is not 32 hex digits (an MD5 from genhash)");
    }

    @Test
    void fwmarkRealServersWithoutPortNeedConnectPort() {
        assertThat(errors("virtual_server fwmark 1 {\n    lb_kind DR\n    real_server 10.0.1.1 {\n"
                        + "        TCP_CHECK {\n        }\n    }\n}\n"))
                .containsExactly(
                        "test.conf:4:9: TCP_CHECK: no port to connect to (10.0.1.1 has none): set connect_port");
    }
}
