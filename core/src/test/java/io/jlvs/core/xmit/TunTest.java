package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** IPIP: the output decodes to the expected outer header around the inner datagram, byte for byte. */
class TunTest {
    private static final long DIRECTOR_MAC = 0x02_00_00_00_00_AAL;
    private static final long REAL_MAC = 0x02_00_00_00_00_BBL;
    private static final int OFF = 6;
    private static final int CAP = 4096;

    private final FrameWriter w = new FrameWriter();

    @Provide
    Arbitrary<RefFrame> frames() {
        return RandomFrames.frames();
    }

    /** Encapsulates into a native segment at an odd-ish offset; returns the frame bytes or throws on a code. */
    private byte[] encap(byte[] frame, long[] src, long[] dst, int mtu, Integer id) {
        ParsedPacket p = Fixtures.parse(frame);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(OFF + CAP);
            int len = id == null
                    ? Tun.encap(p, out, OFF, CAP, DIRECTOR_MAC, REAL_MAC, src[0], src[1], dst[0], dst[1], mtu, w)
                    : Tun.encap(p, out, OFF, CAP, DIRECTOR_MAC, REAL_MAC, src[0], src[1], dst[0], dst[1], mtu, id, w);
            assertThat(len).as("encap result").isPositive();
            return Bytes.read(out, OFF, len);
        }
    }

    @Property(tries = 400)
    void outerHeaderAroundTheIdenticalInnerDatagram(
            @ForAll("frames") RefFrame inner, @ForAll boolean outerV6, @ForAll long seed) {
        Random r = new Random(seed);
        inner.trailingPadding = r.nextInt(3) == 0 ? r.nextInt(20) : 0; // Ethernet padding is not tunnelled
        byte[] frame = inner.encode();
        byte[] datagram = Bytes.slice(frame, RefDecoder.decode(frame).l3Offset, frame.length - inner.trailingPadding);
        long[] src = Fixtures.randomAddr(r, outerV6);
        long[] dst = Fixtures.randomAddr(r, outerV6);
        int id = r.nextInt(0x10000);
        boolean innerDf = inner.ipVersion == 6 || (inner.fragmentWord & 0x4000) != 0;

        byte[] out = encap(frame, src, dst, 9000, r.nextBoolean() ? id : null);

        RefDecoder.Decoded d = RefDecoder.decode(out);
        assertThat(d.dstMac).isEqualTo(REAL_MAC);
        assertThat(d.srcMac).isEqualTo(DIRECTOR_MAC);
        assertThat(d.vlans).isEmpty();
        assertThat(d.src).isEqualTo(Fixtures.bytes(src));
        assertThat(d.dst).isEqualTo(Fixtures.bytes(dst));
        assertThat(d.protocol).isEqualTo(inner.ipVersion == 4 ? 4 : 41);
        assertThat(d.ttl).isEqualTo(64);
        assertThat(d.tos).as("DS field and ECN copied").isEqualTo(inner.tos);
        assertThat(d.payload).as("inner datagram, untouched").isEqualTo(datagram);
        assertThat(out.length).isEqualTo(14 + (outerV6 ? 40 : 20) + datagram.length);
        if (!outerV6) {
            assertThat(d.etherType).isEqualTo(0x0800);
            assertThat(d.ipHeaderLength).isEqualTo(20);
            assertThat(d.ipTotalLength).isEqualTo(20 + datagram.length);
            assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);
            assertThat(d.fragmentWord).as("DF copied, never fragmented").isEqualTo(innerDf ? 0x4000 : 0);
            if (innerDf) {
                assertThat(d.ipId).isZero();
            }
        } else {
            assertThat(d.etherType).isEqualTo(0x86DD);
            assertThat(d.ipTotalLength).isEqualTo(40 + datagram.length);
            assertThat(Bytes.u32(out, 14) & 0xF_FFFF).as("flow label").isNotZero();
        }
        // The tunnelled datagram still carries valid checksums (it is the client's own).
        byte[] innerFrame = Bytes.concat(
                Bytes.mac(1),
                Bytes.mac(2),
                new byte[] {(byte) (inner.ipVersion == 4 ? 0x08 : 0x86), (byte) (inner.ipVersion == 4 ? 0x00 : 0xDD)},
                d.payload);
        Fixtures.assertChecksums(innerFrame);
        ParsedPacket back = new ParsedPacket();
        assertThat(PacketParser.parse(MemorySegment.ofArray(out), 0, out.length, back))
                .isEqualTo(ParseResult.OK);
    }

    @Test
    void ipv4IdentificationFollowsTheRules() {
        long[] src = Fixtures.addr("10.0.0.1");
        long[] dst = Fixtures.addr("10.0.0.9");
        RefFrame f = Fixtures.frame(Fixtures.addr("192.0.2.1"), 1, Fixtures.addr("198.51.100.1"), 80, 6);
        f.ipId = 0x4321;
        f.fragmentWord = 0; // no DF: the outer needs an identification
        byte[] frame = f.encode();
        assertThat(RefDecoder.decode(encap(frame, src, dst, 1500, null)).ipId)
                .as("inner's own")
                .isEqualTo(0x4321);
        assertThat(RefDecoder.decode(encap(frame, src, dst, 1500, 77)).ipId)
                .as("the caller's counter")
                .isEqualTo(77);
        f.fragmentWord = 0x4000;
        frame = f.encode();
        assertThat(RefDecoder.decode(encap(frame, src, dst, 1500, 77)).ipId)
                .as("DF: atomic, id 0")
                .isZero();
    }

    @Test
    void flowLabelIsStablePerFlowAndSpreadsFlows() {
        long[] src = Fixtures.addr("2001:db8::1");
        long[] dst = Fixtures.addr("2001:db8::9");
        RefFrame f = Fixtures.frame(Fixtures.addr("192.0.2.1"), 40000, Fixtures.addr("198.51.100.1"), 80, 6);
        int a = Bytes.u32(encap(f.encode(), src, dst, 1500, null), 14) & 0xF_FFFF;
        f.payload = new byte[] {1, 2, 3};
        f.seq = 99;
        int same = Bytes.u32(encap(f.encode(), src, dst, 1500, null), 14) & 0xF_FFFF;
        f.srcPort = 40001;
        int other = Bytes.u32(encap(f.encode(), src, dst, 1500, null), 14) & 0xF_FFFF;
        assertThat(same).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void tooBigCases() {
        long[] src4 = Fixtures.addr("10.0.0.1");
        long[] dst4 = Fixtures.addr("10.0.0.9");
        long[] src6 = Fixtures.addr("2001:db8::1");
        long[] dst6 = Fixtures.addr("2001:db8::9");
        RefFrame f = Fixtures.frame(Fixtures.addr("192.0.2.1"), 1, Fixtures.addr("198.51.100.1"), 80, 6);
        f.payload = new byte[1460]; // a full 1500-byte datagram
        MemorySegment out = MemorySegment.ofArray(new byte[CAP]);

        byte[] frame = f.encode();
        ParsedPacket p = Fixtures.parse(frame);
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src4[0], src4[1], dst4[0], dst4[1], 1500, w))
                .isEqualTo(Tun.TOO_BIG_DF);
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src6[0], src6[1], dst6[0], dst6[1], 1539, w))
                .isEqualTo(Tun.TOO_BIG_DF);
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src4[0], src4[1], dst4[0], dst4[1], 1520, w))
                .as("exactly fits")
                .isEqualTo(14 + 1520);
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src6[0], src6[1], dst6[0], dst6[1], 1540, w))
                .isEqualTo(14 + 1540);
        assertThat(Tun.innerMtu(1500, false)).isEqualTo(1480);
        assertThat(Tun.innerMtu(1500, true)).isEqualTo(1460);

        f.fragmentWord = 0;
        p = Fixtures.parse(f.encode());
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src4[0], src4[1], dst4[0], dst4[1], 1500, w))
                .as("no DF")
                .isEqualTo(Tun.TOO_BIG);

        RefFrame six = Fixtures.frame(Fixtures.addr("2001:db8:c::1"), 1, Fixtures.addr("2001:db8:f::1"), 80, 17);
        six.payload = new byte[1452];
        p = Fixtures.parse(six.encode());
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src4[0], src4[1], dst4[0], dst4[1], 1500, w))
                .as("IPv6 is never fragmented")
                .isEqualTo(Tun.TOO_BIG_DF);

        p = Fixtures.parse(frame);
        assertThat(Tun.encap(p, out, 0, 1000, 1, 2, src4[0], src4[1], dst4[0], dst4[1], 9000, w))
                .isEqualTo(Tun.OVERFLOW);
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src4[0], src4[1], dst6[0], dst6[1], 9000, w))
                .as("mixed outer families")
                .isEqualTo(Tun.NOT_APPLICABLE);
        RefFrame arp = new RefFrame();
        arp.ipVersion = 0;
        p = Fixtures.parse(arp.encode());
        assertThat(Tun.encap(p, out, 0, CAP, 1, 2, src4[0], src4[1], dst4[0], dst4[1], 9000, w))
                .isEqualTo(Tun.NOT_APPLICABLE);
    }

    @Test
    void aNonFirstFragmentIsTunnelledAsIs() {
        RefFrame f = Fixtures.frame(Fixtures.addr("192.0.2.1"), 1, Fixtures.addr("198.51.100.1"), 80, 99);
        f.fragmentWord = 185; // offset 1480, MF clear
        f.payload = new byte[] {9, 8, 7, 6};
        byte[] frame = f.encode();
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, p))
                .isEqualTo(ParseResult.IP_FRAGMENT);
        MemorySegment out = MemorySegment.ofArray(new byte[CAP]);
        long[] src = Fixtures.addr("10.0.0.1");
        long[] dst = Fixtures.addr("10.0.0.9");
        int len = Tun.encap(p, out, 0, CAP, 1, 2, src[0], src[1], dst[0], dst[1], 1500, 5, w);
        RefDecoder.Decoded d = RefDecoder.decode(Bytes.read(out, 0, len));
        assertThat(d.payload).isEqualTo(Fixtures.datagram(frame));
        assertThat(d.ipId).isEqualTo(5);
    }

    // ---- fragmentation needed / packet too big ----

    private byte[] fragNeeded(byte[] frame, long[] from, int mtu) {
        ParsedPacket p = Fixtures.parse(frame);
        MemorySegment out = MemorySegment.ofArray(new byte[CAP]);
        int len = Tun.fragNeeded(p, out, 0, CAP, DIRECTOR_MAC, 0x02_00_00_00_00_CCL, from[0], from[1], mtu, w);
        assertThat(len).isPositive();
        return Bytes.read(out, 0, len);
    }

    @Test
    void fragNeededQuotesAsMuchAsRfc1812Allows() {
        long[] client = Fixtures.addr("192.0.2.1");
        long[] vip = Fixtures.addr("198.51.100.1");
        for (int payload : new int[] {0, 100, 1460}) {
            RefFrame f = Fixtures.frame(client, 40000, vip, 80, 6);
            f.payload = RandomFrames.bytes(new Random(payload), payload);
            f.trailingPadding = payload == 0 ? 6 : 0;
            byte[] frame = f.encode();
            byte[] datagram = Fixtures.datagram(frame);
            byte[] icmp = fragNeeded(frame, vip, 1480);
            RefDecoder.Decoded d = Fixtures.assertChecksums(icmp);
            assertThat(d.dstMac).isEqualTo(0x02_00_00_00_00_CCL);
            assertThat(d.srcMac).isEqualTo(DIRECTOR_MAC);
            assertThat(d.src).isEqualTo(Fixtures.bytes(vip));
            assertThat(d.dst).isEqualTo(Fixtures.bytes(client));
            assertThat(d.protocol).isEqualTo(1);
            assertThat(d.icmpType).isEqualTo(3);
            assertThat(d.icmpCode).isEqualTo(4);
            assertThat(d.icmpRest).as("RFC 1191: unused 16 bits, next-hop MTU").isEqualTo(1480);
            int quoted = Math.min(datagram.length, 576 - 28);
            assertThat(d.payload).isEqualTo(Bytes.slice(datagram, 0, quoted));
            assertThat(d.ipTotalLength).isLessThanOrEqualTo(576);
            // And the parser takes it back as an error quoting the client's flow.
            ParsedPacket outer = Fixtures.parse(icmp);
            ParsedPacket inner = new ParsedPacket();
            assertThat(PacketParser.parseQuoted(outer, inner)).isEqualTo(ParseResult.OK);
            assertThat(inner.srcPort()).isEqualTo(40000);
        }
    }

    @Test
    void packetTooBigForIpv6() {
        long[] client = Fixtures.addr("2001:db8:c::1");
        long[] vip = Fixtures.addr("2001:db8:f::1");
        RefFrame f = Fixtures.frame(client, 40000, vip, 443, 6);
        f.payload = new byte[1400];
        f.v6Extensions.add(new Object[] {60, new byte[7]});
        byte[] frame = f.encode();
        byte[] icmp = fragNeeded(frame, vip, 1460);
        RefDecoder.Decoded d = Fixtures.assertChecksums(icmp);
        assertThat(d.protocol).isEqualTo(58);
        assertThat(d.icmpType).isEqualTo(2);
        assertThat(d.icmpCode).isZero();
        assertThat(d.icmpRest).isEqualTo(1460);
        assertThat(d.src).isEqualTo(Fixtures.bytes(vip));
        assertThat(d.dst).isEqualTo(Fixtures.bytes(client));
        assertThat(d.ipTotalLength).as("RFC 4443 §2.4(c)").isEqualTo(1280);
        assertThat(d.payload).isEqualTo(Bytes.slice(Fixtures.datagram(frame), 0, 1280 - 48));
    }

    @Test
    void fragNeededRefusals() {
        long[] vip = Fixtures.addr("198.51.100.1");
        long[] vip6 = Fixtures.addr("2001:db8::1");
        MemorySegment out = MemorySegment.ofArray(new byte[CAP]);
        RefFrame error = Fixtures.frame(Fixtures.addr("192.0.2.1"), 0, vip, 0, 1);
        error.icmpType = 3;
        error.payload = new byte[28];
        RefFrame multicast = Fixtures.frame(Fixtures.addr("224.0.0.5"), 1, vip, 2, 17);
        RefFrame v6Multicast = Fixtures.frame(Fixtures.addr("ff02::1"), 1, vip6, 2, 17);
        RefFrame v6Error = Fixtures.frame(Fixtures.addr("2001:db8::5"), 0, vip6, 0, 58);
        v6Error.icmpType = 1;
        RefFrame ok = Fixtures.frame(Fixtures.addr("192.0.2.1"), 1, vip, 2, 17);
        for (RefFrame f : new RefFrame[] {error, multicast, v6Multicast, v6Error}) {
            byte[] frame = f.encode();
            long[] from = f.ipVersion == 4 ? vip : vip6;
            assertThat(Tun.fragNeeded(Fixtures.parse(frame), out, 0, CAP, 1, 2, from[0], from[1], 1400, w))
                    .isEqualTo(Tun.NOT_APPLICABLE);
        }
        ParsedPacket p = Fixtures.parse(ok.encode());
        assertThat(Tun.fragNeeded(p, out, 0, CAP, 1, 2, vip6[0], vip6[1], 1400, w))
                .isEqualTo(Tun.NOT_APPLICABLE);
        assertThat(Tun.fragNeeded(p, out, 0, 40, 1, 2, vip[0], vip[1], 1400, w)).isEqualTo(Tun.OVERFLOW);
    }
}
