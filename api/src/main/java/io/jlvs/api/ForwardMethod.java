package io.jlvs.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How packets reach a real server (DESIGN.md §4). */
public enum ForwardMethod {
    /** NAT, {@code -m}. */
    @JsonProperty("masq")
    MASQ("Masq"),
    /** Direct routing, {@code -g}: ipvsadm's default. */
    @JsonProperty("route")
    ROUTE("Route"),
    /** IPIP tunnel, {@code -i}. */
    @JsonProperty("tunnel")
    TUNNEL("Tunnel"),
    /** FULLNAT (alibaba/DPVS), {@code -b}. */
    @JsonProperty("fullnat")
    FULLNAT("FullNat");

    private final String label;

    ForwardMethod(String label) {
        this.label = label;
    }

    /** The name ipvsadm (and alibaba's ipvsadm for FULLNAT) prints in the Forward column. */
    public String label() {
        return label;
    }
}
