package io.jlvs.daemon.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole configuration: the LVS part of keepalived.conf plus jlvs's own block, immutable, every
 * default applied and every reference checked (a {@code virtual_server group} names a defined group,
 * a {@code laddr_group_name} a defined {@code local_address_group}).
 */
public record KeepalivedConfig(
        GlobalDefs globalDefs,
        JlvsDefs jlvsDefs,
        Optional<SslContext> ssl,
        List<VirtualServerGroup> virtualServerGroups,
        List<LocalAddressGroup> localAddressGroups,
        List<VirtualServer> virtualServers) {

    public KeepalivedConfig {
        virtualServerGroups = List.copyOf(virtualServerGroups);
        localAddressGroups = List.copyOf(localAddressGroups);
        virtualServers = List.copyOf(virtualServers);
    }

    public Optional<VirtualServerGroup> virtualServerGroup(String name) {
        return virtualServerGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Optional<LocalAddressGroup> localAddressGroup(String name) {
        return localAddressGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The service with this {@link VirtualServer#name()}, if any. */
    public Optional<VirtualServer> virtualServer(String name) {
        return virtualServers.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
