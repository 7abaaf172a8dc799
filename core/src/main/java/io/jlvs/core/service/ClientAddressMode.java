package io.jlvs.core.service;

/**
 * How a FULLNAT real server learns the client's address, which the rewrite to a local address hides:
 * the alibaba TOA TCP option, or HAProxy's PROXY protocol header (text v1 or binary v2, as DPVS
 * offers it).
 */
public enum ClientAddressMode {
    NONE("none"),
    TOA("toa"),
    PROXY_V1("proxy_v1"),
    PROXY_V2("proxy_v2");

    private final String keyword;

    ClientAddressMode(String keyword) {
        this.keyword = keyword;
    }

    /** The word the configuration ({@code client_address}) and jlvsadm ({@code --client-address}) use. */
    public String keyword() {
        return keyword;
    }

    /** The mode a keyword names, or null. */
    public static ClientAddressMode fromKeyword(String word) {
        for (ClientAddressMode m : values()) {
            if (m.keyword.equals(word)) {
                return m;
            }
        }
        return null;
    }

    /** Whether the mode can carry the address for this protocol (TOA and PROXY v1 ride on TCP only). */
    public boolean supports(Protocol protocol) {
        return supports(protocol.number());
    }

    /** {@link #supports(Protocol)} by IP protocol number, as a packet names it (no allocation). */
    public boolean supports(int ipProtocol) {
        return switch (this) {
            case NONE -> true;
            case TOA, PROXY_V1 -> ipProtocol == Protocol.TCP.number();
            case PROXY_V2 -> ipProtocol == Protocol.TCP.number() || ipProtocol == Protocol.UDP.number();
        };
    }
}
