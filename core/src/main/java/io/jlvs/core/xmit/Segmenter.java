package io.jlvs.core.xmit;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Offload;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Software GSO: cuts a TCP super-frame into the wire-sized segments the kernel would have made
 * ({@code tcp_gso_segment}), for the ways a super-frame cannot go whole: inside an IPIP tunnel,
 * whose GSO type a virtio_net_hdr cannot name. Segment {@code i} carries payload bytes {@code
 * [i × gso_size, (i + 1) × gso_size)} under a copy of the headers with the sequence number
 * advanced, the IP length (and IPv4 identification, + i) set, FIN and PSH on the last segment only
 * and CWR on the first only, and every checksum complete.
 *
 * <p>One instance per worker: it owns the buffer a segment is built in and the {@link ParsedPacket}
 * that describes it; each {@link #segment} call overwrites both. No allocation per packet.
 */
public final class Segmenter {
    /** Room for one segment: headers (at most 14 + 4 + 4 + 40 + extension headers + 60) and a jumbo MSS. */
    private static final int BUFFER = 16 * 1024;

    private final MemorySegment buffer = Arena.ofAuto().allocate(BUFFER, 64);
    private final ParsedPacket segment = new ParsedPacket();

    /** How many segments super-frame {@code p} makes; 0 when it is not a TCP super-frame this can cut. */
    public int count(ParsedPacket p) {
        int mss = Offload.gsoSize(p.offload());
        if (!p.isSuperFrame()
                || p.protocol() != IpProtocol.TCP
                || p.isFragment()
                || p.tcpHeaderLength() < TcpHeader.MIN_LENGTH
                || mss < 1
                || p.payloadOffset() - p.frameOffset() + mss > BUFFER) {
            return 0;
        }
        return (p.payloadLength() + mss - 1) / mss;
    }

    /**
     * Builds segment {@code index} (0 .. {@link #count} − 1) of {@code p} and returns it parsed,
     * with no offload state; null (never expected) when the copy does not parse.
     */
    public ParsedPacket segment(ParsedPacket p, int index) {
        int mss = Offload.gsoSize(p.offload());
        MemorySegment src = p.segment();
        int headers = (int) (p.payloadOffset() - p.frameOffset());
        int from = index * mss;
        int chunk = Math.min(mss, p.payloadLength() - from);
        boolean last = from + chunk >= p.payloadLength();
        MemorySegment.copy(src, p.frameOffset(), buffer, 0, headers);
        MemorySegment.copy(src, p.payloadOffset() + from, buffer, headers, chunk);
        long l3 = p.l3Offset() - p.frameOffset();
        long l4 = p.l4Offset() - p.frameOffset();
        int ipLength = (int) (p.payloadOffset() - p.l3Offset()) + chunk;
        if (p.isIpv4()) {
            Wire.putU16(buffer, l3 + 2, ipLength);
            Wire.putU16(buffer, l3 + 4, (Wire.u16(buffer, l3 + 4) + index) & 0xFFFF);
            Checksums.fillIpv4Header(buffer, l3);
        } else {
            Wire.putU16(buffer, l3 + 4, ipLength - 40);
        }
        Wire.putI32(buffer, l4 + 4, p.seq() + from);
        int flags = p.tcpFlags();
        if (!last) {
            flags &= ~(TcpHeader.FIN | TcpHeader.PSH);
        }
        if (index > 0) {
            flags &= ~TcpHeader.CWR;
        }
        Wire.putU8(buffer, l4 + 13, flags);
        segment.offload(Offload.NONE);
        if (PacketParser.parse(buffer, 0, headers + chunk, segment) != ParseResult.OK || !Checksums.fillL4(segment)) {
            return null;
        }
        return segment;
    }
}
