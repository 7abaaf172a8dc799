package io.jlvs.daemon.health;

import io.jlvs.daemon.config.ConnectOptions;
import java.io.IOException;

/** {@code TCP_CHECK}: up when a TCP connection completes within {@code connect_timeout} (check_tcp.c). */
final class TcpChecker implements Check {
    private final ConnectOptions connect;

    TcpChecker(ConnectOptions connect) {
        this.connect = connect;
    }

    @Override
    public CheckResult run() {
        try {
            Connector.connect(connect).close();
            return CheckResult.success("connected");
        } catch (IOException e) {
            return Connector.failure(e, "connect");
        }
    }
}
