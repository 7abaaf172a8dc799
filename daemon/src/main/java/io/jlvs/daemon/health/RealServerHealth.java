package io.jlvs.daemon.health;

import io.jlvs.api.HealthView;
import io.jlvs.api.RealServerConfig;
import io.jlvs.daemon.apply.ConfigCommands;
import io.jlvs.daemon.config.RealServer;
import java.util.ArrayList;
import java.util.List;

/**
 * One real server of one virtual server as the checks see it: alive while every checker passes
 * (keepalived's {@code num_failed_checkers == 0}), with the weight {@code misc_dynamic} scripts
 * give it. Guarded by the {@link HealthMonitor}'s lock.
 */
final class RealServerHealth {
    RealServer config;
    final ServiceHealth owner;
    final List<CheckerSlot> slots = new ArrayList<>();
    long sinceMillis;
    String lastReason = "";

    RealServerHealth(RealServer config, ServiceHealth owner) {
        this.config = config;
        this.owner = owner;
    }

    /** Alive while every checker passes: what a check changes, checked before and after it. */
    boolean alive() {
        return slots.stream().allMatch(s -> s.state.up());
    }

    /**
     * keepalived's effective weight: the configured weight plus what each misc_dynamic checker
     * moved it by ({@code status - 2 - weight}); with one such checker, its weight.
     */
    int effectiveWeight() {
        long w = config.weight();
        for (CheckerSlot s : slots) {
            if (s.dynamicWeight >= 0) {
                w += s.dynamicWeight - config.weight();
            }
        }
        return (int) Math.max(0, Math.min(65535, w));
    }

    RealServerConfig tableEntry() {
        return ConfigCommands.real(config);
    }

    String name() {
        return "real_server " + config.endpoint() + " of " + owner.config.name();
    }

    HealthView.RealServer view() {
        RealServerConfig c = tableEntry();
        return new HealthView.RealServer(
                c.endpoint(),
                alive(),
                config.weight(),
                effectiveWeight(),
                config.inhibitOnFailure(),
                sinceMillis,
                lastReason,
                slots.stream().map(CheckerSlot::view).toList());
    }
}
