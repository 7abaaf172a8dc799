package io.jlvs.core.synproxy;

import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.checksum.PseudoHeader;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.EtherType;
import io.jlvs.core.packet.EthernetFrame;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Ipv4Header;
import io.jlvs.core.packet.Ipv6Header;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.TcpOptions;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The stateless answer to a client's SYN (alibaba {@code ip_vs_synproxy_syn_rcv}, Linux {@code
 * cookie_v4_init_sequence}): a SYN-ACK from the virtual address whose sequence number is a {@link
 * SynCookies cookie}, written into a frame the worker owns (it may be longer than the SYN, so not
 * in the RX frame: DESIGN §3.3), to go straight back out of the interface the SYN came in on, to
 * the MAC it came from, without a route lookup.
 *
 * <p>Options, in Linux's order so that a middlebox sees a familiar SYN-ACK: MSS (the client's,
 * capped by {@code synproxy_init_mss}, rounded down to a cookie's table, less the room the client
 * address takes where the service passes it on); then, only if the client
 * sent timestamps (they carry the rest), SACK-permitted if both allow it, the timestamps (TSval =
 * our clock with the client's options in its low bits, TSecr = the client's TSval) and window scale
 * {@code synproxy_wscale} if the client offered scaling. Window: 65535, unscaled as in any SYN.
 * ECN (RFC 3168 §6.1.1): a SYN with ECE and CWR gets ECE back, and the ECN bit in the timestamp.
 */
public final class CookieSynAck {
    /** Window of the SYN-ACK; the client's first segments are held, a few, until the server answers. */
    public static final int WINDOW = 65535;
    /** The largest frame: Ethernet + IPv6 + TCP with 20 bytes of options. */
    public static final int MAX_FRAME = 14 + 40 + 40;

    /** Option words, big-endian: MSS head; SACK-permitted or two NOPs, then the timestamps head; NOP + window scale head. */
    private static final int MSS_HEAD = TcpOptions.MSS << 24 | TcpOptions.MSS_LENGTH << 16;

    private static final int SACK_TS_HEAD = TcpOptions.SACK_PERMITTED << 24
            | TcpOptions.SACK_PERMITTED_LENGTH << 16
            | TcpOptions.TIMESTAMPS << 8
            | TcpOptions.TIMESTAMPS_LENGTH;
    private static final int NOP_TS_HEAD =
            TcpOptions.NOP << 24 | TcpOptions.NOP << 16 | TcpOptions.TIMESTAMPS << 8 | TcpOptions.TIMESTAMPS_LENGTH;
    private static final int NOP_WS_HEAD =
            TcpOptions.NOP << 24 | TcpOptions.WINDOW_SCALE << 16 | TcpOptions.WINDOW_SCALE_LENGTH << 8;

    private CookieSynAck() {}

