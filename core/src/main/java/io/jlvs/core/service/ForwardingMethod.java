package io.jlvs.core.service;

import java.util.Locale;

/**
 * How a packet reaches its real server (DESIGN.md §4), named as {@code ipvsadm -L} prints the
 * "Forward" column; FULLNAT is the alibaba/LVS addition ({@code lb_kind FNAT}).
 */
public enum ForwardingMethod {
    /** NAT, {@code ipvsadm -m}: destination rewritten to the real server; replies come back through us. */
    MASQ("Masq", "-m", 0),
    /** Direct routing, {@code ipvsadm -g} (the ipvsadm default): only the MAC address changes. */
    ROUTE("Route", "-g", 3),
    /** IP-in-IP, {@code ipvsadm -i}. */
    TUNNEL("Tunnel", "-i", 2),
    /** Both addresses rewritten (client → local address), alibaba {@code ipvsadm -b}. */
    FULLNAT("FullNat", "-b", 5);

    private final String ipvsadmName;
    private final String option;
    private final int code;

    ForwardingMethod(String ipvsadmName, String option, int code) {
        this.ipvsadmName = ipvsadmName;
        this.option = option;
        this.code = code;
    }

    /** The word in ipvsadm's "Forward" column. */
    public String ipvsadmName() {
        return ipvsadmName;
    }

    /** The ipvsadm option that selects it. */
    public String option() {
        return option;
    }

    /**
     * The method's number in IPVS's connection flags, the {@code io.jlvs.core.conn.FwdMethod} value
     * the connection table and the packet path use.
     */
    public int code() {
        return code;
    }

    /** True when replies come back through the director, so it sees both directions. */
    public boolean seesReplies() {
        return this == MASQ || this == FULLNAT;
    }

    /**
     * Parses the names operators use: ipvsadm's column words ({@code Masq}, {@code Route}, {@code
     * Tunnel}, {@code FullNat}) and keepalived's {@code lb_kind} words ({@code NAT}, {@code DR}, {@code
     * TUN}, {@code FNAT}); case-insensitive. Control plane only.
     */
    public static ForwardingMethod parse(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "MASQ", "NAT", "MASQUERADING" -> MASQ;
            case "ROUTE", "DR", "GATEWAYING", "DROUTE" -> ROUTE;
            case "TUNNEL", "TUN", "IPIP" -> TUNNEL;
            case "FULLNAT", "FNAT" -> FULLNAT;
            default ->
                throw new IllegalArgumentException(
                        "unknown forwarding method '" + text + "': use NAT (Masq), DR (Route), TUN (Tunnel) or FNAT");
        };
    }
}
