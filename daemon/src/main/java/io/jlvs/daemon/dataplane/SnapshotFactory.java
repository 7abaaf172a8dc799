package io.jlvs.daemon.dataplane;

import io.jlvs.core.proto.Timeouts;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.core.worker.DirectorInterfaces;
import io.jlvs.core.worker.OwnedAddresses;
import io.jlvs.core.worker.OwnedAddresses.Kind;
import io.jlvs.core.worker.Snapshot;
import io.jlvs.linux.iface.IfAddress;
import io.jlvs.linux.iface.NetInterface;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the data plane's {@link Snapshot} from what the control plane knows: the service table,
 * the served interfaces as the kernel describes them, the kernel's routes, and the sysctl-like
 * settings. Here the VIPs and local addresses become "owned" on the interface the routing table
 * reaches them through, which is where jlvs answers ARP/NDP for them.
 */
public final class SnapshotFactory {
    private SnapshotFactory() {}

    /** Settings that come from global config and {@code jlvsadm --set}/{@code --sysctl}. */
    public record Settings(
            Timeouts timeouts,
            boolean expireNodestConn,
            boolean expireQuiescentTemplate,
            int connReuseMode,
            SynProxySettings synProxy) {}

    public static Snapshot build(
            long version, ServiceTable services, List<NetInterface> served, RouteTable routes, Settings settings) {
        DirectorInterfaces ifs = interfaces(served);
        OwnedAddresses owned = owned(services, routes, ifs);
        return new Snapshot(
                version,
                services,
                routes,
                ifs,
                owned,
                settings.timeouts(),
                settings.expireNodestConn(),
                settings.expireQuiescentTemplate(),
                settings.connReuseMode(),
                settings.synProxy());
    }

    static DirectorInterfaces interfaces(List<NetInterface> served) {
        List<DirectorInterfaces.Iface> list = new ArrayList<>();
        for (NetInterface n : served) {
            IfAddress v4 = null;
            IfAddress v6 = null;
            for (IfAddress a : n.addresses()) {
                if (a.isV4() && v4 == null) {
                    v4 = a;
                } else if (!a.isV4() && v6 == null && a.scope() == IfAddress.SCOPE_UNIVERSE) {
                    v6 = a;
                }
            }
            list.add(new DirectorInterfaces.Iface(
                    n.index(),
                    n.name(),
                    n.mac(),
                    n.mtu(),
                    v4 == null ? 0 : v4.hi(),
                    v4 == null ? 0 : v4.lo(),
                    v6 == null ? 0 : v6.hi(),
                    v6 == null ? 0 : v6.lo()));
        }
        return new DirectorInterfaces(list);
    }

    /** VIPs and local addresses, each on the served interface its route goes through. */
    static OwnedAddresses owned(ServiceTable services, RouteTable routes, DirectorInterfaces ifs) {
        Map<String, OwnedAddresses.Owned> owned = new LinkedHashMap<>();
        for (VirtualService svc : services.services()) {
            if (!svc.isFwmark()) {
                add(owned, svc.vipHi(), svc.vipLo(), Kind.VIP, routes, ifs);
            }
            for (int i = 0; i < svc.localAddressCount(); i++) {
                add(owned, svc.localAddressHi(i), svc.localAddressLo(i), Kind.LOCAL_ADDRESS, routes, ifs);
            }
        }
        return new OwnedAddresses(List.copyOf(owned.values()));
    }

    private static void add(
            Map<String, OwnedAddresses.Owned> owned,
            long hi,
            long lo,
            Kind kind,
            RouteTable routes,
            DirectorInterfaces ifs) {
        int r = routes.lookup(hi, lo);
        int ifIndex = r == RouteTable.NO_ROUTE ? -1 : routes.ifIndex(r);
        if (ifIndex < 0 || !ifs.serves(ifIndex)) {
            // Not reachable through a served interface: nobody would ask us for it there.
            ifIndex = ifs.list().isEmpty() ? -1 : ifs.list().getFirst().index();
        }
        if (ifIndex > 0) {
            owned.putIfAbsent(hi + "/" + lo, new OwnedAddresses.Owned(hi, lo, ifIndex, kind));
        }
    }
}
