package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** TcpHeader, UdpHeader, IcmpHeader, Icmpv6Header: reads, writes, checksum-keeping rewrites. */
class TransportCodecTest {
    private static void assertL4ChecksumExact(byte[] frame) {
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);
    }

    @Test
    void tcpReadsEveryField() {
        RefFrame f = new RefFrame();
        f.srcPort = 1;
        f.dstPort = 65535;
        f.seq = -1;
        f.ack = 0x80000000;
        f.tcpFlags = TcpHeader.FIN | TcpHeader.PSH | TcpHeader.ACK | TcpHeader.CWR;
        f.window = 1234;
        f.tcpOptions = new byte[] {4, 2};
        byte[] frame = f.encode();
        TcpHeader tcp = new TcpHeader().wrap(MemorySegment.ofArray(frame), 34);
        assertThat(tcp.srcPort()).isEqualTo(1);
        assertThat(tcp.dstPort()).isEqualTo(65535);
        assertThat(tcp.seq()).isEqualTo(-1);
        assertThat(tcp.ack()).isEqualTo(0x80000000);
        assertThat(tcp.dataOffset()).isEqualTo(6);
        assertThat(tcp.headerLength()).isEqualTo(24);
        assertThat(tcp.optionsOffset()).isEqualTo(54);
        assertThat(tcp.optionsLength()).isEqualTo(4);
        assertThat(tcp.flags()).isEqualTo(0x99);
        assertThat(tcp.hasFlags(TcpHeader.FIN | TcpHeader.ACK)).isTrue();
        assertThat(tcp.hasFlags(TcpHeader.SYN)).isFalse();
        assertThat(tcp.window()).isEqualTo(1234);
        assertThat(tcp.urgentPointer()).isZero();
        assertThat(tcp.checksum()).isEqualTo(RefDecoder.decode(frame).storedL4Checksum);
    }

    @Property(tries = 300)
    void tcpRewritesKeepTheChecksumExact(
            @ForAll @IntRange(max = 0xFFFF) int sport,
            @ForAll @IntRange(max = 0xFFFF) int dport,
            @ForAll int seq,
            @ForAll int ack,
            @ForAll @IntRange(max = 0xFF) int flags,
            @ForAll @IntRange(max = 0xFFFF) int window,
            @ForAll boolean v6) {
        RefFrame f = v6 ? new RefFrame().v6("2001:db8::1", "2001:db8::2") : new RefFrame();
        f.payload = new byte[] {7, 7, 7};
        byte[] frame = f.encode();
        TcpHeader tcp = new TcpHeader().wrap(MemorySegment.ofArray(frame), v6 ? 54 : 34);
        tcp.rewriteSrcPort(sport)
                .rewriteDstPort(dport)
                .rewriteSeq(seq)
                .rewriteAck(ack)
                .rewriteFlags(flags)
                .rewriteWindow(window);
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(new int[] {d.srcPort, d.dstPort, d.seq, d.ack, d.tcpFlags, d.window, d.tcpHeaderLength})
                .containsExactly(sport, dport, seq, ack, flags, window, 20);
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);
    }

    @Test
    void tcpWriteRoundTrips() {
        byte[] seg = new byte[24];
        TcpHeader tcp = new TcpHeader().wrap(MemorySegment.ofArray(seg), 0);
        tcp.write(80, 8080, 5, 6, 24, TcpHeader.SYN, 512).urgentPointer(3);
        assertThat(seg).startsWith(0, 80, 0x1F, 0x90, 0, 0, 0, 5, 0, 0, 0, 6, 0x60, 2, 2, 0, 0, 0, 0, 3);
    }

    @Test
    void udpReadsAndRewritesHonouringTheZeroChecksum() {
        RefFrame f = new RefFrame();
        f.protocol = IpProtocol.UDP;
        f.srcPort = 1000;
        f.dstPort = 53;
        f.payload = new byte[] {1, 2, 3};
        byte[] frame = f.encode();
        UdpHeader udp = new UdpHeader().wrap(MemorySegment.ofArray(frame), 34);
        assertThat(udp.srcPort()).isEqualTo(1000);
        assertThat(udp.dstPort()).isEqualTo(53);
        assertThat(udp.length()).isEqualTo(11);
        assertThat(udp.hasNoChecksum()).isFalse();
        udp.rewriteSrcPort(2000).rewriteDstPort(5353);
        assertL4ChecksumExact(frame);
        assertThat(RefDecoder.decode(frame).srcPort).isEqualTo(2000);

        f.udpNoChecksum = true;
        byte[] none = f.encode();
        UdpHeader bare = new UdpHeader().wrap(MemorySegment.ofArray(none), 34);
        assertThat(bare.hasNoChecksum()).isTrue();
        bare.rewriteSrcPort(2000).rewriteDstPort(5353);
        assertThat(bare.checksum()).as("RFC 768: no checksum stays no checksum").isZero();
        assertThat(bare.dstPort()).isEqualTo(5353);

        byte[] header = new byte[8];
        new UdpHeader().wrap(MemorySegment.ofArray(header), 0).write(1, 2, 8);
        assertThat(header).containsExactly(0, 1, 0, 2, 0, 8, 0, 0);
    }

    @Test
    void icmpEchoAndErrors() {
        RefFrame f = new RefFrame();
        f.protocol = IpProtocol.ICMP;
        f.icmpType = IcmpHeader.ECHO_REQUEST;
        f.icmpRest = 0x00420007;
        f.payload = new byte[] {'p', 'i', 'n', 'g'};
        byte[] frame = f.encode();
        IcmpHeader icmp = new IcmpHeader().wrap(MemorySegment.ofArray(frame), 34);
        assertThat(icmp.type()).isEqualTo(8);
        assertThat(icmp.code()).isZero();
        assertThat(icmp.isError()).isFalse();
        assertThat(icmp.identifier()).isEqualTo(0x42);
        assertThat(icmp.sequence()).isEqualTo(7);
        assertThat(icmp.restOfHeader()).isEqualTo(0x00420007);
        icmp.toEchoReply();
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.icmpType).isEqualTo(IcmpHeader.ECHO_REPLY);
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);

        icmp.write(IcmpHeader.REDIRECT, 1, 0x0A0000FE);
        assertThat(icmp.isError()).isTrue();
        assertThat(icmp.gateway()).isEqualTo(0x0A0000FE);
        assertThat(icmp.checksum()).isZero();
        icmp.type(IcmpHeader.DEST_UNREACHABLE).code(IcmpHeader.CODE_FRAG_NEEDED).restOfHeader(1480);
        assertThat(icmp.nextHopMtu()).isEqualTo(1480);
        assertThat(icmp.quotedOffset()).isEqualTo(42);
        for (int type : new int[] {3, 4, 5, 11, 12}) {
            assertThat(IcmpHeader.isError(type)).isTrue();
        }
        for (int type : new int[] {0, 8, 13, 14}) {
            assertThat(IcmpHeader.isError(type)).isFalse();
        }
    }

    @Test
    void icmpv6EchoAndNeighbourMessages() {
        RefFrame f = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        f.protocol = IpProtocol.ICMPV6;
        f.icmpType = Icmpv6Header.ECHO_REQUEST;
        f.icmpRest = 0x12340001;
        byte[] frame = f.encode();
        Icmpv6Header icmp = new Icmpv6Header().wrap(MemorySegment.ofArray(frame), 54, 8);
        assertThat(icmp.type()).isEqualTo(128);
        assertThat(icmp.isError()).isFalse();
        assertThat(icmp.identifier()).isEqualTo(0x1234);
        assertThat(icmp.sequence()).isEqualTo(1);
        assertThat(icmp.length()).isEqualTo(8);
        assertThat(icmp.hasTarget()).isFalse();
        icmp.toEchoReply();
        assertL4ChecksumExact(frame);
        assertThat(RefDecoder.decode(frame).icmpType).isEqualTo(Icmpv6Header.ECHO_REPLY);

        // A solicitation carrying a nonce option (type 14) before its source link-layer option.
        RefFrame ns = new RefFrame().v6("fe80::1", "ff02::1:ff00:2");
        ns.protocol = IpProtocol.ICMPV6;
        ns.icmpType = Icmpv6Header.NEIGHBOR_SOLICITATION;
        byte[] target = RefFrame.addr("2001:db8::2");
        byte[] nonce = {14, 1, 1, 2, 3, 4, 5, 6};
        byte[] slla = {1, 1, 2, 0, 0, 0, 0, 9};
        ns.payload = Bytes.concat(target, nonce, slla);
        byte[] nsFrame = ns.encode();
        Icmpv6Header sol = new Icmpv6Header().wrap(MemorySegment.ofArray(nsFrame), 54, 8 + 32);
        assertThat(sol.hasTarget()).isTrue();
        assertThat(sol.targetLo()).isEqualTo(2);
        assertThat(sol.targetHi()).isEqualTo(0x2001_0DB8_0000_0000L);
        assertThat(sol.linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR)).isEqualTo(0x0200_0000_0009L);
        assertThat(sol.linkLayerAddress(Icmpv6Header.OPT_TARGET_LINK_ADDR)).isEqualTo(Icmpv6Header.ABSENT);
        nsFrame[54 + 24 + 1] = 0; // nonce option length 0: RFC 4861 §4.6 says discard
        assertThat(sol.linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR)).isEqualTo(Icmpv6Header.MALFORMED);
        nsFrame[54 + 24 + 1] = 3; // overruns the message
        assertThat(sol.linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR)).isEqualTo(Icmpv6Header.MALFORMED);
        assertThat(sol.wrap(sol.segment(), 54, 8 + 16 + 5).linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR))
                .as("a trailing fragment of an option")
                .isEqualTo(Icmpv6Header.MALFORMED);

        icmp.write(Icmpv6Header.PACKET_TOO_BIG, 0, 1280);
        assertThat(icmp.isError()).isTrue();
        assertThat(icmp.mtu()).isEqualTo(1280);
        assertThat(icmp.quotedOffset()).isEqualTo(62);
        sol.target(7, 8);
        assertThat(sol.targetHi()).isEqualTo(7);
        assertThat(sol.targetLo()).isEqualTo(8);
        assertThat(Icmpv6Header.isError(Icmpv6Header.TIME_EXCEEDED)).isTrue();
        assertThat(Icmpv6Header.isError(Icmpv6Header.NEIGHBOR_ADVERTISEMENT)).isFalse();
    }
}
