package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** FrameWriter output is checked by the independent decoder, including full checksum recomputes. */
class FrameWriterTest {
    private static final long OUR_MAC = 0x02_00_5E_00_00_01L;
    private static final long PEER_MAC = 0x02_00_5E_00_00_02L;
    private static final int VIP = 0xC6120064; // 198.18.0.100
    private static final int CLIENT = 0xC6130001; // 198.19.0.1

    private final FrameWriter w = new FrameWriter();
    private final MemorySegment tx = MemorySegment.ofArray(new byte[2048]);

    private byte[] written(int length) {
        assertThat(length).isPositive();
        return Bytes.read(tx, 0, length);
    }

    private static void assertChecksumsExact(RefDecoder.Decoded d) {
        if (d.ipVersion == 4) {
            assertThat(d.storedIpChecksum).as("IPv4 header checksum").isEqualTo(d.expectedIpChecksum);
        }
        assertThat(d.storedL4Checksum).as("L4 checksum").isEqualTo(d.expectedL4Checksum);
    }

    @Test
    void synAckWithOptions() {
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ipv4(VIP, CLIENT)
                .tcp(80, 40000, 0x12345678, 0x0BADF00D, TcpHeader.SYN | TcpHeader.ACK, 65535)
                .mss(1452)
                .sackPermitted()
                .timestamps(111, 222)
                .windowScale(7)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(len).isEqualTo(14 + 20 + 20 + 20); // 19 option bytes padded to 20
        assertThat(d.dstMac).isEqualTo(PEER_MAC);
        assertThat(d.srcMac).isEqualTo(OUR_MAC);
        assertThat(d.etherType).isEqualTo(0x0800);
        assertThat(d.ipTotalLength).isEqualTo(60);
        assertThat(d.ttl).isEqualTo(64);
        assertThat(d.fragmentWord).isEqualTo(0x4000);
        assertThat(Bytes.u32(d.src, 0)).isEqualTo(VIP);
        assertThat(Bytes.u32(d.dst, 0)).isEqualTo(CLIENT);
        assertThat(d.protocol).isEqualTo(6);
        assertThat(d.srcPort).isEqualTo(80);
        assertThat(d.dstPort).isEqualTo(40000);
        assertThat(d.seq).isEqualTo(0x12345678);
        assertThat(d.ack).isEqualTo(0x0BADF00D);
        assertThat(d.tcpFlags).isEqualTo(0x12);
        assertThat(d.window).isEqualTo(65535);
        assertThat(d.tcpHeaderLength).isEqualTo(40);
        assertThat(d.tcpOptions).extracting(RefDecoder.Option::kind).containsExactly(2, 4, 8, 3);
        assertThat(Bytes.u16(d.tcpOptions.get(0).data(), 0)).isEqualTo(1452);
        assertThat(Bytes.u32(d.tcpOptions.get(2).data(), 4)).isEqualTo(222);
        assertThat(d.tcpOptions.get(3).data()).containsExactly(7);
        assertThat(d.payload).isEmpty();
        assertChecksumsExact(d);
    }

