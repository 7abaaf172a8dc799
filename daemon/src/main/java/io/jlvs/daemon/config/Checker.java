package io.jlvs.daemon.config;

/**
 * A health check of a real server, as parsed; running them is a later stage. {@link #type()} is the
 * keepalived block keyword, {@link #toString()} a one-line description used in logs and diffs.
 */
public sealed interface Checker
        permits TcpCheck, HttpCheck, MiscCheck, UdpCheck, DnsCheck, SmtpCheck, PingCheck, BfdCheck, FileCheck {

    /** {@code TCP_CHECK}, {@code HTTP_GET}, ... */
    String type();

    /** Where and how the check connects; empty for the checkers that do not (MISC, BFD, FILE). */
    default java.util.Optional<ConnectOptions> connectOptions() {
        return java.util.Optional.ofNullable(
                switch (this) {
                    case TcpCheck t -> t.connect();
                    case HttpCheck h -> h.connect();
                    case UdpCheck u -> u.connect();
                    case DnsCheck d -> d.connect();
                    case SmtpCheck s -> s.connect();
                    case PingCheck p -> p.connect();
                    default -> null;
                });
    }
}
