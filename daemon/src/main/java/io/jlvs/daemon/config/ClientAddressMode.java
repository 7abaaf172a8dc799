package io.jlvs.daemon.config;

/**
 * How a FULLNAT service tells the real server who the client is (jlvs {@code client_address}): not at
 * all, the TOA TCP option (alibaba/LVS kind 254), or a PROXY protocol header (v1 text, TCP only; v2
 * binary, TCP or UDP). NAT, DR and TUN keep the client's address in the packet and need none.
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

    public String keyword() {
        return keyword;
    }

    static ClientAddressMode fromKeyword(String word) {
        for (ClientAddressMode m : values()) {
            if (m.keyword.equals(word)) {
                return m;
            }
        }
        return null;
    }
}