    @Test
    void ipv6RstWithPayloadAndSack() {
        long[] src = InetAddr.parse("2001:db8::100");
        long[] dst = InetAddr.parse("2001:db8:1::7");
        MemorySegment data = MemorySegment.ofArray(new byte[] {'h', 'i', '!'});
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ip(src[0], src[1], dst[0], dst[1])
                .tcp(443, 50000, 1, 2, TcpHeader.RST | TcpHeader.ACK, 0)
                .nop()
                .nop()
                .sack(2)
                .sackBlock(10, 20)
                .sackBlock(30, 40)
                .payload(data, 0, 3)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.ipVersion).isEqualTo(6);
        assertThat(d.ipTotalLength).isEqualTo(40 + 40 + 3);
        assertThat(d.src).isEqualTo(Bytes.v6(src[0], src[1]));
        assertThat(d.ttl).isEqualTo(64);
        assertThat(d.tcpHeaderLength).isEqualTo(40);
        assertThat(d.tcpOptions).hasSize(1);
        assertThat(Bytes.u32(d.tcpOptions.getFirst().data(), 12)).isEqualTo(40);
        assertThat(d.payload).containsExactly('h', 'i', '!');
        assertChecksumsExact(d);
    }

    @Test
    void udpOverBothFamiliesAndVlans() {
        MemorySegment data = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5});
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .vlan(EtherType.QINQ, 100)
                .vlan(EtherType.VLAN, 200)
                .ipv4(VIP, CLIENT, 5, 0x10, 77, false)
                .udp(53, 5353)
                .payload(data, 0, 5)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.vlans).hasSize(2);
        assertThat(d.vlans.get(0)).containsExactly(0x88A8, 100);
        assertThat(d.vlans.get(1)).containsExactly(0x8100, 200);
        assertThat(d.etherType).isEqualTo(0x0800);
        assertThat(d.ttl).isEqualTo(5);
        assertThat(d.tos).isEqualTo(0x10);
        assertThat(d.ipId).isEqualTo(77);
        assertThat(d.fragmentWord).isZero();
        assertThat(d.udpLength).isEqualTo(13);
        assertThat(d.payload).containsExactly(1, 2, 3, 4, 5);
        assertChecksumsExact(d);

        len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ipv6(1, 2, 3, 4, 255, 0xB8, 0xABCDE)
                .udp(1, 2)
                .finish();
        d = RefDecoder.decode(written(len));
        assertThat(d.ttl).isEqualTo(255);
        assertThat(d.tos).isEqualTo(0xB8);
        assertThat(Bytes.u32(written(len), 14) & 0xFFFFF).isEqualTo(0xABCDE);
        assertThat(d.udpLength).isEqualTo(8);
        assertChecksumsExact(d);
    }

    @Test
    void arpRepliesAndAnnouncements() {
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .arp(ArpPacket.OP_REPLY, OUR_MAC, VIP, PEER_MAC, CLIENT)
                .finish();
        assertThat(len).isEqualTo(42);
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.etherType).isEqualTo(0x0806);
        assertThat(d.arpOp).isEqualTo(2);
        assertThat(d.arpSenderMac).isEqualTo(OUR_MAC);
        assertThat(d.arpSenderIp).isEqualTo(VIP);
        assertThat(d.arpTargetMac).isEqualTo(PEER_MAC);
        assertThat(d.arpTargetIp).isEqualTo(CLIENT);

        len = w.begin(tx, 0, 2048).gratuitousArp(OUR_MAC, VIP).finish();
        d = RefDecoder.decode(written(len));
        assertThat(d.dstMac).isEqualTo(MacAddr.BROADCAST);
        assertThat(d.arpOp).isEqualTo(1);
        assertThat(d.arpSenderIp).isEqualTo(VIP);
        assertThat(d.arpTargetIp).isEqualTo(VIP);
        assertThat(d.arpTargetMac).isZero();
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(tx, 0, len, p)).isEqualTo(ParseResult.OK);
        assertThat(p.arp().isGratuitous()).isTrue();
    }

    @Test
    void icmpFragNeededQuotesAtMost576Bytes() {
        RefFrame big = new RefFrame();
        big.payload = new byte[1400];
        byte[] original = big.encode();
        MemorySegment orig = MemorySegment.ofArray(original);
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ipv4(VIP, CLIENT)
                .icmp(IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_FRAG_NEEDED, 1400)
                .quote(orig, 14, original.length - 14)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.ipTotalLength).isEqualTo(FrameWriter.ICMP_ERROR_MAX);
        assertThat(d.icmpType).isEqualTo(3);
        assertThat(d.icmpCode).isEqualTo(4);
        assertThat(d.icmpRest & 0xFFFF).isEqualTo(1400);
        assertThat(d.payload).isEqualTo(Bytes.slice(original, 14, 14 + 576 - 28));
        assertChecksumsExact(d);

        ParsedPacket outer = new ParsedPacket();
        ParsedPacket inner = new ParsedPacket();
        assertThat(PacketParser.parse(tx, 0, len, outer)).isEqualTo(ParseResult.OK);
        assertThat(outer.icmp().nextHopMtu()).isEqualTo(1400);
        assertThat(PacketParser.parseQuoted(outer, inner)).isEqualTo(ParseResult.OK);
        assertThat(inner.dstPort()).isEqualTo(80);
    }

    @Test
    void icmpv6PacketTooBigQuotesAtMost1280Bytes() {
        RefFrame big = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        big.payload = new byte[1400];
        byte[] original = big.encode();
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ipv6(5, 6, 7, 8)
                .icmpv6(Icmpv6Header.PACKET_TOO_BIG, 0, 1280)
                .quote(MemorySegment.ofArray(original), 14, original.length - 14)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.ipTotalLength).isEqualTo(FrameWriter.ICMPV6_ERROR_MAX);
        assertThat(d.icmpRest).isEqualTo(1280);
        assertChecksumsExact(d);
    }

    @Test
    void neighbourDiscovery() {
        long[] target = InetAddr.parse("2001:db8::100");
        long[] asker = InetAddr.parse("fe80::1");
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ipv6(target[0], target[1], asker[0], asker[1], 255, 0, 0)
                .neighborAdvertisement(
                        target[0], target[1], Icmpv6Header.NA_SOLICITED | Icmpv6Header.NA_OVERRIDE, OUR_MAC)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.icmpType).isEqualTo(136);
        assertThat(d.icmpRest >>> 24).isEqualTo(0x60);
        assertThat(Bytes.slice(d.payload, 0, 16)).isEqualTo(Bytes.v6(target[0], target[1]));
        assertThat(Bytes.slice(d.payload, 16, 24)).containsExactly(2, 1, 2, 0, 0x5E, 0, 0, 1);
        assertChecksumsExact(d);

        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(tx, 0, len, p)).isEqualTo(ParseResult.OK);
        Icmpv6Header na = p.icmpv6();
        assertThat(na.targetHi()).isEqualTo(target[0]);
        assertThat(na.targetLo()).isEqualTo(target[1]);
        assertThat(na.advertisementFlags()).isEqualTo(0x60);
        assertThat(na.linkLayerAddress(Icmpv6Header.OPT_TARGET_LINK_ADDR)).isEqualTo(OUR_MAC);
        assertThat(na.linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR)).isEqualTo(Icmpv6Header.ABSENT);

        long solicitedNode = 0xFF02_0000_0000_0000L;
        long solicitedLo = 0x0000_0001_FF00_0000L | (target[1] & 0xFFFFFF);
        len = w.begin(tx, 0, 2048)
                .ethernet(MacAddr.ofIpv6Multicast(solicitedLo), OUR_MAC)
                .ipv6(asker[0], asker[1], solicitedNode, solicitedLo, 255, 0, 0)
                .neighborSolicitation(target[0], target[1], OUR_MAC)
                .finish();
        d = RefDecoder.decode(written(len));
        assertThat(d.dstMac).isEqualTo(0x3333_FF00_0100L);
        assertThat(d.icmpType).isEqualTo(135);
        assertChecksumsExact(d);
        assertThat(PacketParser.parse(tx, 0, len, p)).isEqualTo(ParseResult.OK);
        assertThat(p.icmpv6().linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR))
                .isEqualTo(OUR_MAC);
    }

    @Test
    void ipipOuterHeaderAroundAnInnerDatagram() {
        byte[] inner = new RefFrame().encode();
        int len = w.begin(tx, 0, 2048)
                .ethernet(PEER_MAC, OUR_MAC)
                .ipv4(0x0A000001, 0x0A000063)
                .ipPayload(IpProtocol.IPIP)
                .payload(MemorySegment.ofArray(inner), 14, inner.length - 14)
                .finish();
        RefDecoder.Decoded d = RefDecoder.decode(written(len));
        assertThat(d.protocol).isEqualTo(IpProtocol.IPIP);
        assertThat(d.ipTotalLength).isEqualTo(20 + inner.length - 14);
        assertThat(d.payload).isEqualTo(Bytes.slice(inner, 14, inner.length));
        assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);
    }

    @Test
    void payloadWrittenInPlaceIsChecksummed() {
        w.begin(tx, 100, 500).ethernet(PEER_MAC, OUR_MAC).ipv4(VIP, CLIENT).udp(7, 7);
        long at = w.cursor();
        assertThat(at).isEqualTo(100 + 14 + 20 + 8);
        tx.asSlice(at, 4).fill((byte) 0x5A);
        int len = w.payloadInPlace(4).finish();
        assertThat(len).isEqualTo(46);
        RefDecoder.Decoded d = RefDecoder.decode(Bytes.read(tx, 100, len));
        assertThat(d.payload).containsExactly(0x5A, 0x5A, 0x5A, 0x5A);
        assertChecksumsExact(d);
    }

    @Test
    void runningOutOfRoomIsAResultNotAnException() {
        assertThat(w.begin(tx, 0, 41).gratuitousArp(OUR_MAC, VIP).finish()).isEqualTo(FrameWriter.OVERFLOW);
        assertThat(w.failed()).isTrue();
        assertThat(w.begin(tx, 0, 42).gratuitousArp(OUR_MAC, VIP).finish()).isEqualTo(42);
        assertThat(w.begin(tx, 2040, 100).ethernet(1, 2).finish()).isEqualTo(FrameWriter.OVERFLOW);
        assertThat(w.begin(tx, 5000, 100).ethernet(1, 2).finish()).isEqualTo(FrameWriter.OVERFLOW);
        // 41 option bytes cannot fit in a 60-byte TCP header.
        w.begin(tx, 0, 2048).ipv4(1, 2).tcp(1, 2, 3, 4, 0, 0);
        for (int i = 0; i < 4; i++) {
            w.timestamps(1, 2);
        }
        assertThat(w.nop().finish()).isEqualTo(FrameWriter.OVERFLOW);
        assertThat(w.begin(tx, 0, 2048).ipv4(1, 2).finish()).isEqualTo(20);
        assertThat(w.failed()).isFalse();
    }

    @Test
    void layersOutOfOrderAreInvalidNotExceptions() {
        assertThat(w.begin(tx, 0, 2048).ipv4(1, 2).udp(1, 2).mss(1400).finish()).isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048)
                        .ipv4(1, 2)
                        .tcp(1, 2, 3, 4, 0, 0)
                        .payloadInPlace(0)
                        .mss(1)
                        .finish())
                .isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048).vlan(EtherType.VLAN, 1).finish()).isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048)
                        .ethernet(1, 2)
                        .ipv4(1, 2)
                        .vlan(EtherType.VLAN, 1)
                        .finish())
                .isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048).ethernet(1, 2).tcp(1, 2, 3, 4, 0, 0).finish())
                .isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048).ipv6(1, 2, 3, 4).icmp(8, 0, 0).finish()).isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048).ipv4(1, 2).icmpv6(128, 0, 0).finish()).isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048).ipv4(1, 2).ipv4(3, 4).finish()).isEqualTo(FrameWriter.INVALID);
        assertThat(w.begin(tx, 0, 2048).ipPayload(IpProtocol.IPIP).finish()).isEqualTo(FrameWriter.INVALID);
        assertThat(w.failed()).isTrue();
    }

    @Property(tries = 300)
    void writtenFramesParseBackToWhatWasAsked(
            @ForAll boolean v6,
            @ForAll boolean tcp,
            @ForAll long srcHi,
            @ForAll long srcLo,
            @ForAll int dst4,
            @ForAll @IntRange(max = 0xFFFF) int sport,
            @ForAll @IntRange(max = 0xFFFF) int dport,
            @ForAll int seq,
            @ForAll @IntRange(max = 0xFF) int flags,
            @ForAll @Size(max = 300) byte[] payload) {
        long sHi = v6 ? srcHi : 0;
        long sLo = v6 ? srcLo : InetAddr.v4Lo((int) srcLo);
        long dHi = v6 ? ~srcHi : 0;
        long dLo = InetAddr.v4Lo(dst4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = arena.allocate(4096);
            w.begin(ring, 7, 4000).ethernet(PEER_MAC, OUR_MAC).ip(sHi, sLo, dHi, dLo);
            if (tcp) {
                w.tcp(sport, dport, seq, ~seq, flags, 1000).mss(1460);
            } else {
                w.udp(sport, dport);
            }
            int len =
                    w.payload(MemorySegment.ofArray(payload), 0, payload.length).finish();
            ParsedPacket p = new ParsedPacket();
            assertThat(PacketParser.parse(ring, 7, len, p)).isEqualTo(ParseResult.OK);
            assertThat(p.ipVersion()).isEqualTo(v6 ? 6 : 4);
            assertThat(new long[] {p.srcHi(), p.srcLo(), p.dstHi(), p.dstLo()}).containsExactly(sHi, sLo, dHi, dLo);
            assertThat(p.srcPort()).isEqualTo(sport);
            assertThat(p.dstPort()).isEqualTo(dport);
            assertThat(p.payloadLength()).isEqualTo(payload.length);
            assertThat(Bytes.read(ring, p.payloadOffset(), payload.length)).isEqualTo(payload);
            if (tcp) {
                assertThat(p.seq()).isEqualTo(seq);
                assertThat(p.ack()).isEqualTo(~seq);
                assertThat(p.tcpFlags()).isEqualTo(flags);
                assertThat(p.tcpOptions().findMss()).isEqualTo(1460);
            }
            assertChecksumsExact(RefDecoder.decode(Bytes.read(ring, 7, len)));
        }
    }
}
