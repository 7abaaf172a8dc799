package io.jlvs.daemon.dataplane;

import io.jlvs.api.Address;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.Protocol;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.RegistrySnapshot;
import io.jlvs.daemon.registry.VirtualServiceEntry;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the registry's table (what operators configured, with stable registry ids) into the data
 * plane's {@link ServiceTable} (with stable packet-path indices), and remembers which is which so
 * figures counted by index can be reported by id.
 */
public final class TableTranslator {
    /** A translated table and its id maps. */
    public record Result(ServiceTable table, Map<Long, Integer> serviceIndex, Map<Long, Integer> realIndex) {}

    private ServiceTable previous;

    /** Builds the next table; indices of services and reals that stay are kept. */
    public synchronized Result translate(RegistrySnapshot snap) {
        ServiceTable.Builder b = previous == null ? ServiceTable.builder() : ServiceTable.builder(previous);
        for (VirtualServiceEntry e : snap.services()) {
            b.service(service(e));
        }
        ServiceTable table = b.build();
        previous = table;
        Map<Long, Integer> services = new HashMap<>();
        Map<Long, Integer> reals = new HashMap<>();
        for (VirtualServiceEntry e : snap.services()) {
            VirtualService svc = find(table, e.config().key());
            if (svc == null) {
                continue;
            }
            services.put(e.id(), svc.id());
            for (RealServerEntry r : e.realServers()) {
                for (RealServer rs : svc.reals()) {
                    if (rs.addrHi() == r.config().address().hi()
                            && rs.addrLo() == r.config().address().lo()
                            && rs.port() == r.config().port()) {
                        reals.put(r.id(), rs.index());
                    }
                }
            }
        }
        return new Result(table, Map.copyOf(services), Map.copyOf(reals));
    }

    static VirtualService find(ServiceTable table, ServiceKey key) {
        if (key.usesFwmark()) {
            return table.findFwmark((int) key.fwmark(), key.family() == io.jlvs.api.Family.INET6);
        }
        return table.find(
                key.protocol().number(), key.address().hi(), key.address().lo(), key.port());
    }

    private static VirtualService.Builder service(VirtualServiceEntry e) {
        ServiceConfig c = e.config();
        ServiceKey k = c.key();
        VirtualService.Builder b = k.usesFwmark()
                ? VirtualService.fwmark((int) k.fwmark(), k.family() == io.jlvs.api.Family.INET6)
                : VirtualService.of(
                        protocol(k.protocol()), k.address().hi(), k.address().lo(), k.port());
        b.scheduler(c.scheduler())
                .schedFlags(c.schedFlags())
                .onePacket(c.onePacket())
                .synProxy(c.synProxy())
                .clientAddress(c.clientAddress());
        if (c.establishedTimeout() > 0) {
            b.establishedTimeout(c.establishedTimeout());
        }
        if (c.persistent()) {
            b.persistent(c.persistenceTimeout());
            boolean v6 = k.usesFwmark()
                    ? k.family() == io.jlvs.api.Family.INET6
                    : !k.address().isV4();
            if (v6) {
                b.persistPrefix(Math.max(1, c.netmask()));
            } else {
                b.persistNetmask(c.netmask() == 0 ? 0 : -1 << (32 - c.netmask()));
            }
        }
        for (Address la : e.localAddresses()) {
            b.localAddress(la.hi(), la.lo());
        }
        for (RealServerEntry r : e.realServers()) {
            var rc = r.config();
            RealServer.Builder rb = RealServer.at(
                            rc.address().hi(), rc.address().lo(), rc.port())
                    .weight(rc.weight())
                    .method(method(rc.forward()))
                    .upperThreshold(rc.upperThreshold())
                    .lowerThreshold(rc.lowerThreshold());
            if (r.draining()) {
                rb.drain(r.drain());
            } else {
                rb.state(rc.weight() == 0 ? RealState.QUIESCENT : RealState.UP);
            }
            if (r.ramping()) {
                rb.rampPermille(r.slowStart().permille());
            }
            b.real(rb);
        }
        return b;
    }

    private static Protocol protocol(io.jlvs.api.Protocol p) {
        return switch (p) {
            case TCP -> Protocol.TCP;
            case UDP -> Protocol.UDP;
            case SCTP -> Protocol.SCTP;
        };
    }

    private static ForwardingMethod method(io.jlvs.api.ForwardMethod m) {
        return switch (m) {
            case MASQ -> ForwardingMethod.MASQ;
            case ROUTE -> ForwardingMethod.ROUTE;
            case TUNNEL -> ForwardingMethod.TUNNEL;
            case FULLNAT -> ForwardingMethod.FULLNAT;
        };
    }
}
