package io.jlvs.api;

/**
 * The protocol timeouts {@code ipvsadm --set tcp tcpfin udp} sets, in seconds: established TCP,
 * TCP after a FIN, UDP. In a change, 0 keeps the current value.
 */
public record Timeouts(int tcp, int tcpFin, int udp) {
    /** The kernel's defaults (ip_vs_proto_tcp.c, ip_vs_proto_udp.c). */
    public static final Timeouts DEFAULTS = new Timeouts(900, 120, 300);

    /** The timeouts {@code current} becomes under this change (ip_vs_set_timeout: a zero keeps one). */
    public Timeouts appliedTo(Timeouts current) {
        return new Timeouts(
                tcp != 0 ? tcp : current.tcp, tcpFin != 0 ? tcpFin : current.tcpFin, udp != 0 ? udp : current.udp);
    }
}
