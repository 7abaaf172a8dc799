package io.jlvs.daemon.config;

/** {@code PING_CHECK}: the server is up while it answers ICMP echo. */
public record PingCheck(ConnectOptions connect, CheckTiming timing) implements Checker {
    @Override
    public String type() {
        return "PING_CHECK";
    }

    @Override
    public String toString() {
        return type() + " { " + connect + " " + timing + " }";
    }
}
