package io.jlvs.daemon.config;

/**
 * An address and a port. Port 0 means "no port": a virtual service on every port (persistent
 * services only) or a real server that keeps the packet's destination port (firewall-mark services).
 */
public record Endpoint(IpAddress address, int port) {

    public Endpoint {
        if (address == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad endpoint " + address + " " + port);
        }
    }

    /** As ipvsadm prints it: {@code 10.0.0.1:80}, {@code [2001:db8::1]:80}; the address alone for port 0. */
    @Override
    public String toString() {
        if (port == 0) {
            return address.toString();
        }
        return address.isV4() ? address + ":" + port : "[" + address + "]:" + port;
    }
}
