package io.jlvs.daemon.config;

/**
 * How packets reach a real server (DESIGN.md §4). {@code keyword} is the {@code lb_kind} /
 * {@code lvs_method} word, {@code ipvsadm} the Forward column ipvsadm prints.
 */
public enum ForwardingMethod {
    /** Masquerading: destination rewritten, replies come back through the director ({@code -m}). */
    NAT("NAT", "Masq"),
    /** Direct routing: only the MAC changes, replies go straight to the client ({@code -g}). */
    DR("DR", "Route"),
    /** IP-in-IP (or GUE/GRE) tunnelling ({@code -i}). */
    TUN("TUN", "Tunnel"),
    /** alibaba/LVS FULLNAT: source and destination rewritten ({@code -b}); keyword FNAT or FULLNAT. */
    FULLNAT("FNAT", "FullNat");

    private final String keyword;
    private final String ipvsadm;

    ForwardingMethod(String keyword, String ipvsadm) {
        this.keyword = keyword;
        this.ipvsadm = ipvsadm;
    }

    public String keyword() {
        return keyword;
    }

    public String ipvsadmName() {
        return ipvsadm;
    }

    /** True when the director sees both directions of a flow (NAT, FULLNAT). */
    public boolean seesReplies() {
        return this == NAT || this == FULLNAT;
    }

    /**
     * keepalived compares NAT, DR and TUN case-sensitively (strcmp); alibaba's keepalived added FNAT.
     * FULLNAT is accepted as the name DESIGN.md and ipvsadm's listing use.
     */
    static ForwardingMethod fromKeyword(String word) {
        return switch (word) {
            case "NAT" -> NAT;
            case "DR" -> DR;
            case "TUN" -> TUN;
            case "FNAT", "FULLNAT" -> FULLNAT;
            default -> null;
        };
    }
}
