package io.jlvs.daemon.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a checker connects and from where: {@code connect_ip}/{@code connect_port} (default the real
 * server's address and port), {@code bindto}, {@code bind_port}, {@code bind_if}, the socket mark
 * {@code fwmark}, and {@code connect_timeout} (default 5 s, inherited from the real and virtual
 * server).
 */
public record ConnectOptions(
        Endpoint target,
        Optional<IpAddress> bindTo,
        int bindPort,
        Optional<String> bindInterface,
        long fwmark,
        Duration connectTimeout) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("connect ").append(target);
        bindTo.ifPresent(b -> sb.append(" bindto ").append(b));
        if (bindPort != 0) {
            sb.append(" bind_port ").append(bindPort);
        }
        bindInterface.ifPresent(i -> sb.append(" bind_if ").append(i));
        if (fwmark != 0) {
            sb.append(" fwmark ").append(fwmark);
        }
        return sb.append(" connect_timeout ")
                .append(Durations.format(connectTimeout))
                .toString();
    }
}
