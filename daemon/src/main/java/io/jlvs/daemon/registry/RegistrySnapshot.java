package io.jlvs.daemon.registry;

import io.jlvs.api.ServiceKey;
import io.jlvs.api.Timeouts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable state of the table, what the data plane turns into its service table. A new one
 * is published for every accepted change (one for a whole restore).
 *
 * @param generation increases by one with each published snapshot, starting at 0 (empty)
 */
public record RegistrySnapshot(long generation, List<VirtualServiceEntry> services, Timeouts timeouts) {
    public RegistrySnapshot {
        services = List.copyOf(services);
        Objects.requireNonNull(timeouts, "timeouts");
    }

    public Optional<VirtualServiceEntry> service(ServiceKey key) {
        return services.stream().filter(s -> s.config().key().equals(key)).findFirst();
    }
}
