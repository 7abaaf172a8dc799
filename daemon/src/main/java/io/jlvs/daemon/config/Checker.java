package io.jlvs.daemon.config;

import java.util.Optional;

/**
 * A health check of a real server, as parsed; running them is a later stage. {@link #type()} is the
 * keepalived block keyword, {@link #toString()} a one-line description used in logs and diffs.
 */
public sealed interface Checker
        permits TcpCheck, HttpCheck, MiscCheck, UdpCheck, DnsCheck, SmtpCheck, PingCheck, BfdCheck, FileCheck {

    /** {@code TCP_CHECK}, {@code HTTP_GET}, ... */
    String type();

    /** Where the checker connects; empty for MISC_CHECK, BFD_CHECK and FILE_CHECK, which do not. */
    default Optional<ConnectOptions> connectOptions() {
        return Optional.ofNullable(
                switch (this) {
                    case TcpCheck t -> t.connect();
                    case HttpCheck h -> h.connect();
                    case UdpCheck u -> u.connect();
                    case DnsCheck d -> d.connect();
                    case SmtpCheck s -> s.connect();
                    case PingCheck p -> p.connect();
                    case MiscCheck m -> null;
                    case BfdCheck b -> null;
                    case FileCheck f -> null;
                });
    }
}
