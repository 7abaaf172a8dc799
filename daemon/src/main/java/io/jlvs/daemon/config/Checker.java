package io.jlvs.daemon.config;

/**
 * A health check of a real server, as parsed; running them is a later stage. {@link #type()} is the
 * keepalived block keyword, {@link #toString()} a one-line description used in logs and diffs.
 */
public sealed interface Checker
        permits TcpCheck, HttpCheck, MiscCheck, UdpCheck, DnsCheck, SmtpCheck, PingCheck, BfdCheck, FileCheck {

    /** {@code TCP_CHECK}, {@code HTTP_GET}, ... */
    String type();
}
