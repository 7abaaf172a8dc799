package io.jlvs.daemon.registry;

import io.jlvs.api.RealServerConfig;
import io.jlvs.api.RealServerState;
import java.util.Objects;

/**
 * A real server in a snapshot.
 *
 * @param id stable for the real server's life in its service: an edit keeps it, a delete and
 *     re-add gets a new one; never reused
 * @param draining set by the drain controller: no new connections, whatever the weight
 */
public record RealServerEntry(long id, RealServerConfig config, boolean draining) {
    public RealServerEntry {
        Objects.requireNonNull(config, "config");
    }

    /** Whether it may get new connections, and why not. */
    public RealServerState state() {
        if (draining) {
            return RealServerState.DRAINING;
        }
        return config.weight() == 0 ? RealServerState.QUIESCENT : RealServerState.UP;
    }
}
