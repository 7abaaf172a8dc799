package io.jlvs.api;

import java.util.Objects;

/**
 * One entry of the connection table ({@code ipvsadm -L -c}): a connection or a persistence
 * template.
 *
 * @param expireSeconds seconds until it expires
 * @param state the protocol state's name as IPVS prints it ("ESTABLISHED", "FIN_WAIT", "NONE"
 *     for a template, "UDP" for UDP, ...)
 * @param client the client's address and port (0 in a template)
 * @param virtual the virtual service's address and port
 * @param local the FULLNAT local address and port, or null for other methods
 * @param destination the real server
 */
public record ConnectionEntry(
        Protocol protocol,
        long expireSeconds,
        String state,
        Endpoint client,
        Endpoint virtual,
        Endpoint local,
        Endpoint destination) {
    public ConnectionEntry {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(virtual, "virtual");
        Objects.requireNonNull(destination, "destination");
    }
}
