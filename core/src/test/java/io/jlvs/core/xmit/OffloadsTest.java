package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.Offload;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The offload state of a rewritten frame: partial checksums and gso_size at egress. */
class OffloadsTest {
    final MemorySegment seg = Arena.ofAuto().allocate(70_000);
    final ParsedPacket p = new ParsedPacket();

    /** A TCP frame with {@code payload} bytes and a partial (pseudo-header) checksum. */
    void partialTcp(String src, String dst, int payload, long offload) {
        long[] s = InetAddr.parse(src);
        long[] d = InetAddr.parse(dst);
        int n = new FrameWriter()
                .begin(seg, 0, (int) seg.byteSize())
                .ethernet(1, 2)
                .ip(s[0], s[1], d[0], d[1])
                .tcp(40000, 80, 1, 1, 0x18, 65535)
                .payload(MemorySegment.ofArray(new byte[payload]), 0, payload)
                .finish();
        p.offload(offload);
        assertThat(PacketParser.parse(seg, 0, n, p)).isEqualTo(ParseResult.OK);
        Wire.putU16(seg, p.l4Offset() + 16, InternetChecksum.fold(Checksums.pseudoHeader(p)));
    }

    int check() {
        return Wire.u16(seg, p.l4Offset() + 16);
    }

    @Test
    void onlyThePseudoHeaderMovesAPartialChecksum() {
        partialTcp("192.0.2.1", "198.51.100.1", 100, Offload.of(Offload.NEEDS_CSUM, 0, 0, 34, 16));
        long[] r = InetAddr.parse("10.0.0.7");
        // The rewrites update the field as if it were full, ports and sequence numbers included ...
        PacketRewriter.dstAddress(p, r[0], r[1]);
        PacketRewriter.dstPort(p, 8080);
        PacketRewriter.seq(p, 12345);
        long out = Offloads.egress(p, 0, 1500);
        // ... and egress leaves the sum of the new pseudo-header: addresses and length, no ports.
        assertThat(check()).isEqualTo(InternetChecksum.fold(Checksums.pseudoHeader(p)));
        assertThat(Offload.needsChecksum(out)).isTrue();
        assertThat(Offload.isSuper(out)).isFalse();
        assertThat(Offload.csumStart(out)).isEqualTo(34);
        assertThat(Offload.csumOffset(out)).isEqualTo(16);
    }

    @Test
    void aSuperFramesSegmentsAreMadeToFitTheEgressMtu() {
        long in = Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV4 | Offload.GSO_ECN, 1460, 34, 16);
        partialTcp("192.0.2.1", "198.51.100.1", 30_000, in);
        assertThat(Offload.gsoSize(Offloads.egress(p, 0, 1500))).isEqualTo(1460); // 20 + 20 + 1460 fits
        long out = Offloads.egress(p, 0, 1400);
        assertThat(Offload.gsoSize(out)).isEqualTo(1360);
        assertThat(Offload.gsoType(out)).isEqualTo(Offload.GSO_TCPV4 | Offload.GSO_ECN);
        assertThat(Offloads.egress(p, 0, 40)).isEqualTo(Offloads.UNSENDABLE);
    }

    @Test
    void csumStartFollowsTheEthernetHeaderTheWorkerWrites() {
        partialTcp(
                "2001:db8::1", "2001:db8::2", 20_000, Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV6, 1440, 54, 16));
        long out = Offloads.egress(p, 4, 1500); // e.g. a VLAN tag dropped on the way: Ethernet 4 bytes later
        assertThat(Offload.csumStart(out)).isEqualTo(54 - 4);
        assertThat(Offload.gsoType(out)).isEqualTo(Offload.GSO_TCPV6);
    }

    @Test
    void aFrameWithoutAPartialChecksumGoesWithout() {
        partialTcp("192.0.2.1", "198.51.100.1", 10, Offload.of(Offload.DATA_VALID, 0, 0, 0, 0));
        assertThat(Offloads.egress(p, 0, 1500)).isEqualTo(Offload.NONE);
    }

    @Test
    void finishingAPartialChecksumMakesItWhole() {
        partialTcp("192.0.2.1", "198.51.100.1", 333, Offload.of(Offload.NEEDS_CSUM, 0, 0, 34, 16));
        assertThat(Checksums.verifyL4(p)).isFalse();
        assertThat(Offloads.finish(p)).isTrue();
        assertThat(Checksums.verifyL4(p)).isTrue();
        assertThat(p.offload()).isEqualTo(Offload.NONE);

        partialTcp("192.0.2.1", "198.51.100.1", 3000, Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV4, 1448, 34, 16));
        assertThat(Offloads.finish(p)).as("a super-frame has to be cut instead").isFalse();
    }

    @Test
    void theVirtioHeaderRoundTrips() {
        long o = Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV6, 1440, 54, 16);
        MemorySegment h = Arena.ofAuto().allocate(Offload.HEADER_BYTES);
        Offload.write(h, 0, o);
        assertThat(Offload.read(h, 0)).isEqualTo(o);
        assertThat(h.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 2))
                .as("hdr_len")
                .isEqualTo((byte) (54 + 16 + 2));
    }
}
