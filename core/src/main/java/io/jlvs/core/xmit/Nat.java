package io.jlvs.core.xmit;

import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;

/**
 * Masquerading ({@code ipvsadm -m}, IPVS {@code ip_vs_nat_xmit} and its reply path): the client keeps
 * its own address, so only the virtual end of the flow is translated. The real server must route its
 * replies back through the director, which undoes the translation on the way out (DESIGN §4).
 *
 * <p>TCP and UDP (a first fragment included: its L4 checksum covers the whole datagram, which an
 * incremental update keeps right). Both methods check everything before writing: {@code false} means
 * the frame is untouched.
 */
public final class Nat {
    private Nat() {}

    /**
     * Client → real server: destination VIP:vport → RIP:rport, and for TCP the {@link SeqShift}
     * (0 unless a drain closed the flow). Returns false, changing nothing, for a packet without
     * ports, a quoted packet, an address of the other family or a port out of range.
     */
    public static boolean in(ParsedPacket p, long rHi, long rLo, int rport, int seqDelta) {
        if (!Xmit.hasPorts(p) || !Xmit.sameFamily(p, rHi, rLo) || !Xmit.isPort(rport)) {
            return false;
        }
        PacketRewriter.dstAddress(p, rHi, rLo);
        PacketRewriter.dstPort(p, rport);
        SeqShift.toServer(p, seqDelta);
        return true;
    }

    /**
     * Real server → client: source RIP:rport → VIP:vport, so the client sees the reply come from the
     * address it connected to, and the {@link SeqShift} undone. Same applicability as {@link #in}.
     */
    public static boolean out(ParsedPacket p, long vHi, long vLo, int vport, int seqDelta) {
        if (!Xmit.hasPorts(p) || !Xmit.sameFamily(p, vHi, vLo) || !Xmit.isPort(vport)) {
            return false;
        }
        PacketRewriter.srcAddress(p, vHi, vLo);
        PacketRewriter.srcPort(p, vport);
        SeqShift.toClient(p, seqDelta);
        return true;
    }
}
