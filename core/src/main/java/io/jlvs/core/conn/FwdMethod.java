package io.jlvs.core.conn;

/**
 * Forwarding methods, numbered as IPVS numbers them in its connection flags (and alibaba/LVS for
 * FULLNAT), so that connection sync and {@code ipvsadm} output agree with the kernel's. The packet
 * path's int form of {@link io.jlvs.core.service.ForwardingMethod}, whose {@code code()} maps to it.
 */
public final class FwdMethod {
    private FwdMethod() {}

    /** NAT ({@code -m}, "Masq"): destination rewritten, replies come back through the director. */
    public static final int NAT = 0;
    /** Tunnel ({@code -i}): IPIP to the real server, replies go direct to the client. */
    public static final int TUN = 2;
    /** Direct routing ({@code -g}, "Route"): MAC rewrite, replies go direct to the client. */
    public static final int DR = 3;
    /** FULLNAT ({@code -b}): source and destination rewritten, replies come back to a local address. */
    public static final int FULLNAT = 5;

    /** True for a method number jlvs implements. */
    public static boolean isValid(int fwd) {
        return fwd == NAT || fwd == TUN || fwd == DR || fwd == FULLNAT;
    }

    /**
     * True when the real server's replies pass through the director, so the connection's state
     * follows both directions; false for DR and TUN, whose connections use the input-only TCP
     * table until a reply is ever seen (IPVS's NOOUTPUT connection flag).
     */
    public static boolean seesReplies(int fwd) {
        return fwd == NAT || fwd == FULLNAT;
    }
}
