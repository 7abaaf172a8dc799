package io.jlvs.daemon.registry;

import io.jlvs.api.Address;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.Timeouts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mutable copy of a snapshot that changes are applied to; frozen into the next snapshot only
 * if every change was accepted, which is what makes a restore all or nothing.
 */
final class TableDraft {
    /** A service being edited. */
    static final class Service {
        final long id;
        ServiceConfig config;
        final List<RealServerEntry> realServers;
        final List<Address> localAddresses;

        Service(long id, ServiceConfig config, List<RealServerEntry> realServers, List<Address> localAddresses) {
            this.id = id;
            this.config = config;
            this.realServers = new ArrayList<>(realServers);
            this.localAddresses = new ArrayList<>(localAddresses);
        }

        int indexOf(Address address, int port) {
            for (int i = 0; i < realServers.size(); i++) {
                var c = realServers.get(i).config();
                if (c.address().equals(address) && c.port() == port) {
                    return i;
                }
            }
            return -1;
        }
    }

    final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    Timeouts timeouts;
    /** Ids whose counters to zero once the draft is committed. */
    final List<Long> zeroIds = new ArrayList<>();
    /** Whether the table (not just counters) changed. */
    boolean changed;

    TableDraft(RegistrySnapshot from) {
        for (VirtualServiceEntry s : from.services()) {
            services.put(s.config().key(), new Service(s.id(), s.config(), s.realServers(), s.localAddresses()));
        }
        timeouts = from.timeouts();
    }

    RegistrySnapshot freeze(long generation) {
        List<VirtualServiceEntry> list = new ArrayList<>(services.size());
        for (Service s : services.values()) {
            list.add(new VirtualServiceEntry(s.id, s.config, s.realServers, s.localAddresses));
        }
        return new RegistrySnapshot(generation, list, timeouts);
    }
}
