package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefChecksum;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class PacketParserTest {
    private final ParsedPacket p = new ParsedPacket();

    private int parse(byte[] frame) {
        return PacketParser.parse(Bytes.heap(frame), 0, frame.length, p);
    }

    private static RefFrame tcpV4() {
        RefFrame f = new RefFrame();
        f.src = RefFrame.addr("198.18.0.1");
        f.dst = RefFrame.addr("198.18.0.100");
        f.srcPort = 51000;
        f.dstPort = 443;
        f.seq = 0xDEADBEEF;
        f.ack = 0x01020304;
        f.tcpFlags = TcpHeader.SYN | TcpHeader.ACK;
        f.window = 29200;
        f.tcpOptions = new byte[] {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, 7};
        f.payload = new byte[] {1, 2, 3, 4, 5};
        f.ttl = 61;
        f.ipId = 0xBEEF;
        return f;
    }

    /** Recomputes the IPv4 header checksum after a test edited the header of a frame without tags. */
    private static void refixIpv4(byte[] frame) {
        int ihl = (frame[14] & 15) * 4;
        frame[24] = 0;
        frame[25] = 0;
        Bytes.put16(frame, 24, RefChecksum.checksum(Bytes.slice(frame, 14, 14 + ihl)));
    }

    @Test
    void decodesIpv4Tcp() {
        byte[] frame = tcpV4().encode();
        assertThat(parse(frame)).isEqualTo(ParseResult.OK);
        assertThat(p.dstMac()).isEqualTo(0x02_00_00_00_00_01L);
        assertThat(p.srcMac()).isEqualTo(0x02_00_00_00_00_02L);
        assertThat(p.vlanCount()).isZero();
        assertThat(p.etherType()).isEqualTo(EtherType.IPV4);
        assertThat(p.l3Offset()).isEqualTo(14);
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.ipHeaderLength()).isEqualTo(20);
        assertThat(p.ipTotalLength()).isEqualTo(20 + 28 + 5);
        assertThat(p.hopLimit()).isEqualTo(61);
        assertThat(p.protocol()).isEqualTo(IpProtocol.TCP);
        long[] src = InetAddr.parse("198.18.0.1");
        long[] dst = InetAddr.parse("198.18.0.100");
        assertThat(new long[] {p.srcHi(), p.srcLo()}).containsExactly(src);
        assertThat(new long[] {p.dstHi(), p.dstLo()}).containsExactly(dst);
        assertThat(p.srcV4()).isEqualTo(0xC6120001);
        assertThat(p.dontFragment()).isTrue();
        assertThat(p.isFragment()).isFalse();
        assertThat(p.fragmentId()).isEqualTo(0xBEEF);
        assertThat(p.l4Offset()).isEqualTo(34);
        assertThat(p.l4Length()).isEqualTo(33);
        assertThat(p.hasPorts()).isTrue();
        assertThat(p.srcPort()).isEqualTo(51000);
        assertThat(p.dstPort()).isEqualTo(443);
        assertThat(p.seq()).isEqualTo(0xDEADBEEF);
        assertThat(p.ack()).isEqualTo(0x01020304);
        assertThat(p.tcpFlags()).isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(p.window()).isEqualTo(29200);
        assertThat(p.tcpHeaderLength()).isEqualTo(28);
        assertThat(p.payloadOffset()).isEqualTo(34 + 28);
        assertThat(p.payloadLength()).isEqualTo(5);
        assertThat(p.icmpType()).isEqualTo(-1);
        assertThat(p.isQuoted()).isFalse();
        assertThat(p.toString()).contains("198.18.0.1 -> 198.18.0.100", "ports=51000->443");
    }

    @Test
    void decodesIpv6UdpBehindAnExtensionChain() {
        RefFrame f = new RefFrame().v6("2001:db8::1", "2001:db8::100");
        f.protocol = IpProtocol.UDP;
        f.srcPort = 5353;
        f.dstPort = 53;
        f.payload = new byte[] {9, 9, 9};
        f.v6Extensions.add(new Object[] {0, new byte[7]}); // hop-by-hop, 8 bytes
        f.v6Extensions.add(new Object[] {60, withLength(new byte[15], 1)}); // dest opts, 16 bytes
        f.v6Extensions.add(new Object[] {51, withLength(new byte[15], 2)}); // AH, (2 + 2) * 4 = 16 bytes
        byte[] frame = f.encode();
        assertThat(parse(frame)).isEqualTo(ParseResult.OK);
        assertThat(p.ipVersion()).isEqualTo(6);
        assertThat(p.ipHeaderLength()).isEqualTo(40 + 8 + 16 + 16);
        assertThat(p.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(p.l4Offset()).isEqualTo(14 + 80);
        assertThat(p.l4Length()).isEqualTo(11);
        assertThat(p.srcPort()).isEqualTo(5353);
        assertThat(p.dstPort()).isEqualTo(53);
        assertThat(p.payloadLength()).isEqualTo(3);
        long[] src = InetAddr.parse("2001:db8::1");
        assertThat(new long[] {p.srcHi(), p.srcLo()}).containsExactly(src);
        assertThat(p.isFragment()).isFalse();
    }

    private static byte[] withLength(byte[] body, int len) {
        body[0] = (byte) len;
        return body;
    }

    @Test
    void decodesIcmpEchoAndArp() {
        RefFrame icmp = new RefFrame();
        icmp.protocol = IpProtocol.ICMP;
        icmp.icmpType = IcmpHeader.ECHO_REQUEST;
        icmp.payload = new byte[12];
        assertThat(parse(icmp.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.icmpType()).isEqualTo(8);
        assertThat(p.icmpCode()).isZero();
        assertThat(p.hasPorts()).isFalse();
        assertThat(p.payloadLength()).isEqualTo(12);

        RefFrame arp = new RefFrame();
        arp.ipVersion = 0;
        arp.arpOp = ArpPacket.OP_REQUEST;
        assertThat(parse(arp.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.etherType()).isEqualTo(EtherType.ARP);
        assertThat(p.arpOperation()).isEqualTo(ArpPacket.OP_REQUEST);
        assertThat(p.srcV4()).isEqualTo(0x0A000001);
        assertThat(p.dstV4()).isEqualTo(0x0A000002);
        assertThat(p.ipVersion()).isZero();
        assertThat(p.arp().senderMac()).isEqualTo(0x02_00_00_00_00_02L);
    }

    @Test
    void walksVlanAndQinQTags() {
        RefFrame f = tcpV4();
        f.vlans.add(new int[] {0x8100, 0x2064});
        assertThat(parse(f.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.vlanCount()).isEqualTo(1);
        assertThat(p.outerVlanTci()).isEqualTo(0x2064);
        assertThat(p.l3Offset()).isEqualTo(18);
        assertThat(p.dstPort()).isEqualTo(443);

        f.vlans.clear();
        f.vlans.add(new int[] {0x88A8, 0x0010});
        f.vlans.add(new int[] {0x8100, 0x0020});
        assertThat(parse(f.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.vlanCount()).isEqualTo(2);
        assertThat(p.outerVlanTci()).isEqualTo(0x10);
        assertThat(p.innerVlanTci()).isEqualTo(0x20);
        assertThat(p.l3Offset()).isEqualTo(22);
        assertThat(p.ethernet().tagProtocol(0)).isEqualTo(0x88A8);

        f.vlans.add(new int[] {0x8100, 0x0030});
        assertThat(parse(f.encode())).isEqualTo(ParseResult.TOO_MANY_VLAN_TAGS);

        byte[] cut = Bytes.slice(new RefFrame().encode(), 0, 14);
        Bytes.put16(cut, 12, 0x8100);
        assertThat(parse(Bytes.concat(cut, new byte[] {0, 1}))).isEqualTo(ParseResult.TRUNCATED_ETHERNET);
    }

    @Test
    void ethernetPaddingIsNotPartOfTheDatagram() {
        RefFrame f = new RefFrame();
        f.protocol = IpProtocol.UDP;
        f.trailingPadding = 10;
        assertThat(parse(f.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.l4Length()).isEqualTo(8);
        assertThat(p.payloadLength()).isZero();
        assertThat(p.frameLength()).isEqualTo(14 + 28 + 10);
    }

    @Test
    void parsesAtAnOffsetInNativeMemoryAndReadsNothingBeyondTheFrame() {
        byte[] frame = tcpV4().encode();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = Bytes.nativeAt(arena, frame, 4096 + 3);
            assertThat(PacketParser.parse(ring, 4096 + 3, frame.length, p)).isEqualTo(ParseResult.OK);
            assertThat(p.frameOffset()).isEqualTo(4099);
            assertThat(p.l3Offset()).isEqualTo(4099 + 14);
            assertThat(p.dstPort()).isEqualTo(443);
            // The same bytes with the frame length one short: the IP datagram no longer fits.
            assertThat(PacketParser.parse(ring, 4099, frame.length - 1, p)).isEqualTo(ParseResult.TRUNCATED_IP);
            assertThat(PacketParser.parse(ring, ring.byteSize() - 10, 60, p)).isEqualTo(ParseResult.TRUNCATED_ETHERNET);
            assertThat(PacketParser.parse(ring, -1, 60, p)).isEqualTo(ParseResult.TRUNCATED_ETHERNET);
        }
    }

    @Test
    void everyDropReasonIsReachable() {
        HashSet<Integer> seen = new HashSet<>();
        seen.add(ParseResult.OK);

        seen.add(expect(new byte[13], ParseResult.TRUNCATED_ETHERNET));

        RefFrame stacked = tcpV4();
        for (int i = 0; i < 3; i++) {
            stacked.vlans.add(new int[] {0x8100, i});
        }
        seen.add(expect(stacked.encode(), ParseResult.TOO_MANY_VLAN_TAGS));

        RefFrame lldp = new RefFrame();
        lldp.etherType = 0x88CC;
        seen.add(expect(lldp.encode(), ParseResult.UNSUPPORTED_ETHERTYPE));
        seen.add(expect(Bytes.slice(new RefFrame().encode(), 0, 14), ParseResult.TRUNCATED_IP));

        RefFrame arp = new RefFrame();
        arp.ipVersion = 0;
        seen.add(expect(Bytes.slice(arp.encode(), 0, 14 + 27), ParseResult.TRUNCATED_ARP));
        byte[] badArp = arp.encode();
        badArp[14 + 1] = 6; // hardware type 6 (IEEE 802)
        seen.add(expect(badArp, ParseResult.BAD_ARP));

        byte[] v4 = tcpV4().encode();
        seen.add(expect(Bytes.slice(v4, 0, 14 + 19), ParseResult.TRUNCATED_IP));
        seen.add(expect(Bytes.slice(v4, 0, v4.length - 1), ParseResult.TRUNCATED_IP));

        byte[] version = v4.clone();
        version[14] = 0x65;
        seen.add(expect(version, ParseResult.BAD_IP_VERSION));

        byte[] ihl = v4.clone();
        ihl[14] = 0x44;
        seen.add(expect(ihl, ParseResult.BAD_IHL));
        byte[] longIhl = Bytes.slice(v4, 0, 14 + 40);
        longIhl[14] = 0x4F;
        Bytes.put16(longIhl, 16, 40);
        seen.add(expect(longIhl, ParseResult.BAD_IHL));

        byte[] total = v4.clone();
        Bytes.put16(total, 16, 19);
        refixIpv4(total);
        seen.add(expect(total, ParseResult.BAD_IP_TOTAL_LENGTH));

        RefFrame corrupt = tcpV4();
        corrupt.corruptIpChecksum = true;
        seen.add(expect(corrupt.encode(), ParseResult.IP_CHECKSUM_BAD));

        RefFrame hbhSecond = new RefFrame().v6("::1", "::2");
        hbhSecond.v6Extensions.add(new Object[] {60, new byte[7]});
        hbhSecond.v6Extensions.add(new Object[] {0, new byte[7]});
        seen.add(expect(hbhSecond.encode(), ParseResult.BAD_IPV6_EXT_HEADER));

        RefFrame fragment = tcpV4();
        fragment.fragmentWord = 0x2000 | 185;
        seen.add(expect(fragment.encode(), ParseResult.IP_FRAGMENT));

        RefFrame shortTcp = new RefFrame();
        shortTcp.protocol = 200;
        shortTcp.payload = new byte[19];
        byte[] shortTcpFrame = shortTcp.encode();
        shortTcpFrame[14 + 9] = IpProtocol.TCP;
        refixIpv4(shortTcpFrame);
        seen.add(expect(shortTcpFrame, ParseResult.TRUNCATED_L4));

        RefFrame offset = tcpV4();
        offset.tcpDataOffsetOverride = 4;
        seen.add(expect(offset.encode(), ParseResult.BAD_TCP_DATA_OFFSET));
        offset.tcpDataOffsetOverride = 15; // 60 bytes, segment is 33
        seen.add(expect(offset.encode(), ParseResult.BAD_TCP_DATA_OFFSET));

        RefFrame option = tcpV4();
        option.tcpOptions = new byte[] {2, 5, 0, 0};
        seen.add(expect(option.encode(), ParseResult.BAD_TCP_OPTION));

        RefFrame udp = new RefFrame();
        udp.protocol = IpProtocol.UDP;
        udp.payload = new byte[4];
        udp.udpLengthOverride = 7;
        seen.add(expect(udp.encode(), ParseResult.BAD_UDP_LENGTH));
        udp.udpLengthOverride = 13;
        seen.add(expect(udp.encode(), ParseResult.BAD_UDP_LENGTH));

        RefFrame echo = new RefFrame();
        echo.protocol = IpProtocol.ICMP;
        byte[] quotedFrom = errorWithQuote(Bytes.slice(tcpV4().encode(), 14, 14 + 26));
        ParsedPacket outer = new ParsedPacket();
        assertThat(PacketParser.parse(Bytes.heap(quotedFrom), 0, quotedFrom.length, outer))
                .isEqualTo(ParseResult.OK);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.TRUNCATED_ICMP_QUOTE);
        seen.add(ParseResult.TRUNCATED_ICMP_QUOTE);
        assertThat(PacketParser.parse(Bytes.heap(echo.encode()), 0, echo.encode().length, outer))
                .isEqualTo(ParseResult.OK);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.BAD_ICMP_QUOTE);
        seen.add(ParseResult.BAD_ICMP_QUOTE);

        assertThat(seen).hasSize(ParseResult.COUNT);
    }

    private int expect(byte[] frame, int result) {
        assertThat(ParseResult.label(parse(frame))).isEqualTo(ParseResult.label(result));
        return result;
    }

    /** An ICMP port-unreachable from 10.0.0.9 quoting {@code quote}. */
    private static byte[] errorWithQuote(byte[] quote) {
        RefFrame f = new RefFrame();
        f.src = RefFrame.addr("10.0.0.9");
        f.protocol = IpProtocol.ICMP;
        f.icmpType = IcmpHeader.DEST_UNREACHABLE;
        f.icmpCode = IcmpHeader.CODE_PORT_UNREACHABLE;
        f.payload = quote;
        return f.encode();
    }

    @Test
    void aFirstFragmentDecodesWithItsPortsAndIsMarked() {
        RefFrame f = tcpV4();
        f.fragmentWord = 0x2000; // MF, offset 0
        assertThat(parse(f.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.isFragment()).isTrue();
        assertThat(p.moreFragments()).isTrue();
        assertThat(p.fragmentOffset()).isZero();
        assertThat(p.dstPort()).isEqualTo(443);

        RefFrame later = tcpV4();
        later.fragmentWord = 0x0000 | 3; // last fragment at byte 24
        assertThat(parse(later.encode())).isEqualTo(ParseResult.IP_FRAGMENT);
        assertThat(p.isFragment()).isTrue();
        assertThat(p.fragmentOffset()).isEqualTo(24);
        assertThat(p.hasPorts()).isFalse();
        assertThat(p.dstV4()).isEqualTo(0xC6120064);
    }

    @Test
    void ipv6FragmentHeaders() {
        RefFrame atomic = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        byte[] body = new byte[7];
        Bytes.put32(body, 3, 0xCAFEBABE);
        atomic.v6Extensions.add(new Object[] {44, body});
        assertThat(parse(atomic.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.isFragment()).as("RFC 6946 atomic fragment").isFalse();
        assertThat(p.fragmentId()).isEqualTo(0xCAFEBABE);
        assertThat(p.dstPort()).isEqualTo(80);

        RefFrame first = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        byte[] firstBody = new byte[7];
        firstBody[2] = 1; // M
        first.v6Extensions.add(new Object[] {44, firstBody});
        assertThat(parse(first.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.isFragment()).isTrue();
        assertThat(p.moreFragments()).isTrue();

        RefFrame later = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        byte[] laterBody = new byte[7];
        Bytes.put16(laterBody, 1, 1448); // offset 1448 (181 units << 3), M clear
        later.v6Extensions.add(new Object[] {44, laterBody});
        assertThat(parse(later.encode())).isEqualTo(ParseResult.IP_FRAGMENT);
        assertThat(p.fragmentOffset()).isEqualTo(1448);
        assertThat(p.protocol()).isEqualTo(IpProtocol.TCP);
    }

    @Test
    void ipv6ChainsThatAreCutOffOrTooLongAreDropped() {
        RefFrame many = new RefFrame().v6("::1", "::2");
        for (int i = 0; i < Ipv6Header.MAX_EXTENSION_HEADERS + 1; i++) {
            many.v6Extensions.add(new Object[] {60, new byte[7]});
        }
        assertThat(parse(many.encode())).isEqualTo(ParseResult.BAD_IPV6_EXT_HEADER);

        RefFrame overrun = new RefFrame().v6("::1", "::2");
        overrun.protocol = IpProtocol.IPV6_NONXT;
        overrun.v6Extensions.add(new Object[] {43, withLength(new byte[7], 5)}); // claims 48 bytes, has 8
        assertThat(parse(overrun.encode())).isEqualTo(ParseResult.BAD_IPV6_EXT_HEADER);

        RefFrame noNext = new RefFrame().v6("::1", "::2");
        noNext.protocol = IpProtocol.IPV6_NONXT;
        noNext.v6Extensions.add(new Object[] {60, new byte[7]});
        assertThat(parse(noNext.encode())).isEqualTo(ParseResult.OK);
        assertThat(p.protocol()).isEqualTo(IpProtocol.IPV6_NONXT);
        assertThat(p.l4Length()).isZero();

        byte[] jumbo = new RefFrame().v6("::1", "::2").encode();
        Bytes.put16(jumbo, 14 + 4, 0);
        assertThat(parse(jumbo)).isEqualTo(ParseResult.BAD_IP_TOTAL_LENGTH);
    }

    @Test
    void decodesTheFlowQuotedInIcmpErrors() {
        byte[] original = tcpV4().encode();
        byte[] frame = errorWithQuote(Bytes.slice(original, 14, 14 + 28)); // IP header + 8 bytes
        ParsedPacket outer = new ParsedPacket();
        assertThat(PacketParser.parse(Bytes.heap(frame), 0, frame.length, outer))
                .isEqualTo(ParseResult.OK);
        assertThat(outer.icmpType()).isEqualTo(IcmpHeader.DEST_UNREACHABLE);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.OK);
        assertThat(p.isQuoted()).isTrue();
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.srcV4()).isEqualTo(0xC6120001);
        assertThat(p.dstV4()).isEqualTo(0xC6120064);
        assertThat(p.protocol()).isEqualTo(IpProtocol.TCP);
        assertThat(p.srcPort()).isEqualTo(51000);
        assertThat(p.dstPort()).isEqualTo(443);
        assertThat(p.seq()).isEqualTo(0xDEADBEEF);
        assertThat(p.l4Length()).isEqualTo(8);
        assertThat(p.ipTotalLength()).as("as the quoted header says").isEqualTo(original.length - 14);
        assertThat(p.l3Offset()).isEqualTo(outer.l4Offset() + 8);

        RefFrame v6 = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        v6.protocol = IpProtocol.UDP;
        v6.payload = new byte[100];
        byte[] inner = v6.encode();
        RefFrame ptb = new RefFrame().v6("2001:db8::ff", "2001:db8::1");
        ptb.protocol = IpProtocol.ICMPV6;
        ptb.icmpType = Icmpv6Header.PACKET_TOO_BIG;
        ptb.icmpRest = 1280;
        ptb.payload = Bytes.slice(inner, 14, 14 + 48);
        byte[] ptbFrame = ptb.encode();
        assertThat(PacketParser.parse(Bytes.heap(ptbFrame), 0, ptbFrame.length, outer))
                .isEqualTo(ParseResult.OK);
        assertThat(outer.icmpv6().mtu()).isEqualTo(1280);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.OK);
        assertThat(p.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(p.srcPort()).isEqualTo(40000);
        assertThat(p.dstHi()).isEqualTo(InetAddr.parse("2001:db8::2")[0]);

        byte[] tooShort = errorWithQuote(Bytes.slice(original, 14, 14 + 24));
        PacketParser.parse(Bytes.heap(tooShort), 0, tooShort.length, outer);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.TRUNCATED_ICMP_QUOTE);

        byte[] notIp = errorWithQuote(new byte[28]);
        PacketParser.parse(Bytes.heap(notIp), 0, notIp.length, outer);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.BAD_ICMP_QUOTE);

        byte[] fragmentQuote = Bytes.slice(original, 14, 14 + 28);
        Bytes.put16(fragmentQuote, 6, 100);
        byte[] aboutFragment = errorWithQuote(fragmentQuote);
        PacketParser.parse(Bytes.heap(aboutFragment), 0, aboutFragment.length, outer);
        assertThat(PacketParser.parseQuoted(outer, p)).isEqualTo(ParseResult.IP_FRAGMENT);

        assertThat(PacketParser.parseQuoted(p, new ParsedPacket()))
                .as("a quote is not an ICMP error itself")
                .isEqualTo(ParseResult.BAD_ICMP_QUOTE);
    }

    @Test
    void resultLabelsAreStableAndListed() {
        assertThat(ParseResult.labels()).hasSize(ParseResult.COUNT).doesNotHaveDuplicates();
        assertThat(ParseResult.label(ParseResult.OK)).isEqualTo("ok");
        assertThat(ParseResult.label(ParseResult.TRUNCATED_IP)).isEqualTo("truncated_ip");
        assertThat(ParseResult.label(ParseResult.IP_FRAGMENT)).isEqualTo("ip_fragment");
        assertThat(ParseResult.label(ParseResult.BAD_TCP_OPTION)).isEqualTo("bad_tcp_option");
        assertThat(ParseResult.label(-1)).isEqualTo("unknown");
        assertThat(ParseResult.label(ParseResult.COUNT)).isEqualTo("unknown");
        for (int i = 0; i < ParseResult.COUNT; i++) {
            String label = ParseResult.label(i);
            assertThat(label).matches("[a-z0-9_]+");
            assertThat(ParseResult.ofLabel(label)).isEqualTo(i);
        }
        assertThat(ParseResult.ofLabel("nope")).isEqualTo(-1);
    }
}
