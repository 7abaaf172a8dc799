package io.jlvs.core.xmit;

import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;

/**
 * The one sequence-number shift every TCP rewrite of jlvs shares: the real server sees the client's
 * byte stream shifted by a per-connection delta (a FULLNAT initial sequence number, the FIN a drain
 * sent in the client's name, later a PROXY header), so client-to-server sequence numbers move
 * forward by it and server-to-client acknowledgements and SACK edges move back. A delta of 0
 * leaves the segment alone. Packet-path code: no allocation.
 */
public final class SeqShift {
    private SeqShift() {}

    /** Client → real server: {@code seq += delta} on a TCP segment. */
    public static void toServer(ParsedPacket p, int delta) {
        if (delta != 0 && Xmit.isTcp(p)) {
            PacketRewriter.seq(p, p.seq() + delta);
        }
    }

    /**
     * Real server → client: {@code ack -= delta} when ACK is set, and every SACK block edge {@code
     * -= delta} (RFC 2018 §3: the edges are sequence numbers of the data the client sent, which the
     * real server saw shifted).
     */
    public static void toClient(ParsedPacket p, int delta) {
        if (delta != 0 && Xmit.isTcp(p)) {
            if ((p.tcpFlags() & TcpHeader.ACK) != 0) {
                PacketRewriter.ack(p, p.ack() - delta);
            }
            if (p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
                // The parser validated the option list, so the walk cannot come back MALFORMED.
                p.tcpOptions().shiftSackEdges(-delta);
            }
        }
    }
}
