package io.jlvs.daemon.health;

import io.jlvs.api.Endpoint;
import io.jlvs.api.HealthView;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.apply.ConfigCommands;
import io.jlvs.daemon.config.VirtualServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One virtual server as the checks see it: its real servers and its quorum (ipwrapper.c's {@code
 * update_quorum_state}). While the quorum is lost a configured sorry server replaces every real
 * server. Guarded by the {@link HealthMonitor}'s lock.
 */
final class ServiceHealth {
    VirtualServer config;
    List<ServiceKey> keys;
    final Map<io.jlvs.daemon.config.Endpoint, RealServerHealth> reals = new LinkedHashMap<>();
    boolean quorumUp;
    /** What each table service holds of this virtual server as last placed: endpoint to entry. */
    final Map<ServiceKey, Map<Endpoint, RealServerConfig>> applied = new HashMap<>();

    ServiceHealth(VirtualServer config, List<ServiceKey> keys) {
        this.config = config;
        this.keys = keys;
    }

    /** keepalived's weigh_live_realservers. */
    long liveWeight() {
        long sum = 0;
        for (RealServerHealth r : reals.values()) {
            if (r.alive()) {
                sum += r.effectiveWeight();
            }
        }
        return sum;
    }

    boolean sorryActive() {
        return config.sorryServer().isPresent() && !quorumUp;
    }

    HealthView.Service view() {
        Endpoint sorry = config.sorryServer()
                .map(s -> keys.isEmpty()
                        ? null
                        : ConfigCommands.sorry(config, keys.getFirst(), s).endpoint())
                .orElse(null);
        return new HealthView.Service(
                config.name(),
                keys,
                config.quorum().quorum(),
                config.quorum().hysteresis(),
                quorumUp,
                liveWeight(),
                sorry,
                sorryActive(),
                reals.values().stream().map(RealServerHealth::view).toList());
    }
}
