package io.jlvs.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.net.InetAddr;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ServiceTableTest {
    private static final long VIP = InetAddr.parse("192.0.2.10")[1];

    private static RealServer.Builder nat(String addr, int port) {
        return RealServer.at(addr, port).method(ForwardingMethod.MASQ);
    }

    @Test
    void findsAddressServicesByProtocolAddressAndPort() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80).real(nat("10.0.0.1", 8080)))
                .service(VirtualService.udp("192.0.2.10", 53).real(nat("10.0.0.2", 53)))
                .service(VirtualService.tcp("192.0.2.11", 80))
                .build();
        VirtualService web = t.find(6, 0, VIP, 80);
        assertThat(web).isNotNull();
        assertThat(web.protocol()).isEqualTo(Protocol.TCP);
        assertThat(web.real(0).port()).isEqualTo(8080);
        assertThat(t.find(17, 0, VIP, 53).protocol()).isEqualTo(Protocol.UDP);
        assertThat(t.find(17, 0, VIP, 80)).isNull();
        assertThat(t.find(6, 0, VIP, 443)).isNull();
        assertThat(t.find(6, 0, InetAddr.parse("192.0.2.11")[1], 80))
                .isNotNull()
                .isNotSameAs(web);
        assertThat(t.find(6, 0, InetAddr.parse("192.0.2.12")[1], 80)).isNull();
        // Malformed input finds nothing rather than aliasing another key.
        assertThat(t.find(6 + 256, 0, VIP, 80)).isNull();
        assertThat(t.find(6, 0, VIP, 80 + 65536)).isNull();
        assertThat(t.serviceById(web.id())).isSameAs(web);
    }

    /** A connection keeps its real server's index in 16 bits: a table needing more is refused, named. */
    @Test
    void moreRealServersThanAConnectionCanNameAreRefused() {
        VirtualService.Builder svc = VirtualService.tcp("192.0.2.10", 80);
        for (int i = 0; i <= io.jlvs.core.conn.ConnTable.MAX_REAL + 1; i++) {
            svc.real(RealServer.at(InetAddr.format(0, 0xFFFF_0000_0000L | 0x0A00_0000 | i), 80));
        }
        assertThatThrownBy(() -> ServiceTable.builder().service(svc).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 65536 real servers");
    }

    @Test
    void persistentPortZeroServiceTakesEveryPortButAnExactServiceWins() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 0).persistent(600))
                .service(VirtualService.tcp("192.0.2.10", 443))
                .build();
        assertThat(t.find(6, 0, VIP, 443).port()).isEqualTo(443);
        assertThat(t.find(6, 0, VIP, 8443).port()).isZero();
        assertThat(t.find(17, 0, VIP, 8443)).isNull();
    }

    @Test
    void fwmarkServicesAreKeyedByMarkAndFamilyAndWinOverAddressServices() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.fwmark(7, false).real(RealServer.at("10.0.0.1", 0)))
                .service(VirtualService.fwmark(7, true).real(RealServer.at("2001:db8::1", 0)))
                .service(VirtualService.tcp("192.0.2.10", 80))
                .build();
        VirtualService v4 = t.findFwmark(7, false);
        VirtualService v6 = t.findFwmark(7, true);
        assertThat(v4.isFwmark()).isTrue();
        assertThat(v4.isIpv6()).isFalse();
        assertThat(v6.isIpv6()).isTrue();
        assertThat(v4.protocolNumber()).isEqualTo(Protocol.IPPROTO_IP);
        assertThat(t.findFwmark(8, false)).isNull();
        assertThat(t.find(7, 6, 0, VIP, 80)).isSameAs(v4);
        assertThat(t.find(0, 6, 0, VIP, 80).isFwmark()).isFalse();
        assertThat(t.find(9, 6, 0, VIP, 80).isFwmark()).isFalse();
    }

    @Test
    void ipv6ServicesAreFound() {
        long[] vip = InetAddr.parse("2001:db8::10");
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("2001:db8::10", 80).real(nat("2001:db8::100", 80)))
                .build();
        VirtualService s = t.find(6, vip[0], vip[1], 80);
        assertThat(s.isIpv6()).isTrue();
        assertThat(s.real(0).isIpv6()).isTrue();
        assertThat(t.find(6, vip[0], vip[1] + 1, 80)).isNull();
    }

    @Test
    void manyServicesAllFound() {
        ServiceTable.Builder b = ServiceTable.builder();
        for (int i = 0; i < 500; i++) {
            b.service(VirtualService.tcp("198.51.100." + (i % 250 + 1), 1000 + i));
        }
        ServiceTable t = b.build();
        for (int i = 0; i < 500; i++) {
            long lo = InetAddr.parse("198.51.100." + (i % 250 + 1))[1];
            VirtualService s = t.find(6, 0, lo, 1000 + i);
            assertThat(s).isNotNull();
            assertThat(s.port()).isEqualTo(1000 + i);
            assertThat(t.find(6, 0, lo, 3000 + i)).isNull();
        }
    }

    @Test
    void realIndicesAndServiceIdsSurviveRepublishing() {
        ServiceTable first = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.1", 80))
                        .real(nat("10.0.0.2", 80)))
                .service(VirtualService.tcp("192.0.2.10", 443).real(nat("10.0.0.1", 443)))
                .build();
        int a = first.find(6, 0, VIP, 80).real(0).index();
        int b = first.find(6, 0, VIP, 80).real(1).index();
        int c = first.find(6, 0, VIP, 443).real(0).index();
        assertThat(new int[] {a, b, c}).containsExactlyInAnyOrder(0, 1, 2);

        // Reordered, a weight changed, B dropped, D added, the 443 service dropped and one added.
        ServiceTable second = ServiceTable.builder(first)
                .service(VirtualService.tcp("192.0.2.10", 8080).real(nat("10.0.0.9", 80)))
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.4", 80))
                        .real(nat("10.0.0.1", 80).weight(7)))
                .build();
        VirtualService web = second.find(6, 0, VIP, 80);
        assertThat(web.id()).isEqualTo(first.find(6, 0, VIP, 80).id());
        assertThat(web.real(1).index()).isEqualTo(a);
        assertThat(web.real(1).weight()).isEqualTo(7);
        // New numbers avoid everything the previous snapshot used (b and c may still have connections).
        int d = web.real(0).index();
        int e = second.find(6, 0, VIP, 8080).real(0).index();
        assertThat(new int[] {d, e}).doesNotContain(a, b, c);
        assertThat(second.find(6, 0, VIP, 8080).id())
                .isNotEqualTo(first.find(6, 0, VIP, 443).id());
        assertThat(second.real(b)).isNull();
        assertThat(second.real(d).addrLo()).isEqualTo(InetAddr.parse("10.0.0.4")[1]);

        // One snapshot later, b and c are free again.
        ServiceTable third = ServiceTable.builder(second)
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.4", 80))
                        .real(nat("10.0.0.1", 80))
                        .real(nat("10.0.0.5", 80)))
                .build();
        assertThat(third.find(6, 0, VIP, 80).real(2).index()).isIn(b, c);
        assertThat(third.realIndexCapacity())
                .isGreaterThan(third.find(6, 0, VIP, 80).real(2).index());
    }

    @Test
    void removedRealStaysResolvableAndLastWeightIsKept() {
        ServiceTable first = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.1", 80).weight(5)))
                .build();
        ServiceTable quiesced = ServiceTable.builder(first)
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.1", 80).weight(0)))
                .build();
        RealServer r = quiesced.real(0);
        assertThat(r.weight()).isZero();
        assertThat(r.lastWeight()).isEqualTo(5);
        assertThat(r.acceptsNew()).isFalse();
        ServiceTable removed = ServiceTable.builder(quiesced)
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.1", 80).weight(0).state(RealState.REMOVED)))
                .build();
        assertThat(removed.real(0).state()).isEqualTo(RealState.REMOVED);
        assertThat(removed.real(0).lastWeight()).isEqualTo(5);
        assertThat(removed.real(0).state().forwardsExisting()).isFalse();
    }

    @Test
    void effectiveWeightFollowsTheLifecycle() {
        for (RealState s : RealState.values()) {
            RealServer.Builder b = nat("10.0.0.1", 80).weight(4);
            ServiceTable t = ServiceTable.builder()
                    .service(VirtualService.tcp("192.0.2.10", 80)
                            .real(s == RealState.DRAINING ? b.drain(DrainSpec.withTimeout(60_000)) : b.state(s)))
                    .build();
            RealServer r = t.real(0);
            assertThat(r.drain() != null).as(s.name()).isEqualTo(s == RealState.DRAINING);
            assertThat(r.effectiveWeight()).isEqualTo(s == RealState.UP ? 4 : 0);
            assertThat(r.acceptsNew()).isEqualTo(s == RealState.UP);
            assertThat(r.state().forwardsExisting()).isEqualTo(s != RealState.REMOVED);
        }
        assertThat(RealState.QUIESCENT.honoursTemplates(false)).isTrue();
        assertThat(RealState.QUIESCENT.honoursTemplates(true)).isFalse();
        assertThat(RealState.DRAINING.honoursTemplates(false)).isFalse();
        assertThat(RealState.UP.honoursTemplates(true)).isTrue();
    }

    @Test
    void realPortsDefaultAsIpvsadmDoes() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .real(RealServer.at("10.0.0.1", 0))
                        .real(RealServer.at("10.0.0.2", 80).method(ForwardingMethod.TUNNEL))
                        .real(nat("10.0.0.3", 0))
                        .real(nat("10.0.0.4", 8080)))
                .build();
        VirtualService s = t.service(0);
        assertThat(s.real(0).method()).isEqualTo(ForwardingMethod.ROUTE);
        assertThat(s.real(0).port()).isEqualTo(80);
        assertThat(s.real(1).port()).isEqualTo(80);
        assertThat(s.real(2).port()).isEqualTo(80);
        assertThat(s.real(3).port()).isEqualTo(8080);
        assertThat(s.real(0).weight()).isEqualTo(1);
    }

    @Test
    void persistenceGranularityBecomesMasks() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80).persistent().persistNetmask("255.255.255.0"))
                .service(VirtualService.tcp("192.0.2.10", 81))
                .service(VirtualService.tcp("2001:db8::10", 80).persistent(60).persistPrefix(64))
                .service(VirtualService.tcp("2001:db8::10", 81).persistent(60).persistPrefix(100))
                .service(VirtualService.tcp("2001:db8::10", 82).persistent(60).persistPrefix(32))
                .build();
        VirtualService v4 = t.service(0);
        assertThat(v4.persistTimeout()).isEqualTo(VirtualService.DEFAULT_PERSISTENCE_TIMEOUT);
        long client = InetAddr.parse("203.0.113.77")[1];
        assertThat(client & v4.persistMaskLo()).isEqualTo(InetAddr.parse("203.0.113.0")[1]);
        assertThat(InetAddr.isV4(0, client & v4.persistMaskLo())).isTrue();
        VirtualService plain = t.service(1);
        assertThat(plain.isPersistent()).isFalse();
        assertThat(client & plain.persistMaskLo()).isEqualTo(client);
        assertThat(plain.persistNetmaskV4()).isEqualTo(-1);

        long[] c6 = InetAddr.parse("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
        VirtualService p64 = t.service(2);
        assertThat(p64.persistMaskHi()).isEqualTo(-1L);
        assertThat(p64.persistMaskLo()).isZero();
        VirtualService p100 = t.service(3);
        long[] want100 = InetAddr.parse("2001:db8:aaaa:bbbb:cccc:dddd:e000:0");
        assertThat(c6[0] & p100.persistMaskHi()).isEqualTo(want100[0]);
        assertThat(c6[1] & p100.persistMaskLo()).isEqualTo(want100[1]);
        VirtualService p32 = t.service(4);
        assertThat(c6[0] & p32.persistMaskHi()).isEqualTo(InetAddr.parse("2001:db8::")[0]);
        assertThat(c6[1] & p32.persistMaskLo()).isZero();
    }

    @Test
    void carriesTheAlibabaAndDpvsSettings() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80)
                        .synProxy(true)
                        .establishedTimeout(90)
                        .clientAddress(new ClientAddressSpec(ClientAddressMode.TOA, true, 254))
                        .localAddress("198.18.0.1")
                        .localAddress("198.18.0.2")
                        .real(RealServer.at("10.0.0.1", 80).method(ForwardingMethod.FULLNAT)))
                .service(VirtualService.udp("192.0.2.10", 53)
                        .onePacket(true)
                        .scheduler("sh")
                        .schedFlags("sh-port"))
                .build();
        VirtualService s = t.service(0);
        assertThat(s.synProxy()).isTrue();
        assertThat(s.establishedTimeout()).isEqualTo(90);
        assertThat(s.clientAddress()).isEqualTo(new ClientAddressSpec(ClientAddressMode.TOA, true, 254));
        assertThat(s.localAddressCount()).isEqualTo(2);
        assertThat(InetAddr.format(s.localAddressHi(1), s.localAddressLo(1))).isEqualTo("198.18.0.2");
        assertThat(s.scheduler()).isEqualTo("wlc");
        VirtualService dns = t.service(1);
        assertThat(dns.onePacket()).isTrue();
        assertThat(dns.hasSchedFlag(SchedFlags.SH_PORT)).isTrue();
        assertThat(dns.hasSchedFlag(SchedFlags.SH_FALLBACK)).isFalse();
    }

    @Test
    void rejectsBadConfigurationWithClearMessages() {
        assertThatThrownBy(() -> ServiceTable.builder()
                        .service(VirtualService.tcp("192.0.2.10", 80))
                        .service(VirtualService.tcp("192.0.2.10", 80))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TCP 192.0.2.10:80 is defined twice");
        assertThatThrownBy(() -> ServiceTable.builder()
                        .service(VirtualService.fwmark(3, false))
                        .service(VirtualService.fwmark(3, false))
                        .build())
                .hasMessageContaining("FWM 3 is defined twice");
        assertThatThrownBy(() -> VirtualService.tcp("192.0.2.10", 65536)).hasMessageContaining("out of range 0..65535");
        assertThatThrownBy(() -> VirtualService.tcp("192.0.2.10", -1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> RealServer.at("10.0.0.1", 70000)).hasMessageContaining("out of range 0..65535");
        assertThatThrownBy(() -> RealServer.at("10.0.0.1", 80).weight(65536))
                .hasMessageContaining("weight 65536 of real server 10.0.0.1:80 is out of range 0..65535");
        assertThatThrownBy(() -> RealServer.at("10.0.0.1", 80).weight(-1)).hasMessageContaining("weight -1");
        assertThatThrownBy(() -> RealServer.at("10.0.0.1", 80).upperThreshold(65536))
                .hasMessageContaining("upper threshold");
        assertThatThrownBy(() -> VirtualService.tcp("192.0.2.10", 80).scheduler("fastest"))
                .hasMessageContaining("unknown scheduler 'fastest'")
                .hasMessageContaining("wlc");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80).schedFlags("sh-port")))
                .hasMessageContaining("'sh-port' applies to the sh scheduler, not wlc");
        assertThatThrownBy(() -> build(
                        VirtualService.tcp("192.0.2.10", 80).scheduler("sh").schedFlags("mh-port")))
                .hasMessageContaining("mh scheduler");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80).schedFlags("turbo")))
                .hasMessageContaining("unknown scheduler flag 'turbo'");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 0)))
                .hasMessageContaining("port 0 (every port) is only allowed on a persistent service");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80).onePacket(true)))
                .hasMessageContaining("UDP services only");
        assertThatThrownBy(() -> build(VirtualService.udp("192.0.2.10", 80).synProxy(true)))
                .hasMessageContaining("SYN proxy applies to TCP");
        assertThatThrownBy(() -> build(VirtualService.udp("192.0.2.10", 80)
                        .clientAddress(ClientAddressSpec.of(ClientAddressMode.TOA))))
                .hasMessageContaining("TOA cannot carry the address over UDP");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80)
                        .real(RealServer.at("10.0.0.1", 80).method(ForwardingMethod.FULLNAT))))
                .hasMessageContaining("needs local addresses");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.1", 80))
                        .real(nat("10.0.0.1", 80))))
                .hasMessageContaining("real server 10.0.0.1:80 is listed twice");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80)
                        .real(RealServer.at("10.0.0.1", 80))
                        .real(RealServer.at("10.0.0.1", 0))))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80).real(RealServer.at("10.0.0.1", 8080))))
                .hasMessageContaining("Route, which cannot change the port");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80).real(nat("2001:db8::1", 80))))
                .hasMessageContaining("another address family");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80)
                        .real(nat("10.0.0.1", 80).upperThreshold(10).lowerThreshold(20))))
                .hasMessageContaining("lower threshold 20 above its upper threshold 10");
        assertThatThrownBy(() ->
                        build(VirtualService.tcp("2001:db8::1", 80).persistent().persistNetmask("255.0.0.0")))
                .hasMessageContaining("IPv6 service takes a persistence prefix length");
        assertThatThrownBy(() ->
                        build(VirtualService.tcp("192.0.2.10", 80).persistent().persistPrefix(24)))
                .hasMessageContaining("IPv4 service takes a persistence netmask");
        assertThatThrownBy(() -> VirtualService.tcp("2001:db8::1", 80).persistPrefix(129))
                .hasMessageContaining("1..128");
        assertThatThrownBy(() -> VirtualService.tcp("192.0.2.10", 80).persistent(-5))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> VirtualService.fwmark(0, false)).hasMessageContaining("needs a mark");
        assertThatThrownBy(() -> build(VirtualService.tcp("192.0.2.10", 80)
                        .localAddress("198.18.0.1")
                        .localAddress("198.18.0.1")))
                .hasMessageContaining("local address 198.18.0.1 is listed twice");
    }

    @Test
    void crossFamilyIsAllowedForTunnelAndFullnat() {
        ServiceTable t = build(VirtualService.tcp("192.0.2.10", 80)
                .localAddress("2001:db8:1::1")
                .real(RealServer.at("2001:db8::1", 80).method(ForwardingMethod.TUNNEL))
                .real(RealServer.at("2001:db8::2", 80).method(ForwardingMethod.FULLNAT)));
        assertThat(t.service(0).real(0).isIpv6()).isTrue();
    }

    private static ServiceTable build(VirtualService.Builder b) {
        return ServiceTable.builder().service(b).build();
    }

    @Test
    void schedFlagsParseAndFormatLikeIpvsadm() {
        assertThat(SchedFlags.parse("sh", "sh-fallback, sh-port"))
                .isEqualTo(SchedFlags.SH_FALLBACK | SchedFlags.SH_PORT);
        assertThat(SchedFlags.parse("mh", "mh-port")).isEqualTo(SchedFlags.FLAG_2);
        assertThat(SchedFlags.parse("wlc", "flag-1,flag-3")).isEqualTo(SchedFlags.FLAG_1 | SchedFlags.FLAG_3);
        assertThat(SchedFlags.parse("rr", "")).isZero();
        assertThat(SchedFlags.format("sh", 3)).isEqualTo("sh-fallback,sh-port");
        assertThat(SchedFlags.format("mh", 2)).isEqualTo("mh-port");
        assertThat(SchedFlags.format("rr", 5)).isEqualTo("flag-1,flag-3");
        assertThatThrownBy(() -> VirtualService.tcp("192.0.2.10", 80).schedFlags(8))
                .hasMessageContaining("0x8");
    }

    @Test
    void operatorWordsParse() {
        assertThat(ForwardingMethod.parse("nat")).isEqualTo(ForwardingMethod.MASQ);
        assertThat(ForwardingMethod.parse("DR")).isEqualTo(ForwardingMethod.ROUTE);
        assertThat(ForwardingMethod.parse("TUN")).isEqualTo(ForwardingMethod.TUNNEL);
        assertThat(ForwardingMethod.parse("FNAT")).isEqualTo(ForwardingMethod.FULLNAT);
        assertThat(ForwardingMethod.parse("Masq").ipvsadmName()).isEqualTo("Masq");
        assertThat(ForwardingMethod.FULLNAT.seesReplies()).isTrue();
        assertThat(ForwardingMethod.ROUTE.seesReplies()).isFalse();
        assertThatThrownBy(() -> ForwardingMethod.parse("LOCAL")).hasMessageContaining("unknown forwarding method");
        assertThat(Protocol.ofNumber(132)).isEqualTo(Protocol.SCTP);
        assertThatThrownBy(() -> Protocol.ofNumber(1)).hasMessageContaining("not protocol 1");
        assertThat(SchedulerNames.ALL).hasSize(14).contains("mh", "twos", "ovf", "fo");
    }

    @Test
    void lookupAllocatesNothing() {
        ServiceTable.Builder b = ServiceTable.builder();
        for (int i = 0; i < 64; i++) {
            b.service(VirtualService.tcp("192.0.2." + (i + 1), 80).real(nat("10.0.0.1", 80)));
        }
        b.service(VirtualService.fwmark(5, false));
        ServiceTable t = b.build();
        long[] vips = new long[64];
        for (int i = 0; i < 64; i++) {
            vips[i] = InetAddr.parse("192.0.2." + (i + 1))[1];
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warm = 0; warm < 200_000; warm++) {
            sink += t.find(6, 0, vips[warm & 63], 80).id()
                    + t.findFwmark(5, false).id();
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            VirtualService s = t.find(0, 6, 0, vips[i & 63], 80);
            sink += s.real(0).index() + (t.find(6, 0, vips[i & 63], 81) == null ? 1 : 0);
            sink += t.real(0).weight() + t.serviceById(s.id()).port();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        assertThat(allocated).isLessThan(4096);
    }
}
