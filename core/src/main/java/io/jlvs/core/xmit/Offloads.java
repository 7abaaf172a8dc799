package io.jlvs.core.xmit;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Offload;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.Wire;

/**
 * Keeps a forwarded frame's {@link Offload} state true after jlvs rewrote it: partial checksums
 * (CHECKSUM_PARTIAL) and GSO super-frames, which arrive when the interfaces' offloads are on.
 *
 * <p><b>Partial checksums.</b> The TCP/UDP check field of such a frame holds the pseudo-header sum
 * only; the kernel (or a NIC) adds the header and payload when the frame leaves. So of everything a
 * transform changes, only the pseudo-header's fields may move the field: the addresses and the L4
 * length (the kernel's rule, {@code inet_proto_csum_replace4(..., pseudohdr)}); ports, sequence
 * numbers, options and payload must not. The transforms update checksums as if they were full
 * (RFC 1624); rather than teach each one the other rule, {@link #egress} writes the field afresh from
 * the final addresses and length, as the kernel's own {@code tcp_v4_send_check} does, once the
 * frame is complete. That also covers a frame that grew (TOA, PROXY header): its length is in it.
 * The IPv4 header checksum is always a full one and the transforms keep it so.
 *
 * <p><b>Super-frames.</b> A super-frame is forwarded as one packet and cut into segments of
 * gso_size payload bytes after it leaves jlvs, so a segment, not the frame, must fit the egress
 * MTU: {@link #egress} lowers gso_size where the headers grew (TOA) or the path is smaller. Where
 * the frame cannot keep its offload state (copied to a queue, put inside a tunnel), {@link #finish}
 * completes a partial checksum in software; a super-frame cannot go those ways whole (see the
 * worker: a tunnel cuts it into segments first).
 */
public final class Offloads {
    /** {@link #egress}: the frame cannot be sent as it is (no room for a segment under the MTU). */
    public static final long UNSENDABLE = -1;

    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;

    private Offloads() {}

    /**
     * The offload state to send {@code p} with, its Ethernet header at {@code eth}, out of an
     * interface of {@code mtu} (0: unknown): {@link Offload#NONE} for a frame that is complete as
     * it is, {@link #UNSENDABLE}, or a state with csum_start counted from {@code eth}. Writes the
     * pseudo-header sum into the check field of a partial frame.
     */
    public static long egress(ParsedPacket p, long eth, int mtu) {
        long in = p.offload();
        boolean partial = Offload.needsChecksum(in) || Offload.isSuper(in);
        if (!partial) {
            return Offload.NONE;
        }
        int field = checksumField(p);
        if (field < 0) {
            // Not a TCP/UDP header jlvs decoded: the region is where it was relative to the frame.
            long start = Offload.csumStart(in) + (p.frameOffset() - eth);
            return start < 0 || start > 0xFFFF
                    ? UNSENDABLE
                    : Offload.of(
                            Offload.NEEDS_CSUM,
                            Offload.gsoType(in),
                            Offload.gsoSize(in),
                            (int) start,
                            Offload.csumOffset(in));
        }
        Wire.putU16(p.segment(), p.l4Offset() + field, InternetChecksum.fold(Checksums.pseudoHeader(p)));
        int gsoType = Offload.GSO_NONE;
        int gsoSize = 0;
        if (Offload.isSuper(in)) {
            int headers = (int) (p.payloadOffset() - p.l3Offset());
            gsoSize = Offload.gsoSize(in);
            if (mtu > 0 && headers + gsoSize > mtu) {
                gsoSize = mtu - headers;
                if (gsoSize < 1) {
                    return UNSENDABLE;
                }
            }
            gsoType = p.protocol() == IpProtocol.UDP
                    ? Offload.gsoType(in)
                    : (p.isIpv4() ? Offload.GSO_TCPV4 : Offload.GSO_TCPV6) | (Offload.gsoType(in) & Offload.GSO_ECN);
        }
        return Offload.of(Offload.NEEDS_CSUM, gsoType, gsoSize, (int) (p.l4Offset() - eth), field);
    }

    /**
     * Completes a partial TCP/UDP checksum of a whole (not super) frame in software, so the frame
     * can be copied or encapsulated without its offload state; the state becomes {@link
     * Offload#NONE}. False for a super-frame, which has to be cut into segments instead.
     */
    public static boolean finish(ParsedPacket p) {
        long in = p.offload();
        if (Offload.isSuper(in)) {
            return false;
        }
        if (Offload.needsChecksum(in)) {
            // The stored pseudo-header sum is not part of the full checksum computeL4 makes.
            Checksums.fillL4(p);
        }
        p.offload(Offload.NONE);
        return true;
    }

    private static int checksumField(ParsedPacket p) {
        if (p.isFragment() || p.l4Offset() < 0 || !p.hasPorts()) {
            return -1;
        }
        if (p.protocol() == IpProtocol.TCP && p.tcpHeaderLength() >= TcpHeader.MIN_LENGTH) {
            return TCP_CHECKSUM;
        }
        return p.protocol() == IpProtocol.UDP ? UDP_CHECKSUM : -1;
    }
}
