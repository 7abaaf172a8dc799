package io.jlvs.daemon.registry;

import io.jlvs.api.Address;
import io.jlvs.api.Endpoint;
import io.jlvs.api.ServiceConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual service in a snapshot, with its real servers and FULLNAT local addresses in the order
 * they were added.
 *
 * @param id stable for the service's life: an edit keeps it; never reused
 */
public record VirtualServiceEntry(
        long id, ServiceConfig config, List<RealServerEntry> realServers, List<Address> localAddresses) {
    public VirtualServiceEntry {
        Objects.requireNonNull(config, "config");
        realServers = List.copyOf(realServers);
        localAddresses = List.copyOf(localAddresses);
    }

    /** The real server at an endpoint, as the kernel's {@code ip_vs_lookup_dest} finds it. */
    public Optional<RealServerEntry> realServer(Endpoint endpoint) {
        return realServers.stream()
                .filter(r -> r.config().address().equals(endpoint.address())
                        && r.config().port() == endpoint.port())
                .findFirst();
    }
}
