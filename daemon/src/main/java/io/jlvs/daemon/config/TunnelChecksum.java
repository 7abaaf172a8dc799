package io.jlvs.daemon.config;

/** The checksum option of a GUE/GRE tunnel ({@code nocsum|csum|remcsum}); IPIP has none. */
public enum TunnelChecksum {
    NOCSUM("nocsum"),
    CSUM("csum"),
    REMCSUM("remcsum");

    private final String keyword;

    TunnelChecksum(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    static TunnelChecksum fromKeyword(String word) {
        for (TunnelChecksum c : values()) {
            if (c.keyword.equals(word)) {
                return c;
            }
        }
        return null;
    }
}
