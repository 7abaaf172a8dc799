package io.jlvs.daemon.dataplane;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.VirtualService;
import io.jlvs.core.worker.OwnedAddresses;
import io.jlvs.core.worker.Snapshot;
import io.jlvs.daemon.kernel.IngressPlan;
import io.jlvs.linux.iface.IfAddress;
import io.jlvs.linux.iface.NetInterface;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the director's kernel must leave to jlvsd on each served interface, derived from a
 * snapshot: frames to the addresses jlvsd owns there, and NAT replies from real servers (unless
 * addressed to the director itself, as health-check replies are).
 */
public final class IngressPlans {
    private IngressPlans() {}

    public static List<IngressPlan> of(Snapshot s, List<NetInterface> served) {
        List<IngressPlan> plans = new ArrayList<>();
        Set<IngressPlan.RealServerPort> replies = new LinkedHashSet<>();
        for (VirtualService svc : s.services().services()) {
            if (svc.isFwmark()) {
                continue;
            }
            String proto = svc.protocolNumber() == 17 ? "udp" : svc.protocolNumber() == 6 ? "tcp" : null;
            if (proto == null) {
                continue;
            }
            for (RealServer r : svc.reals()) {
                if (r.method() == ForwardingMethod.MASQ) {
                    int port = r.port() == 0 ? svc.port() : r.port();
                    replies.add(new IngressPlan.RealServerPort(InetAddr.format(r.addrHi(), r.addrLo()), proto, port));
                }
            }
        }
        List<String> director = new ArrayList<>();
        for (NetInterface n : served) {
            for (IfAddress a : n.addresses()) {
                director.add(InetAddr.format(a.hi(), a.lo()));
            }
        }
        for (NetInterface n : served) {
            List<String> owned = new ArrayList<>();
            for (OwnedAddresses.Owned o : s.owned().list()) {
                if (o.ifIndex() == n.index()) {
                    owned.add(InetAddr.format(o.hi(), o.lo()));
                }
            }
            plans.add(new IngressPlan(n.name(), owned, List.copyOf(replies), director));
        }
        return plans;
    }
}
