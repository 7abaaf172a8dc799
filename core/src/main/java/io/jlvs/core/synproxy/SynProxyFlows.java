package io.jlvs.core.synproxy;

import io.jlvs.core.conn.ConnFlags;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.TcpOptions;

/**
 * The rewrites of proxied connections for their whole life, over the state their connection-table
 * entries keep ({@link ConnTable}'s SYNPROXY fields, within its 116 bytes): the shift from the real
 * server's sequence space to the cookie's, the shift of its timestamps to the clock the client was
 * given, one byte of window rescaling, and the ACK-storm count.
 *
 * <p>The shift: {@code seqDelta = cookie − serverIsn}, added to the server's sequence numbers on
 * their way to the client and taken from the client's acknowledgements and SACK edges on their
 * way to the server (alibaba {@code syn_proxy_seq.delta}); {@code tsDelta = ourTsVal −
 * serverTsVal}, added to the server's TSval and taken from the client's TSecr, 0 unless both sides
 * use timestamps (a 0 shift is no rewrite). These compose with the connection's own client →
 * server delta ({@link ConnTable#seqDelta}: FULLNAT's ISN, a PROXY header), which moves the other
 * two fields, so the two shifts never touch the same number.
 *
 * <p>Windows: the client reads the server's windows with the scale the cookie SYN-ACK gave it, the
 * server those of the client with the client's own (its SYN carried it), so only a server whose
 * scale differs from ours has its windows rescaled (as DPVS's {@code tcp_out_adjust_window}): by
 * {@code serverWs − ourWs} bits; a server that refused scaling reads the client's windows unscaled,
 * so those are scaled up by the client's scale for it. The two shifts fit one byte ({@link
 * #windowCode}): the second is only ever needed when the first is {@code −ourWs}.
 *
 * <p>Packet-path code: no allocation.
 */
public final class SynProxyFlows {
    /** Codes below this one: a server → client shift of {@code code − 15} and none the other way. */
    private static final int BOTH = 30;

    private static final int SCALES = 14;

    private final ConnTable table;

    public SynProxyFlows(ConnTable table) {
        this.table = table;
    }

    /**
     * Records a completed handshake (or, all zero, one given up by the client).
     *
     * @param ourWs the scale our SYN-ACK advertised (0 when none)
     * @param serverWs the server's, -1 when its SYN-ACK had none
     * @param clientWs the client's, -1 when it offered none
     */
    public void established(int id, int seqShift, int tsShift, int ourWs, int serverWs, int clientWs) {
        table.synProxySeqDelta(id, seqShift);
        table.synProxyTsDelta(id, tsShift);
        int out = 0;
        int in = 0;
        if (clientWs >= 0 && ourWs > 0) {
            out = Math.max(serverWs, 0) - ourWs;
            in = serverWs < 0 ? clientWs : 0;
        }
        table.synProxyWindows(id, windowCode(out, in));
        table.ackStormCount(id, 0);
    }

    /**
     * One byte for both window shifts: 0 none; {@code out + 15} for a server → client shift {@code
     * out} (−14..14) alone; from 30 on, {@code out = −ourWs} (1..14) with a client → server shift
     * {@code in} (1..14).
     */
    static int windowCode(int out, int in) {
        if (in == 0) {
            return out == 0 ? 0 : out + 15;
        }
        return BOTH + (-out - 1) * SCALES + (in - 1);
    }

    /** Bits the server's windows move for the client: left if positive. */
    static int outShift(int code) {
        if (code == 0) {
            return 0;
        }
        return code < BOTH ? code - 15 : -((code - BOTH) / SCALES + 1);
    }

    /** Bits the client's windows move left for a server that does not scale. */
    static int inShift(int code) {
        return code < BOTH ? 0 : (code - BOTH) % SCALES + 1;
    }

    /** Client → server, after the forwarding method's rewrite: acknowledgement, SACK, TSecr, window. */
    public void toServer(ParsedPacket p, int id) {
        if ((p.tcpFlags() & TcpHeader.ACK) == 0) {
            return;
        }
        int delta = table.synProxySeqDelta(id);
        int tsDelta = table.synProxyTsDelta(id);
        PacketRewriter.ack(p, p.ack() - delta);
        if (p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            TcpOptions o = p.tcpOptions();
            for (int k = o.next(); k >= 0; k = o.next()) {
                if (k == TcpOptions.SACK) {
                    for (int i = 0, n = o.sackBlockCount(); i < n; i++) {
                        o.rewriteSackLeft(i, o.sackLeft(i) - delta);
                        o.rewriteSackRight(i, o.sackRight(i) - delta);
                    }
                } else if (k == TcpOptions.TIMESTAMPS && tsDelta != 0) {
                    o.rewriteTsEcr(o.tsEcr() - tsDelta);
                }
            }
        }
        int in = inShift(table.synProxyWindows(id));
        if (in != 0) {
            p.tcp().rewriteWindow((int) Math.min(0xFFFFL, (long) p.window() << in));
        }
    }

    /** Server → client, after the forwarding method's rewrite: sequence number, TSval, window. */
    public void toClient(ParsedPacket p, int id) {
        PacketRewriter.seq(p, p.seq() + table.synProxySeqDelta(id));
        int tsDelta = table.synProxyTsDelta(id);
        if (tsDelta != 0 && p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            TcpOptions o = p.tcpOptions();
            for (int k = o.next(); k >= 0; k = o.next()) {
                if (k == TcpOptions.TIMESTAMPS) {
                    o.rewriteTsVal(o.tsVal() + tsDelta);
                }
            }
        }
        int out = outShift(table.synProxyWindows(id));
        if (out != 0 && (p.tcpFlags() & TcpHeader.SYN) == 0) {
            int w = p.window();
            p.tcp().rewriteWindow(out > 0 ? (int) Math.min(0xFFFFL, (long) w << out) : w >>> -out);
        }
    }

    /**
     * A server segment of an established proxied connection, before the tracker records it: an
     * ACK-only segment that moves nothing (its sequence number is where the server's stream stands
     * and its acknowledgement the highest it sent, so it repeats the previous one) counts towards
     * an ACK storm, anything else ends the run (alibaba {@code syn_proxy_is_ack_storm}, which keeps
     * the last ACK instead: the tracker's fields hold the same). True when the segment is beyond
     * {@code threshold} in a row and is to be dropped; 0 disables the bound.
     */
    public boolean ackStorm(ParsedPacket p, int id, int threshold) {
        int f = table.flags(id);
        boolean repeat = p.payloadLength() == 0
                && p.tcpFlags() == TcpHeader.ACK
                && (f & (ConnFlags.SEQ_OUT | ConnFlags.ACK_OUT)) == (ConnFlags.SEQ_OUT | ConnFlags.ACK_OUT)
                && p.seq() == table.seqNext(id, ConnTable.OUT)
                && p.ack() == table.ackMax(id, ConnTable.OUT);
        int n = repeat ? Math.min(table.ackStormCount(id) + 1, 0xFFFF) : 0;
        table.ackStormCount(id, n);
        return threshold != 0 && n > threshold;
    }
}
