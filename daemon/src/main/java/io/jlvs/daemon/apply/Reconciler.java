package io.jlvs.daemon.apply;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.RegistrySnapshot;
import io.jlvs.daemon.registry.VirtualServiceEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between the live table and a desired one, as the fewest ipvsadm commands:
 * services and real servers that stay are edited in place (never deleted and re-added), so
 * their established connections and counters are untouched by a reload.
 */
public final class Reconciler {
    private Reconciler() {}

    private static final class Desired {
        ServiceConfig config;
        final Set<Address> locals = new LinkedHashSet<>();
        final Map<Endpoint, RealServerConfig> reals = new LinkedHashMap<>();
    }

    /** Commands that turn {@code current} into the table {@code desired} (a build-from-empty list) describes. */
    public static List<AdminCommand> commands(RegistrySnapshot current, List<AdminCommand> desired) {
        Map<ServiceKey, Desired> want = new LinkedHashMap<>();
        List<AdminCommand> out = new ArrayList<>();
        for (AdminCommand c : desired) {
            switch (c) {
                case AdminCommand.SetTimeouts t -> {
                    if (!t.timeouts().appliedTo(current.timeouts()).equals(current.timeouts())) {
                        out.add(t);
                    }
                }
                case AdminCommand.AddService a ->
                    want.computeIfAbsent(a.service().key(), k -> new Desired()).config = a.service();
                case AdminCommand.AddLocalAddress l ->
                    want.get(l.service()).locals.add(l.address());
                case AdminCommand.AddServer s ->
                    want.get(s.service()).reals.put(s.server().endpoint(), s.server());
                default -> throw new IllegalArgumentException("not a build command: " + c);
            }
        }
        Map<ServiceKey, VirtualServiceEntry> have = new LinkedHashMap<>();
        for (VirtualServiceEntry e : current.services()) {
            have.put(e.config().key(), e);
        }
        for (VirtualServiceEntry e : current.services()) {
            if (!want.containsKey(e.config().key())) {
                out.add(new AdminCommand.DeleteService(e.config().key()));
            }
        }
        for (Map.Entry<ServiceKey, Desired> w : want.entrySet()) {
            ServiceKey key = w.getKey();
            Desired d = w.getValue();
            VirtualServiceEntry e = have.get(key);
            if (e == null) {
                out.add(new AdminCommand.AddService(d.config));
                d.locals.forEach(a -> out.add(new AdminCommand.AddLocalAddress(key, a)));
                d.reals.values().forEach(r -> out.add(new AdminCommand.AddServer(key, r)));
                continue;
            }
            if (!e.config().equals(d.config)) {
                out.add(new AdminCommand.EditService(d.config));
            }
            for (Address a : e.localAddresses()) {
                if (!d.locals.contains(a)) {
                    out.add(new AdminCommand.DeleteLocalAddress(key, a));
                }
            }
            for (Address a : d.locals) {
                if (!e.localAddresses().contains(a)) {
                    out.add(new AdminCommand.AddLocalAddress(key, a));
                }
            }
            for (RealServerEntry r : e.realServers()) {
                if (!d.reals.containsKey(r.config().endpoint())) {
                    out.add(new AdminCommand.DeleteServer(key, r.config().endpoint()));
                }
            }
            for (RealServerConfig r : d.reals.values()) {
                var existing = e.realServer(r.endpoint());
                if (existing.isEmpty()) {
                    out.add(new AdminCommand.AddServer(key, r));
                } else if (!existing.get().config().equals(r)) {
                    out.add(new AdminCommand.EditServer(key, r));
                }
            }
        }
        return out;
    }
}
