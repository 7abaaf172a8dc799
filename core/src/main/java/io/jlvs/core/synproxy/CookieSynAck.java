package io.jlvs.core.synproxy;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import java.lang.foreign.MemorySegment;

/**
 * The stateless answer to a client's SYN (alibaba {@code ip_vs_synproxy_syn_rcv}, Linux {@code
 * cookie_v4_init_sequence}): a SYN-ACK from the virtual address whose sequence number is a {@link
 * SynCookies cookie}, written into a frame the worker owns (it may be longer than the SYN, so not
 * in the RX frame: DESIGN §3.3), to go straight back out of the interface the SYN came in on, to
 * the MAC it came from, without a route lookup.
 *
 * <p>Options, in Linux's order so that a middlebox sees a familiar SYN-ACK: MSS (the client's,
 * capped by {@code synproxy_init_mss}, rounded down to a cookie's table); then, only if the client
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

    private CookieSynAck() {}

    /**
     * Writes the SYN-ACK for the SYN in {@code syn} (options read into {@code opts}) at {@code
     * offset} of {@code out}; returns its length, or a negative {@link FrameWriter} result.
     *
     * @param ourMac the MAC of the interface the SYN arrived on
     * @param nowMillis the worker's tick: the cookie's time counter and the timestamp clock
     */
    public static int write(
            ParsedPacket syn,
            SynOptions opts,
            SynCookies cookies,
            SynProxySettings s,
            FrameWriter w,
            MemorySegment out,
            long offset,
            long ourMac,
            long nowMillis) {
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
        int mss = SynCookies.mss(cookie & 0x7);
        boolean ecn = (syn.tcpFlags() & (TcpHeader.ECE | TcpHeader.CWR)) == (TcpHeader.ECE | TcpHeader.CWR);
        boolean ts = opts.timestamps && s.timestamp();
        boolean sack = ts && opts.sackPermitted && s.sack();
        boolean ws = ts && opts.wscale >= 0 && s.wscale() > 0;
        w.begin(out, offset, MAX_FRAME).ethernet(syn.srcMac(), ourMac);
        if (syn.isIpv4()) {
            w.ipv4(InetAddr.v4(syn.dstLo()), InetAddr.v4(syn.srcLo()), s.synackTtl(), 0, 0, true);
        } else {
            w.ipv6(syn.dstHi(), syn.dstLo(), syn.srcHi(), syn.srcLo(), s.synackTtl(), 0, 0);
        }
        w.tcp(
                        syn.dstPort(),
                        syn.srcPort(),
                        cookie,
                        syn.seq() + 1,
                        TcpHeader.SYN | TcpHeader.ACK | (ecn ? TcpHeader.ECE : 0),
                        WINDOW)
                .mss(mss);
        if (ts) {
            if (sack) {
                w.sackPermitted();
            } else {
                w.nop().nop();
            }
            w.timestamps(SynCookies.timestamp((int) nowMillis, ws ? opts.wscale : -1, sack, ecn), opts.tsVal);
            if (ws) {
                w.nop().windowScale(s.wscale());
            }
        }
        return w.finish();
    }
}
