package io.jlvs.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private final ParsedPacket p = new ParsedPacket();

    private byte[] parsed(RefFrame f) {
        byte[] bytes = f.encode();
        assertThat(PacketParser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, p))
                .isEqualTo(ParseResult.OK);
        return bytes;
    }

    @Provide
    Arbitrary<RefFrame> frames() {
        return RandomFrames.frames();
    }

    @Property(tries = 500)
    void validFramesVerifyAndCorruptedOnesAreRefilled(@ForAll("frames") RefFrame f) {
        byte[] bytes = parsed(f);
        assertThat(Checksums.verifyL4(p)).isTrue();
        assertThat(Checksums.verifyIpv4Header(p.segment(), p.l3Offset())).isEqualTo(p.isIpv4());
        if (f.protocol == IpProtocol.UDP && f.udpNoChecksum) {
            return;
        }
        int stored = RefDecoder.decode(bytes).storedL4Checksum;
        assertThat(Checksums.computeL4(p)).isEqualTo(stored);
        // Flip one bit of the L4 header (a port, or the ICMP code) or of the payload, leaving the
        // length fields alone: the checksum must catch it, and a refill must repair it.
        int at = p.payloadLength() > 0 ? (int) p.payloadOffset() + p.payloadLength() / 2 : (int) p.l4Offset() + 1;
        bytes[at] ^= 0x10;
        assertThat(Checksums.verifyL4(p)).isFalse();
        assertThat(Checksums.fillL4(p)).isTrue();
        assertThat(Checksums.verifyL4(p)).isTrue();
        RefDecoder.Decoded d = RefDecoder.decode(bytes);
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);
    }

    @Test
    void udpZeroChecksumRules() {
        RefFrame v4 = new RefFrame();
        v4.protocol = IpProtocol.UDP;
        v4.udpNoChecksum = true;
        parsed(v4);
        assertThat(Checksums.verifyL4(p)).as("IPv4: none sent").isTrue();
        assertThat(Checksums.computeL4(p)).isNotZero();

        RefFrame v6 = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        v6.protocol = IpProtocol.UDP;
        byte[] bytes = parsed(v6);
        assertThat(Checksums.verifyL4(p)).isTrue();
        Bytes.put16(bytes, (int) p.l4Offset() + 6, 0);
        assertThat(Checksums.verifyL4(p)).as("IPv6: zero is invalid").isFalse();
        assertThat(Checksums.fillL4(p)).isTrue();
        assertThat(Checksums.verifyL4(p)).isTrue();
    }

    @Test
    void aUdpChecksumThatComputesToZeroIsWrittenAsAllOnes() {
        // Search for a payload whose checksum computes to 0: one in 65535, found by varying two bytes.
        RefFrame f = new RefFrame();
        f.protocol = IpProtocol.UDP;
        f.payload = new byte[2];
        for (int v = 0; v <= 0xFFFF; v++) {
            Bytes.put16(f.payload, 0, v);
            byte[] bytes = parsed(f);
            int check = Checksums.computeL4(p);
            if (RefDecoder.decode(bytes).expectedL4Checksum == 0xFFFF) {
                assertThat(check).isEqualTo(0xFFFF);
                assertThat(Checksums.verifyL4(p)).isTrue();
                return;
            }
        }
        throw new AssertionError("no zero checksum found");
    }

    @Test
    void notApplicableToFragmentsQuotesAndUnknownProtocols() {
        RefFrame first = new RefFrame();
        first.fragmentWord = 0x2000;
        parsed(first);
        assertThat(p.isFragment()).isTrue();
        assertThat(Checksums.verifyL4(p)).isFalse();
        assertThat(Checksums.computeL4(p)).isEqualTo(-1);
        assertThat(Checksums.fillL4(p)).isFalse();

        RefFrame gre = new RefFrame();
        gre.protocol = 47;
        gre.payload = new byte[8];
        parsed(gre);
        assertThat(Checksums.verifyL4(p)).isFalse();
        assertThat(Checksums.fillL4(p)).isFalse();

        RefFrame error = new RefFrame();
        error.protocol = IpProtocol.ICMP;
        error.icmpType = 3;
        error.payload = Bytes.slice(new RefFrame().encode(), 14, 14 + 28);
        parsed(error);
        assertThat(Checksums.verifyL4(p)).isTrue();
        ParsedPacket inner = new ParsedPacket();
        assertThat(PacketParser.parseQuoted(p, inner)).isEqualTo(ParseResult.OK);
        assertThat(Checksums.verifyL4(inner)).isFalse();
        assertThat(Checksums.computeL4(inner)).isEqualTo(-1);
    }

    @Test
    void ipv4HeaderVerifyAndFillNeverThrow() {
        byte[] bytes = new RefFrame().encode();
        MemorySegment s = MemorySegment.ofArray(bytes);
        assertThat(Checksums.verifyIpv4Header(s, 14)).isTrue();
        bytes[14 + 8]--; // TTL
        assertThat(Checksums.verifyIpv4Header(s, 14)).isFalse();
        assertThat(Checksums.fillIpv4Header(s, 14)).isTrue();
        assertThat(Checksums.verifyIpv4Header(s, 14)).isTrue();
        RefDecoder.Decoded d = RefDecoder.decode(bytes);
        assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);

        assertThat(Checksums.verifyIpv4Header(s, bytes.length - 19)).isFalse();
        assertThat(Checksums.verifyIpv4Header(s, -1)).isFalse();
        assertThat(Checksums.fillIpv4Header(s, 0)).as("not an IPv4 header").isFalse();
        bytes[14] = 0x4F; // IHL 15: 60 bytes, beyond this frame's end from offset 14? (54 + 14 > 54)
        assertThat(Checksums.verifyIpv4Header(s, 14)).isFalse();
        bytes[14] = 0x44;
        assertThat(Checksums.verifyIpv4Header(s, 14)).isFalse();
    }
}