    /**
     * Writes the SYN-ACK for the SYN in {@code syn} (options read into {@code opts}) at {@code
     * offset} of {@code out}; returns its length, or {@link FrameWriter#OVERFLOW} if it does not fit.
     *
     * <p>Every field is known before a byte is written, so the frame goes out as a few 32- and
     * 64-bit stores and both checksums are summed from the values rather than read back (RFC 1071
     * §2: 32-bit chunks fold to the same sum as 16-bit words). This is most of the SYN's cost
     * otherwise, and issue 8 asks for 200 ns per SYN.
     *
     * @param ourMac the MAC of the interface the SYN arrived on
     * @param nowMillis the worker's tick: the cookie's time counter and the timestamp clock
     * @param mssReserve bytes the MSS offered to the client is lowered by, below the one the cookie
     *     keeps for the server's SYN: room for what the director adds to the client's segments (a
     *     TOA option, a PROXY header: {@code clientaddr.ClientAddressCarrier#mssReserve})
     */
    public static int write(
            ParsedPacket syn,
            SynOptions opts,
            SynCookies cookies,
            SynProxySettings s,
            MemorySegment out,
            long offset,
            long ourMac,
            long nowMillis,
            int mssReserve) {
        int clientMss = Math.min(opts.mss, s.initMss());
        int cookie = cookies.encode(
                syn.srcHi(),
                syn.srcLo(),
                syn.srcPort(),
                syn.dstHi(),
                syn.dstLo(),
                syn.dstPort(),
                syn.seq(),
                clientMss,
                nowMillis);
        boolean ecn = (syn.tcpFlags() & (TcpHeader.ECE | TcpHeader.CWR)) == (TcpHeader.ECE | TcpHeader.CWR);
        boolean ts = opts.timestamps && s.timestamp();
        boolean sack = ts && opts.sackPermitted && s.sack();
        boolean ws = ts && opts.wscale >= 0 && s.wscale() > 0;
        int tcpLength = TcpHeader.MIN_LENGTH + (ts ? (ws ? 20 : 16) : 4);
        boolean v4 = syn.isIpv4();
        int ipLength = v4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
        int length = EthernetFrame.HEADER_LENGTH + ipLength + tcpLength;
        if (offset < 0 || offset + length > out.byteSize()) {
            return FrameWriter.OVERFLOW;
        }
        Wire.putMac(out, offset, syn.srcMac());
        Wire.putMac(out, offset + 6, ourMac);
        Wire.putU16(out, offset + 12, v4 ? EtherType.IPV4 : EtherType.IPV6);
        long ip = offset + EthernetFrame.HEADER_LENGTH;
        long sum;
        if (v4) {
            int src = InetAddr.v4(syn.dstLo());
            int dst = InetAddr.v4(syn.srcLo());
            int w0 = 0x4500_0000 | (ipLength + tcpLength); // version 4, 5 words, TOS 0
            int w1 = Ipv4Header.FLAG_DF; // ID 0 with DF (RFC 6864)
            int w2 = s.synackTtl() << 24 | IpProtocol.TCP << 16;
            long header = u32(w0) + u32(w1) + u32(w2) + u32(src) + u32(dst);
            Wire.putI32(out, ip, w0);
            Wire.putI32(out, ip + 4, w1);
            Wire.putI32(out, ip + 8, w2 | InternetChecksum.finish(header));
            Wire.putI32(out, ip + 12, src);
            Wire.putI32(out, ip + 16, dst);
            sum = PseudoHeader.v4(src, dst, IpProtocol.TCP, tcpLength);
        } else {
            Wire.putI32(out, ip, 0x6000_0000); // version 6, traffic class and flow label 0
            Wire.putI32(out, ip + 4, tcpLength << 16 | IpProtocol.TCP << 8 | s.synackTtl());
            Wire.putI64(out, ip + 8, syn.dstHi());
            Wire.putI64(out, ip + 16, syn.dstLo());
            Wire.putI64(out, ip + 24, syn.srcHi());
            Wire.putI64(out, ip + 32, syn.srcLo());
            sum = PseudoHeader.v6(syn.dstHi(), syn.dstLo(), syn.srcHi(), syn.srcLo(), IpProtocol.TCP, tcpLength);
        }
        long tcp = ip + ipLength;
        int flags = TcpHeader.SYN | TcpHeader.ACK | (ecn ? TcpHeader.ECE : 0);
        sum += put(out, tcp, syn.dstPort() << 16 | syn.srcPort());
        sum += put(out, tcp + 4, cookie);
        sum += put(out, tcp + 8, syn.seq() + 1);
        sum += put(out, tcp + 12, (tcpLength / 4) << 28 | flags << 16 | WINDOW);
        sum += put(out, tcp + 20, MSS_HEAD | (SynCookies.mss(cookie & 0x7) - mssReserve));
        if (ts) {
            sum += put(out, tcp + 24, sack ? SACK_TS_HEAD : NOP_TS_HEAD);
            sum += put(out, tcp + 28, SynCookies.timestamp((int) nowMillis, ws ? opts.wscale : -1, sack, ecn));
            sum += put(out, tcp + 32, opts.tsVal);
            if (ws) {
                sum += put(out, tcp + 36, NOP_WS_HEAD | s.wscale());
            }
        }
        Wire.putI32(out, tcp + 16, InternetChecksum.finish(sum) << 16); // urgent pointer 0
        return length;
    }

    /** Writes a 32-bit word and returns it as a checksum addend. */
    private static long put(MemorySegment out, long at, int word) {
        Wire.putI32(out, at, word);
        return u32(word);
    }

    private static long u32(int v) {
        return v & 0xFFFF_FFFFL;
    }
}
