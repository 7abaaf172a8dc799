package io.jlvs.daemon.config;

/** The L4 protocol of a virtual service ({@code protocol TCP|UDP|SCTP}). */
public enum Protocol {
    TCP,
    UDP,
    SCTP;

    /** keepalived compares the protocol name without regard to case (strcasecmp). */
    static Protocol fromKeyword(String word) {
        for (Protocol p : values()) {
            if (p.name().equalsIgnoreCase(word)) {
                return p;
            }
        }
        return null;
    }
}
