package io.jlvs.core.synproxy;

import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.TcpOptions;
import java.util.Arrays;

/**
 * The per-connection state of proxied connections, beside the connection table: the shift from the
 * real server's sequence space to the cookie's, the shift of its timestamps to the clock the
 * client was given, window scales, and the ACK-storm counter.
 *
 * <p>Why beside and not in the table: the 112-byte entries are full (ConnTable's layout), and
 * DESIGN §3.6 caps a connection at 128 bytes with its index. These 16 bytes per entry are
 * allocated only on a worker whose snapshot has a SYNPROXY service, indexed by connection id (no
 * hashing on the packet path): a director without SYNPROXY pays nothing, one with it 140 bytes per
 * connection.
 *
 * <p>The shift: {@code seqDelta = cookie − serverIsn}, added to the server's sequence numbers on
 * their way to the client and taken from the client's acknowledgements and SACK edges on their
 * way to the server (alibaba {@code syn_proxy_seq.delta}); {@code tsDelta = ourTsVal −
 * serverTsVal}, added to the server's TSval and taken from the client's TSecr. Windows: the client
 * reads the server's windows with the scale the cookie SYN-ACK gave it, the server those of the
 * client with the client's own (its SYN carried it), so only a server whose scale differs from ours
 * has its windows rescaled (as DPVS's {@code tcp_out_adjust_window}); a server that refused
 * scaling reads the client's windows unscaled, so those are scaled up for it. Packet-path code.
 */
public final class SynProxyFlows {
    private static final int OUR_WS_SHIFT = 0;
    private static final int SERVER_WS_SHIFT = 4;
    private static final int CLIENT_WS_SHIFT = 8;
    private static final int WS_MASK = 0xF;
    private static final int TIMESTAMPS = 1 << 12;
    /** Server windows are rescaled for the client. */
    private static final int RESCALE_OUT = 1 << 13;
    /** The server does not scale: the client's windows are scaled up for it. */
    private static final int RESCALE_IN = 1 << 14;

    private static final int DUP_SHIFT = 16;

    private int[] seqDelta = new int[0];
    private int[] tsDelta = new int[0];
    private int[] meta = new int[0];
    private int[] lastSeqAck = new int[0];

    /** Makes room for connection ids below {@code capacity}; control plane (batch boundary). */
    public void ensure(int capacity) {
        if (seqDelta.length < capacity) {
            seqDelta = Arrays.copyOf(seqDelta, capacity);
            tsDelta = Arrays.copyOf(tsDelta, capacity);
            meta = Arrays.copyOf(meta, capacity);
            lastSeqAck = Arrays.copyOf(lastSeqAck, capacity);
        }
    }

    public boolean covers(int id) {
        return id < seqDelta.length;
    }

    /**
     * Records a completed handshake.
     *
     * @param ourWs the scale our SYN-ACK advertised (0 when none)
     * @param serverWs the server's, -1 when its SYN-ACK had none
     * @param clientWs the client's, -1 when it offered none
     */
    public void established(
            int id, int seqShift, int tsShift, boolean timestamps, int ourWs, int serverWs, int clientWs) {
        seqDelta[id] = seqShift;
        tsDelta[id] = tsShift;
        int m = (ourWs & WS_MASK) << OUR_WS_SHIFT | (timestamps ? TIMESTAMPS : 0);
        if (clientWs >= 0 && ourWs > 0) {
            int sw = Math.max(serverWs, 0);
            m |= (sw & WS_MASK) << SERVER_WS_SHIFT | (clientWs & WS_MASK) << CLIENT_WS_SHIFT;
            if (sw != ourWs) {
                m |= RESCALE_OUT;
            }
            if (serverWs < 0) {
                m |= RESCALE_IN;
            }
        }
        meta[id] = m;
        lastSeqAck[id] = 0;
    }

    /** While the handshake is pending, the entry holds its {@link PendingHandshakes} slot instead. */
    public void pendingSlot(int id, int slot) {
        meta[id] = slot;
    }

    public int pendingSlot(int id) {
        return meta[id];
    }

    /** The shift of the server's sequence numbers into the client's view. */
    public int seqDelta(int id) {
        return seqDelta[id];
    }

    /** Client → server, after the forwarding method's rewrite: acknowledgement, SACK, TSecr, window. */
    public void toServer(ParsedPacket p, int id) {
        if ((p.tcpFlags() & TcpHeader.ACK) == 0) {
            return;
        }
        int delta = seqDelta[id];
        int m = meta[id];
        PacketRewriter.ack(p, p.ack() - delta);
        if (p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            TcpOptions o = p.tcpOptions();
            for (int k = o.next(); k >= 0; k = o.next()) {
                if (k == TcpOptions.SACK) {
                    for (int i = 0, n = o.sackBlockCount(); i < n; i++) {
                        o.rewriteSackLeft(i, o.sackLeft(i) - delta);
                        o.rewriteSackRight(i, o.sackRight(i) - delta);
                    }
                } else if (k == TcpOptions.TIMESTAMPS && (m & TIMESTAMPS) != 0) {
                    o.rewriteTsEcr(o.tsEcr() - tsDelta[id]);
                }
            }
        }
        if ((m & RESCALE_IN) != 0) {
            int ws = (m >>> CLIENT_WS_SHIFT) & WS_MASK;
            p.tcp().rewriteWindow((int) Math.min(0xFFFFL, (long) p.window() << ws));
        }
    }

    /** Server → client, after the forwarding method's rewrite: sequence number, TSval, window. */
    public void toClient(ParsedPacket p, int id) {
        int m = meta[id];
        PacketRewriter.seq(p, p.seq() + seqDelta[id]);
        if ((m & TIMESTAMPS) != 0 && p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            TcpOptions o = p.tcpOptions();
            for (int k = o.next(); k >= 0; k = o.next()) {
                if (k == TcpOptions.TIMESTAMPS) {
                    o.rewriteTsVal(o.tsVal() + tsDelta[id]);
                }
            }
        }
        if ((m & RESCALE_OUT) != 0 && (p.tcpFlags() & TcpHeader.SYN) == 0) {
            int sw = (m >>> SERVER_WS_SHIFT) & WS_MASK;
            int ow = (m >>> OUR_WS_SHIFT) & WS_MASK;
            long bytes = (long) p.window() << sw;
            p.tcp().rewriteWindow((int) Math.min(0xFFFFL, bytes >>> ow));
        }
    }

    /**
     * An ACK-only segment of the server identical (sequence and acknowledgement) to its previous
     * one, beyond {@code threshold} in a row (alibaba {@code syn_proxy_is_ack_storm}): true when it
     * is to be dropped. 0 disables the bound.
     */
    public boolean ackStorm(ParsedPacket p, int id, int threshold) {
        if (threshold == 0 || p.payloadLength() != 0 || p.tcpFlags() != TcpHeader.ACK) {
            meta[id] &= (1 << DUP_SHIFT) - 1;
            return false;
        }
        int key = p.seq() * 31 + p.ack();
        int m = meta[id];
        int dups = m >>> DUP_SHIFT;
        if (key == lastSeqAck[id]) {
            dups = Math.min(dups + 1, 0xFFFF);
        } else {
            lastSeqAck[id] = key;
            dups = 0;
        }
        meta[id] = (m & ((1 << DUP_SHIFT) - 1)) | dups << DUP_SHIFT;
        return dups >= threshold;
    }
}
