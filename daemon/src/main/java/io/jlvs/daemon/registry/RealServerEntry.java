package io.jlvs.daemon.registry;

import io.jlvs.api.RealServerConfig;
import io.jlvs.api.RealServerState;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.daemon.slowstart.SlowStart;
import java.util.Objects;

/**
 * A real server in a snapshot.
 *
 * @param id stable for the real server's life in its service: an edit keeps it, a delete and
 *     re-add gets a new one; never reused
 * @param drain the drain under way (set by the drain controller: no new connections, whatever the
 *     weight), or null; the same object for the whole drain, so the data plane tells drains apart
 * @param slowStart the slow start under way since it came back, or null; only on a server that is
 *     up (a drain or weight 0 ends it)
 */
public record RealServerEntry(long id, RealServerConfig config, DrainSpec drain, SlowStart slowStart) {
    public RealServerEntry {
        Objects.requireNonNull(config, "config");
        if (slowStart != null && (drain != null || config.weight() == 0)) {
            throw new IllegalArgumentException("a slow start on a server that takes no new connections");
        }
    }

    /** True while a slow start holds it below its weight. */
    public boolean ramping() {
        return slowStart != null;
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
