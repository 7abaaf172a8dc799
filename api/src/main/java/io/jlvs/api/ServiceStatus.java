package io.jlvs.api;

import java.util.List;
import java.util.Objects;

/** A virtual service as listed: its configuration, figures, real servers and local addresses. */
public record ServiceStatus(
        ServiceConfig config,
        Counters counters,
        Rates rates,
        List<RealServerStatus> realServers,
        List<LocalAddressStatus> localAddresses) {
    public ServiceStatus {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(rates, "rates");
        realServers = List.copyOf(realServers);
        localAddresses = List.copyOf(localAddresses);
    }
}
