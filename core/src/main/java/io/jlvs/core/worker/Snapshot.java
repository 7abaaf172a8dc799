package io.jlvs.core.worker;

import io.jlvs.core.proto.Timeouts;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.synproxy.SynProxySettings;
import java.util.Objects;

/**
 * Everything a worker reads from the control plane, as one immutable value published with one
 * volatile write (DESIGN.md §3.7) and read once per batch. Connections keep pointing at real
 * servers by stable index across snapshots.
 *
 * @param expireNodestConn IPVS's sysctl: a packet for a removed real server expires its
 *     connection (1) instead of being dropped (0)
 * @param expireQuiescentTemplate IPVS's sysctl: a persistence template pointing at a server of
 *     weight 0 is not followed
 * @param connReuseMode IPVS's sysctl: what a SYN from a client port whose last connection is still
 *     in the table does — 0: goes to the same real server; bit 1 (1, the default): scheduled afresh
 *     when that connection is in TIME_WAIT, or its server is quiescent under {@code
 *     expireNodestConn}; bit 2: also when it is in FIN_WAIT with no reply seen (DR and TUN)
 * @param synProxy the {@code synproxy_*} settings
 */
public record Snapshot(
        long version,
        ServiceTable services,
        RouteTable routes,
        DirectorInterfaces interfaces,
        OwnedAddresses owned,
        Timeouts timeouts,
        boolean expireNodestConn,
        boolean expireQuiescentTemplate,
        int connReuseMode,
        SynProxySettings synProxy) {

    /** IPVS's default {@code conn_reuse_mode}. */
    public static final int DEFAULT_CONN_REUSE_MODE = 1;

    public Snapshot {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(interfaces, "interfaces");
        Objects.requireNonNull(owned, "owned");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(synProxy, "synProxy");
    }
}
