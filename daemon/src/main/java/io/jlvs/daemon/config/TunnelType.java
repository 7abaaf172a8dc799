package io.jlvs.daemon.config;

/** The encapsulation of {@code lvs_method TUN type ...} (Linux 5.2 added GUE, 5.3 GRE). */
public enum TunnelType {
    IPIP("ipip"),
    GUE("gue"),
    GRE("gre");

    private final String keyword;

    TunnelType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    static TunnelType fromKeyword(String word) {
        for (TunnelType t : values()) {
            if (t.keyword.equals(word)) {
                return t;
            }
        }
        return null;
    }
}
