package io.jlvs.core.service;

/** The transport protocols an IPVS virtual service can be bound to ({@code -t}, {@code -u}, {@code --sctp-service}). */
public enum Protocol {
    TCP(6),
    UDP(17),
    SCTP(132);

    /** IPPROTO_IP: the protocol IPVS files firewall-mark services and their templates under. */
    public static final int IPPROTO_IP = 0;

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IP protocol number (RFC 790 assigned numbers), as it appears in the IP header. */
    public int number() {
        return number;
    }

    /** The protocol for an IP protocol number; control plane only. */
    public static Protocol ofNumber(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("IPVS balances TCP (6), UDP (17) and SCTP (132), not protocol " + number);
    }
}
