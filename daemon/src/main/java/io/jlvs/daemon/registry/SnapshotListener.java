package io.jlvs.daemon.registry;

/**
 * Told of each new snapshot, in order, while the registry holds its lock: an implementation
 * does what the data plane needs (build a service table, one volatile write) and returns; it
 * must not call back into the registry.
 */
@FunctionalInterface
public interface SnapshotListener {
    void published(RegistrySnapshot snapshot);
}
