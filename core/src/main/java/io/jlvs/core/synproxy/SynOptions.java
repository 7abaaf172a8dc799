package io.jlvs.core.synproxy;

import io.jlvs.core.packet.TcpOptions;

/**
 * What a client's SYN offered, read once from its options (one reusable holder per worker, so the
 * packet path allocates nothing).
 */
public final class SynOptions {
    /** Advertised MSS, or {@link SynCookies#DEFAULT_MSS} when absent. */
    public int mss;
    /** Window scale shift, or -1 when absent. */
    public int wscale;

    public boolean sackPermitted;
    public boolean timestamps;
    /** The client's TSval, when {@link #timestamps}. */
    public int tsVal;

    /** Reads the options of a SYN (the parser has validated the list). */
    public SynOptions read(TcpOptions o) {
        mss = SynCookies.DEFAULT_MSS;
        wscale = -1;
        sackPermitted = false;
        timestamps = false;
        tsVal = 0;
        o.rewind();
        for (int k = o.next(); k >= 0; k = o.next()) {
            switch (k) {
                case TcpOptions.MSS -> mss = o.mss();
                case TcpOptions.WINDOW_SCALE -> wscale = Math.min(o.windowScale(), SynCookies.MAX_WSCALE);
                case TcpOptions.SACK_PERMITTED -> sackPermitted = true;
                case TcpOptions.TIMESTAMPS -> {
                    timestamps = true;
                    tsVal = o.tsVal();
                }
                default -> {}
            }
        }
        return this;
    }
}
