package io.jlvs.daemon.config;

/** An IP address family, spelled as keepalived's {@code ip_family} keyword spells it. */
public enum AddressFamily {
    INET("inet"),
    INET6("inet6");

    private final String keyword;

    AddressFamily(String keyword) {
        this.keyword = keyword;
    }

    /** {@code inet} or {@code inet6}. */
    public String keyword() {
        return keyword;
    }

    static AddressFamily fromKeyword(String word) {
        for (AddressFamily f : values()) {
            if (f.keyword.equals(word)) {
                return f;
            }
        }
        return null;
    }
}
