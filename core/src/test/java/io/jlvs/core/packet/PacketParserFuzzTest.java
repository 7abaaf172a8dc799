package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Garbage in, a drop reason out: no input may make the parser throw or read past the frame. */
class PacketParserFuzzTest {
    private final ParsedPacket p = new ParsedPacket();
    private final ParsedPacket inner = new ParsedPacket();

    /** Parses, then exercises everything a worker would do next; all must stay exception-free. */
    private int parseAll(MemorySegment s, long offset, int length) {
        int result = PacketParser.parse(s, offset, length, p);
        assertThat(result).isBetween(0, ParseResult.COUNT - 1);
        if (result == ParseResult.OK) {
            Checksums.verifyL4(p);
            Checksums.computeL4(p);
            int quoted = PacketParser.parseQuoted(p, inner);
            assertThat(quoted).isBetween(0, ParseResult.COUNT - 1);
            if (p.protocol() == IpProtocol.TCP && p.hasPorts()) {
                TcpOptions options = p.tcpOptions();
                for (int k = options.next(); k >= 0; k = options.next()) {
                    assertThat(options.optionOffset() + options.optionLength())
                            .isLessThanOrEqualTo(p.l4Offset() + p.tcpHeaderLength());
                }
            }
            if (p.protocol() == IpProtocol.ICMPV6 && p.icmpv6().hasTarget()) {
                p.icmpv6().linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR);
            }
        }
        return result;
    }

    /** Frames whose first bytes steer into each decoder, so random tails reach deep layers. */
    @Provide
    Arbitrary<byte[]> steered() {
        return Arbitraries.randomValue(r -> {
            byte[] b = RandomFrames.bytes(r, r.nextInt(160));
            if (b.length >= 14) {
                int[] types = {0x0800, 0x86DD, 0x0806, 0x8100, 0x88A8};
                Bytes.put16(b, 12, types[r.nextInt(types.length)]);
            }
            if (b.length >= 15 && r.nextBoolean()) {
                b[14] = (byte) (r.nextBoolean() ? 0x45 : 0x60);
            }
            if (b.length >= 24 && r.nextBoolean()) {
                b[23] = (byte) (r.nextBoolean() ? IpProtocol.TCP : IpProtocol.UDP);
            }
            return b;
        });
    }

    @Property(tries = 2000)
    void randomBytesNeverThrow(@ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(max = 7) int offset) {
        MemorySegment s = MemorySegment.ofArray(Bytes.concat(new byte[offset], bytes));
        parseAll(s, offset, bytes.length);
    }

    @Property(tries = 2000)
    void steeredBytesNeverThrow(@ForAll("steered") byte[] bytes) {
        parseAll(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    @Property(tries = 500)
    void validFramesParseAndEveryTruncationIsDropped(@ForAll("frames") RefFrame frame) {
        byte[] bytes = frame.encode();
        MemorySegment s = MemorySegment.ofArray(bytes);
        assertThat(parseAll(s, 0, bytes.length))
                .as(ParseResult.label(p.frameLength()))
                .isEqualTo(ParseResult.OK);
        for (int cut = 0; cut < bytes.length; cut++) {
            assertThat(parseAll(s, 0, cut)).as("cut at %d", cut).isNotEqualTo(ParseResult.OK);
        }
    }

    @Property(tries = 500)
    void mutatedFramesNeverThrow(
            @ForAll("frames") RefFrame frame, @ForAll @IntRange(max = Integer.MAX_VALUE) int seed) {
        byte[] bytes = frame.encode();
        Random r = new Random(seed);
        for (int i = 0; i < 8; i++) {
            byte[] m = bytes.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            }
            parseAll(MemorySegment.ofArray(m), 0, m.length);
        }
    }

    @Provide
    Arbitrary<RefFrame> frames() {
        return RandomFrames.frames();
    }
}
