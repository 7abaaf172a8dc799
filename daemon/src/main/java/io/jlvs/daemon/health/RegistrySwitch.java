package io.jlvs.daemon.health;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.registry.IpvsError;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.Registry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health checks' table changes as ipvsadm commands on the registry, as keepalived issues them
 * to the kernel: add or edit on up; delete, or edit to weight 0 under {@code inhibit_on_failure},
 * on down. A change the registry refuses (an operator deleted the service meanwhile) is logged.
 */
public final class RegistrySwitch implements RealServerSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySwitch.class);

    private final Registry registry;

    public RegistrySwitch(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void up(ServiceKey service, RealServerConfig server, String reason) {
        Optional<RealServerEntry> now = entry(service, server);
        if (now.isPresent() && now.get().config().equals(server)) {
            return;
        }
        apply(
                now.isPresent()
                        ? new AdminCommand.EditServer(service, server)
                        : new AdminCommand.AddServer(service, server),
                reason);
    }

    @Override
    public void down(ServiceKey service, RealServerConfig server, Removal how, String reason) {
        Optional<RealServerEntry> now = entry(service, server);
        switch (how) {
            case REMOVE -> {
                if (now.isPresent()) {
                    apply(new AdminCommand.DeleteServer(service, server.endpoint()), reason);
                }
            }
            case INHIBIT -> {
                RealServerConfig zero = server.withWeight(0);
                if (now.isEmpty()) {
                    apply(new AdminCommand.AddServer(service, zero), reason);
                } else if (!now.get().config().equals(zero)) {
                    apply(new AdminCommand.EditServer(service, zero), reason);
                }
            }
        }
    }

    private Optional<RealServerEntry> entry(ServiceKey service, RealServerConfig server) {
        return registry.snapshot().service(service).flatMap(s -> s.realServer(server.endpoint()));
    }

    private void apply(AdminCommand c, String reason) {
        try {
            registry.apply(c);
        } catch (IpvsError e) {
            LOG.warn("health check change refused ({}): {}: {}", reason, c, e.getMessage());
        }
    }
}
