package io.jlvs.daemon.apply;

import io.jlvs.api.RealServerConfig;
import io.jlvs.daemon.config.RealServer;
import io.jlvs.daemon.config.VirtualServer;
import java.util.Optional;

/**
 * Which configured servers go in the table and how: the health checkers' say on the configuration.
 * {@link ConfigCommands#of(io.jlvs.daemon.config.KeepalivedConfig, ServerPlacement)} asks it for
 * every real server and sorry server, so the table jlvsd builds at start and on reload is the
 * configuration filtered by health state, decided in one place.
 */
public interface ServerPlacement {

    /** The real server as it goes in the table ({@code configured}, another weight), or empty to leave it out. */
    Optional<RealServerConfig> real(VirtualServer vs, RealServer rs, RealServerConfig configured);

    /** The sorry server as it goes in the table, or empty to leave it out. */
    Optional<RealServerConfig> sorry(VirtualServer vs, RealServerConfig configured);

    /** Every real server as configured, no sorry server: the table without health checking. */
    ServerPlacement AS_CONFIGURED = new ServerPlacement() {
        @Override
        public Optional<RealServerConfig> real(VirtualServer vs, RealServer rs, RealServerConfig configured) {
            return Optional.of(configured);
        }

        @Override
        public Optional<RealServerConfig> sorry(VirtualServer vs, RealServerConfig configured) {
            return Optional.empty();
        }
    };
}
