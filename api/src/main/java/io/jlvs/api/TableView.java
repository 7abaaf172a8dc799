package io.jlvs.api;

import java.util.List;
import java.util.Objects;

/**
 * The whole table as {@code ipvsadm -L} shows it, in the registry's order (insertion order of
 * services and of each service's real servers); listings sort it as ipvsadm does unless asked
 * not to.
 *
 * @param version the IPVS version whose interface jlvsd reproduces, "1.2.1"
 * @param connTableSize the connection-table capacity of the data plane, shown as {@code size=}
 */
public record TableView(String version, int connTableSize, List<ServiceStatus> services) {
    public TableView {
        Objects.requireNonNull(version, "version");
        services = List.copyOf(services);
    }
}
