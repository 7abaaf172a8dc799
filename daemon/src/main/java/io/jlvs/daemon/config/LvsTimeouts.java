package io.jlvs.daemon.config;

import java.util.OptionalInt;

/**
 * {@code lvs_timeouts tcp N tcpfin N udp N}, seconds, as {@code ipvsadm --set}: a value not given
 * leaves the running timeout unchanged.
 */
public record LvsTimeouts(OptionalInt tcp, OptionalInt tcpFin, OptionalInt udp) {
    public static final LvsTimeouts UNSET =
            new LvsTimeouts(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        tcp.ifPresent(v -> sb.append("tcp ").append(v).append(' '));
        tcpFin.ifPresent(v -> sb.append("tcpfin ").append(v).append(' '));
        udp.ifPresent(v -> sb.append("udp ").append(v).append(' '));
        return sb.isEmpty() ? "unset" : sb.toString().trim();
    }
}
