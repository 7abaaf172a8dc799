package io.jlvs.api;

import java.util.Objects;

/** An address and a port: one side of a connection. */
public record Endpoint(Address address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        Ports.check(port);
    }
}
