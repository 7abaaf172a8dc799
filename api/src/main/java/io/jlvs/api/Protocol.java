package io.jlvs.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Transport protocol of a virtual service. A firewall-mark service carries {@link #TCP}, as
 * ipvsadm sets it ("set protocol to a sane value, even though it is not used").
 */
public enum Protocol {
    @JsonProperty("tcp")
    TCP(6, "TCP", "tcp"),
    @JsonProperty("udp")
    UDP(17, "UDP", "udp"),
    @JsonProperty("sctp")
    SCTP(132, "SCTP", "sctp");

    private final int number;
    private final String label;
    private final String serviceName;

    Protocol(int number, String label, String serviceName) {
        this.number = number;
        this.label = label;
        this.serviceName = serviceName;
    }

    /** IANA protocol number (IPPROTO_*); ipvsadm sorts services by it. */
    public int number() {
        return number;
    }

    /** The name ipvsadm prints in listings ("TCP", "UDP", "SCTP"). */
    public String label() {
        return label;
    }

    /** The protocol column of /etc/services ("tcp", "udp", "sctp"). */
    public String serviceName() {
        return serviceName;
    }
}
