package io.jlvs.daemon.health;

import io.jlvs.daemon.config.ConnectOptions;
import io.jlvs.daemon.config.Endpoint;
import io.jlvs.daemon.config.IpAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;

/**
 * Opens the checkers' connections from jlvsd's own kernel stack as keepalived does: to {@code
 * connect_ip:connect_port}, from {@code bindto:bind_port} when given, giving up after {@code
 * connect_timeout}; and names the ways a connection fails.
 */
final class Connector {
    private Connector() {}

    static InetAddress inet(IpAddress a) {
        byte[] b;
        if (a.isV4()) {
            b = ByteBuffer.allocate(4).putInt(a.v4()).array();
        } else {
            b = ByteBuffer.allocate(16).putLong(a.hi()).putLong(a.lo()).array();
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + a, e); // only for a wrong length
        }
    }

    static InetSocketAddress socketAddress(Endpoint e) {
        return new InetSocketAddress(inet(e.address()), e.port());
    }

    /**
     * A direct TCP connection to the target, its reads bounded by {@code connect_timeout} as
     * keepalived's are. {@code NO_PROXY}: a plain {@code new Socket()} asks the JVM's ProxySelector
     * on every connect (a URI built and matched per check) and would follow a {@code socksProxyHost}.
     */
    static Socket connect(ConnectOptions o) throws IOException {
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            bind(s, o);
            int timeout = timeoutMillis(o);
            s.setSoTimeout(timeout);
            s.setTcpNoDelay(true);
            s.connect(socketAddress(o.target()), timeout);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A UDP socket connected to the target, bound as configured, its receives bounded by {@code connect_timeout}. */
    static DatagramSocket datagram(ConnectOptions o) throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        try {
            if (o.bindTo().isPresent() || o.bindPort() != 0) {
                s.bind(new InetSocketAddress(o.bindTo().map(Connector::inet).orElse(null), o.bindPort()));
            }
            s.setSoTimeout(timeoutMillis(o));
            s.connect(socketAddress(o.target()));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static void bind(Socket s, ConnectOptions o) throws IOException {
        if (o.bindTo().isPresent() || o.bindPort() != 0) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(o.bindTo().map(Connector::inet).orElse(null), o.bindPort()));
        }
    }

    static int timeoutMillis(ConnectOptions o) {
        long ms = o.connectTimeout().toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** A failed attempt named by how it failed. */
    static CheckResult failure(IOException e, String doing) {
        String reason;
        if (e instanceof SocketTimeoutException) {
            reason = "timeout";
        } else if (e instanceof PortUnreachableException) {
            reason = "refused";
        } else if (e instanceof NoRouteToHostException) {
            reason = "unreachable";
        } else if (e instanceof SSLException) {
            reason = "tls";
        } else if (e instanceof ConnectException) {
            String m = String.valueOf(e.getMessage()).toLowerCase();
            reason = m.contains("refused") ? "refused" : m.contains("unreachable") ? "unreachable" : "error";
        } else if (e instanceof SocketException
                && String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
            reason = "reset";
        } else {
            reason = "error";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return CheckResult.failure(reason, doing + ": " + m);
    }
}
