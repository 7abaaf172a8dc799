package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The core property of DESIGN §7: after any sequence of in-place rewrites, every checksum the packet
 * carries equals a full recompute by the independent reference, bit for bit.
 */
class PacketRewriterTest {
    @Provide
    Arbitrary<RefFrame> frames() {
        return RandomFrames.frames();
    }

    @Property(tries = 1000)
    void incrementalRewritesEqualFullRecompute(
            @ForAll("frames") RefFrame frame, @ForAll @IntRange(max = Integer.MAX_VALUE) int seed) {
        byte[] bytes = frame.encode();
        MemorySegment s = MemorySegment.ofArray(bytes);
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(s, 0, bytes.length, p)).isEqualTo(ParseResult.OK);
        Random r = new Random(seed);
        boolean v4 = p.isIpv4();
        for (int step = 0, steps = 1 + r.nextInt(6); step < steps; step++) {
            long hi = v4 ? 0 : r.nextLong();
            long lo = v4 ? InetAddr.v4Lo(r.nextInt()) : r.nextLong();
            switch (r.nextInt(6)) {
                case 0 -> assertThat(PacketRewriter.srcAddress(p, hi, lo)).isTrue();
                case 1 -> assertThat(PacketRewriter.dstAddress(p, hi, lo)).isTrue();
                case 2 ->
                    assertThat(PacketRewriter.srcPort(p, r.nextInt(0x10000))).isEqualTo(p.hasPorts());
                case 3 ->
                    assertThat(PacketRewriter.dstPort(p, r.nextInt(0x10000))).isEqualTo(p.hasPorts());
                case 4 -> assertThat(PacketRewriter.seq(p, r.nextInt())).isEqualTo(p.protocol() == IpProtocol.TCP);
                default -> assertThat(PacketRewriter.ack(p, r.nextInt())).isEqualTo(p.protocol() == IpProtocol.TCP);
            }
        }

        RefDecoder.Decoded d = RefDecoder.decode(bytes);
        if (v4) {
            assertThat(d.storedIpChecksum).as("IPv4 header checksum").isEqualTo(d.expectedIpChecksum);
            assertThat(Bytes.u32(d.src, 0)).isEqualTo(p.srcV4());
            assertThat(Bytes.u32(d.dst, 0)).isEqualTo(p.dstV4());
        } else {
            assertThat(d.src).isEqualTo(Bytes.v6(p.srcHi(), p.srcLo()));
            assertThat(d.dst).isEqualTo(Bytes.v6(p.dstHi(), p.dstLo()));
        }
        if (frame.protocol == IpProtocol.UDP && frame.udpNoChecksum) {
            assertThat(d.storedL4Checksum).as("no UDP checksum stays none").isZero();
            assertThat(Checksums.verifyL4(p)).isTrue();
        } else {
            assertThat(d.storedL4Checksum).as("L4 checksum").isEqualTo(d.expectedL4Checksum);
            assertThat(Checksums.verifyL4(p)).isTrue();
            assertThat(Checksums.computeL4(p)).isEqualTo(d.storedL4Checksum);
        }
        if (p.hasPorts()) {
            assertThat(d.srcPort).isEqualTo(p.srcPort());
            assertThat(d.dstPort).isEqualTo(p.dstPort());
        }
        if (p.protocol() == IpProtocol.TCP) {
            assertThat(d.seq).isEqualTo(p.seq());
            assertThat(d.ack).isEqualTo(p.ack());
        }
        // The frame still parses to what the ParsedPacket says.
        ParsedPacket again = new ParsedPacket();
        assertThat(PacketParser.parse(s, 0, bytes.length, again)).isEqualTo(ParseResult.OK);
        assertThat(new long[] {again.srcHi(), again.srcLo(), again.dstHi(), again.dstLo()})
                .containsExactly(p.srcHi(), p.srcLo(), p.dstHi(), p.dstLo());
        assertThat(again.srcPort()).isEqualTo(p.srcPort());
        assertThat(again.seq()).isEqualTo(p.seq());
    }

    @Test
    void rewritesThatDoNotApplyChangeNothing() {
        RefFrame udp = new RefFrame();
        udp.protocol = IpProtocol.UDP;
        byte[] bytes = udp.encode();
        byte[] before = bytes.clone();
        ParsedPacket p = new ParsedPacket();
        PacketParser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, p);
        long[] v6 = InetAddr.parse("2001:db8::1");
        assertThat(PacketRewriter.srcAddress(p, v6[0], v6[1])).isFalse();
        assertThat(PacketRewriter.dstAddress(p, v6[0], v6[1])).isFalse();
        assertThat(PacketRewriter.seq(p, 1)).isFalse();
        assertThat(PacketRewriter.ack(p, 1)).isFalse();
        assertThat(bytes).isEqualTo(before);

        RefFrame icmp = new RefFrame();
        icmp.protocol = IpProtocol.ICMP;
        bytes = icmp.encode();
        PacketParser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, p);
        assertThat(PacketRewriter.srcPort(p, 1)).isFalse();
        assertThat(PacketRewriter.dstPort(p, 1)).isFalse();
        // An ICMP address rewrite fixes the IP header only: ICMPv4 has no pseudo-header.
        assertThat(PacketRewriter.dstAddress(p, 0, InetAddr.v4Lo(0x0A0000FE))).isTrue();
        RefDecoder.Decoded d = RefDecoder.decode(bytes);
        assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);

        RefFrame error = new RefFrame();
        error.protocol = IpProtocol.ICMP;
        error.icmpType = IcmpHeader.TIME_EXCEEDED;
        error.payload = Bytes.slice(new RefFrame().encode(), 14, 14 + 28);
        bytes = error.encode();
        PacketParser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, p);
        ParsedPacket inner = new ParsedPacket();
        assertThat(PacketParser.parseQuoted(p, inner)).isEqualTo(ParseResult.OK);
        before = bytes.clone();
        assertThat(PacketRewriter.srcAddress(inner, 0, InetAddr.v4Lo(1))).isFalse();
        assertThat(PacketRewriter.srcPort(inner, 1)).isFalse();
        assertThat(PacketRewriter.seq(inner, 1)).isFalse();
        assertThat(bytes).isEqualTo(before);
    }
}
