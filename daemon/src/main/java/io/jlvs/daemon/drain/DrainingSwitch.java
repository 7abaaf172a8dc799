package io.jlvs.daemon.drain;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.health.RealServerSwitch;
import io.jlvs.daemon.registry.IpvsError;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health checks' table changes under {@code drain_on_failure}: a real server that fails its
 * checks is drained (no new connections at once, its flows closed gracefully, the rest reset at
 * the service's {@code drain_timeout}) instead of deleted — then deleted, or left at weight 0 under
 * {@code inhibit_on_failure}. A server that passes again while it drains takes its place back, which
 * ends the drain with its flows untouched. Services without the keyword go straight to the switch
 * behind, as keepalived does.
 */
public final class DrainingSwitch implements RealServerSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(DrainingSwitch.class);

    private final RealServerSwitch behind;
    private final Registry registry;
    private final DrainController drains;

    public DrainingSwitch(RealServerSwitch behind, Registry registry, DrainController drains) {
        this.behind = behind;
        this.registry = registry;
        this.drains = drains;
    }

    @Override
    public void up(ServiceKey service, RealServerConfig server, String reason) {
        Optional<RealServerEntry> now = entry(service, server);
        if (now.isPresent() && now.get().draining()) {
            // Adding a draining server back cancels its drain (the registry keeps it and its flows).
            try {
                registry.apply(new AdminCommand.AddServer(service, server));
                LOG.info("{} of {} is back ({}): its drain is cancelled", server.endpoint(), service, reason);
            } catch (IpvsError e) {
                LOG.warn("health check change refused ({}): {}", reason, e.getMessage());
            }
            return;
        }
        behind.up(service, server, reason);
    }

    @Override
    public void down(ServiceKey service, RealServerConfig server, Removal how, String reason) {
        Optional<RealServerEntry> now = entry(service, server);
        if (!drains.specs().policy(service).drainOnFailure()
                || now.isEmpty()
                || now.get().config().weight() == 0) {
            // Nothing to drain: not the policy, not in the table, or already taking no new
            // connections (the switch behind completes what keepalived would do).
            behind.down(service, server, how, reason);
            return;
        }
        try {
            drains.drain(service, server.endpoint(), null, null, how == Removal.INHIBIT);
            LOG.info(
                    "{} of {} is down ({}): draining it (drain_on_failure), then {}",
                    server.endpoint(),
                    service,
                    reason,
                    how == Removal.INHIBIT ? "weight 0" : "removal");
        } catch (IpvsError | Sysctls.BadSetting e) {
            LOG.warn("{} of {}: drain_on_failure could not drain ({}); taking it out at once", server, service, e);
            behind.down(service, server, how, reason);
        }
    }

    private Optional<RealServerEntry> entry(ServiceKey service, RealServerConfig server) {
        return registry.snapshot().service(service).flatMap(s -> s.realServer(server.endpoint()));
    }
}
