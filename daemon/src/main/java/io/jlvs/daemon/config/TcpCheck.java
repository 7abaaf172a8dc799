package io.jlvs.daemon.config;

/** {@code TCP_CHECK}: the server is up when a TCP connection to it completes. */
public record TcpCheck(ConnectOptions connect, CheckTiming timing) implements Checker {
    @Override
    public String type() {
        return "TCP_CHECK";
    }

    @Override
    public String toString() {
        return type() + " { " + connect + " " + timing + " }";
    }
}
