package io.jlvs.core.xmit;

import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;

/**
 * FULLNAT ({@code ipvsadm -b}, alibaba/LVS {@code IP_VS_CONN_F_FULLNAT}): both ends of the flow are
 * translated, so the real server sees the director's local address (LIP) as its peer and needs no
 * route back through the director (DESIGN §4). The client address reaches the real server through
 * TOA or the PROXY protocol, not here.
 *
 * <p>TCP sequence numbers of the client → real server direction are shifted by a per-connection delta
 * ({@link #initialSeqDelta}), and the reverse direction's acknowledgements and SACK blocks are shifted
 * back, so each side sees one consistent sequence space. Both methods check everything before
 * writing: {@code false} means the frame is untouched.
 */
public final class FullNat {
    /**
     * The ISN clock M of RFC 6528 §3 (after RFC 793 §3.3): one tick per 4 µs, 250 per millisecond.
     * Wraps in about 4.77 hours, the same as the kernel's.
     */
    static final int ISN_TICKS_PER_MILLI = 250;

    /** Golden-ratio constant: derives the second half of the SipHash key from the 64-bit secret. */
    private static final long KEY_SPREAD = 0x9E37_79B9_7F4A_7C15L;

    /**
     * This thread's hasher for F, rekeyed per call, since callers hold the secret rather than a
     * hasher. Not a hasher made per call: that is 64 bytes per new connection wherever the JIT has
     * not yet inlined the whole hash into its caller and removed it, which on a worker, where a new
     * connection is rare among established packets, means its first few thousand connections.
     */
    private static final ThreadLocal<SipHash> ISN_HASH = ThreadLocal.withInitial(() -> new SipHash(0, 0));

    private FullNat() {}

    /**
     * Client → real server: source client:cport → LIP:lport, destination VIP:vport → RIP:rport, and for
     * TCP {@code seq += seqDelta} (skipped when 0). Returns false, changing nothing, for a packet without
     * ports, a quoted packet, an address of the other family or a port out of range.
     */
    public static boolean in(
            ParsedPacket p, long lHi, long lLo, int lport, long rHi, long rLo, int rport, int seqDelta) {
        if (!Xmit.hasPorts(p)
                || !Xmit.sameFamily(p, lHi, lLo)
                || !Xmit.sameFamily(p, rHi, rLo)
                || !Xmit.isPort(lport)
                || !Xmit.isPort(rport)) {
            return false;
        }
        PacketRewriter.srcAddress(p, lHi, lLo);
        PacketRewriter.dstAddress(p, rHi, rLo);
        PacketRewriter.srcPort(p, lport);
        PacketRewriter.dstPort(p, rport);
        SeqShift.toServer(p, seqDelta);
        return true;
    }

    /**
     * Real server → client: source RIP:rport → VIP:vport, destination LIP:lport → client:cport, and for
     * TCP {@code ack -= seqDelta} when ACK is set and every SACK block edge {@code -= seqDelta} (RFC 2018
     * §3: the edges are sequence numbers of the data the client sent, which the real server saw shifted).
     * Same applicability as {@link #in}.
     */
    public static boolean out(
            ParsedPacket p, long vHi, long vLo, int vport, long cHi, long cLo, int cport, int seqDelta) {
        if (!Xmit.hasPorts(p)
                || !Xmit.sameFamily(p, vHi, vLo)
                || !Xmit.sameFamily(p, cHi, cLo)
                || !Xmit.isPort(vport)
                || !Xmit.isPort(cport)) {
            return false;
        }
        PacketRewriter.srcAddress(p, vHi, vLo);
        PacketRewriter.dstAddress(p, cHi, cLo);
        PacketRewriter.srcPort(p, vport);
        PacketRewriter.dstPort(p, cport);
        SeqShift.toClient(p, seqDelta);
        return true;
    }

    /**
     * The sequence delta for a new FULLNAT connection: {@code ISN − clientIsn}, where ISN is the initial
     * sequence number the real server will see on the SYN from LIP:lport.
     *
     * <p>Why not pass the client's ISN through: the real server sees only LIP:lport → RIP:rport, and
     * the director reuses that pair for connection after connection of unrelated clients. When a SYN
     * arrives for a pair the server still holds in TIME_WAIT, the server accepts it only if its
     * sequence number is beyond the old connection's (RFC 1122 §4.2.2.13; Linux {@code
     * tcp_timewait_state_process}; FULLNAT strips timestamps, so PAWS cannot decide it). Client ISNs
     * carry no such order across clients, so alibaba/LVS replaces them with a {@code
     * secure_tcp_sequence_number} of the server-side tuple, which is what this computes.
     *
     * <p>ISN = M + F (RFC 6528 §3): M is a clock ticking every 4 µs from {@code nowMillis} (the worker's
     * coarse clock: millisecond steps of 250 ticks), F = SipHash-2-4 keyed with {@code secret} over
     * (LIP, lport, RIP, rport). F is constant for the pair, so successive ISNs of one pair grow with M,
     * by 250 per millisecond — faster than a connection moves data in the common case, as RFC 793 §3.3
     * assumes — while F keeps them unguessable off-path. The client tuple and ISN deliberately do not
     * enter F: a per-client F would reorder reuses of the pair by different clients, defeating the
     * purpose; they are parameters because the delta is taken against {@code clientIsn} and so that
     * the call states the whole connection. {@code secret} is a per-director random value drawn once by
     * the control plane; the 128-bit SipHash key is derived from it.
     */
    public static int initialSeqDelta(
            long secret,
            long cHi,
            long cLo,
            int cport,
            long lHi,
            long lLo,
            int lport,
            long rHi,
            long rLo,
            int rport,
            int clientIsn,
            long nowMillis) {
        int m = (int) (nowMillis * ISN_TICKS_PER_MILLI);
        long ports = ((long) (lport & 0xFFFF) << 16) | (rport & 0xFFFF);
        long k1 = Long.rotateLeft(secret * KEY_SPREAD, 29) ^ KEY_SPREAD;
        int f = (int) ISN_HASH.get().key(secret, k1).hash(lHi, lLo, rHi, rLo, ports);
        return m + f - clientIsn;
    }
}
