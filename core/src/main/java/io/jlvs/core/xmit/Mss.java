package io.jlvs.core.xmit;

import io.jlvs.core.packet.Ipv4Header;
import io.jlvs.core.packet.Ipv6Header;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.TcpOptions;

/**
 * MSS clamping: lowering the maximum segment size a SYN or SYN-ACK advertises so that the peer never
 * sends a segment the path cannot carry. The director needs it where it makes packets bigger or the
 * path smaller: a TOA option added to client segments (alibaba lowers the real server's MSS by the
 * TOA length, {@code fullnat_mss_adjust_entry}), an IPIP header (TUN), or a smaller egress MTU.
 */
public final class Mss {
    /** {@link #clamp} result: no MSS option (the peer then assumes 536 / 1220, RFC 9293 §3.7.1). */
    public static final int ABSENT = TcpOptions.ABSENT;
    /** {@link #clamp} result: the option list is malformed (the parser refuses such packets). */
    public static final int MALFORMED = TcpOptions.MALFORMED;
    /** {@link #clamp} result: not a TCP SYN or SYN-ACK, a quoted packet, or {@code maxMss} not 1..65535. */
    public static final int NOT_APPLICABLE = -3;

    private Mss() {}

    /**
     * On a SYN or SYN-ACK, lowers the MSS option to {@code maxMss} if it is larger, TCP checksum fixed
     * (RFC 1624). Returns the MSS the packet carried (the unchanged value when it was not larger), or
     * {@link #ABSENT}, {@link #MALFORMED}, {@link #NOT_APPLICABLE}. An MSS is only ever lowered: raising
     * it would promise the peer segments the other end never agreed to take.
     */
    public static int clamp(ParsedPacket p, int maxMss) {
        if (p.isQuoted() || !Xmit.isTcp(p) || (p.tcpFlags() & TcpHeader.SYN) == 0 || maxMss < 1 || maxMss > 0xFFFF) {
            return NOT_APPLICABLE;
        }
        if (p.tcpHeaderLength() == TcpHeader.MIN_LENGTH) {
            return ABSENT;
        }
        TcpOptions options = p.tcpOptions();
        int old = options.findMss();
        if (old > maxMss) {
            // findMss leaves the cursor on the MSS option.
            options.rewriteMss(maxMss);
        }
        return old;
    }

    /**
     * The largest MSS that fits an {@code mtu}: the MTU less the IP header (20, or 40 for IPv6; options
     * are not expected on a segment that carries the MSS's worth of data), the 20-byte TCP header and
     * {@code reserve} bytes the director itself adds to segments (the TOA option length; the outer
     * header of a tunnel). RFC 9293 §3.7.1 defines MSS as exactly this difference.
     */
    public static int maxMssFor(int mtu, boolean ipv6, int reserve) {
        int ipHeader = ipv6 ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
        return mtu - ipHeader - TcpHeader.MIN_LENGTH - reserve;
    }
}
