package io.jlvs.daemon.registry;

/**
 * Told of each new snapshot, in order, while the registry holds its change lock: an implementation
 * does what the data plane needs (build a service table, one volatile write) and returns. It may
 * read the registry (reads take no lock) but must not change it.
 */
@FunctionalInterface
public interface SnapshotListener {
    void published(RegistrySnapshot snapshot);
}
