package io.jlvs.daemon.registry;

import io.jlvs.api.RealServerConfig;
import io.jlvs.api.RealServerState;
import io.jlvs.core.service.DrainSpec;
import java.util.Objects;

/**
 * A real server in a snapshot.
 *
 * @param id stable for the real server's life in its service: an edit keeps it, a delete and
 *     re-add gets a new one; never reused
 * @param drain the drain under way (set by the drain controller: no new connections, whatever the
 *     weight), or null; the same object for the whole drain, so the data plane tells drains apart
 */
public record RealServerEntry(long id, RealServerConfig config, DrainSpec drain) {
    public RealServerEntry {
        Objects.requireNonNull(config, "config");
    }

    public boolean draining() {
        return drain != null;
    }

    /** Whether it may get new connections, and why not. */
    public RealServerState state() {
        if (drain != null) {
            return RealServerState.DRAINING;
        }
        return config.weight() == 0 ? RealServerState.QUIESCENT : RealServerState.UP;
    }
}
