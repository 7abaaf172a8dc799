package io.jlvs.daemon.config;

import java.util.Optional;

/**
 * Persistence of a virtual service: {@code persistence_timeout} seconds (0 = not persistent),
 * {@code persistence_engine} and {@code persistence_granularity}.
 */
public record Persistence(int timeout, Optional<String> engine, PersistenceGranularity granularity) {

    /** keepalived's value for {@code persistence_timeout} without a number (IPVS_SVC_PERSISTENT_TIMEOUT). */
    public static final int DEFAULT_TIMEOUT = 6 * 60;

    public boolean persistent() {
        return timeout > 0;
    }
}
