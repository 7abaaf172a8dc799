package io.jlvs.daemon.registry;

import io.jlvs.api.Address;
import io.jlvs.api.ConnectionEntry;
import io.jlvs.api.Counters;
import io.jlvs.api.LocalAddressStatus;
import io.jlvs.api.Rates;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StatsSource} over {@link CounterBlock}s kept in memory: the data plane's aggregator
 * feeds the block of each id, the registry reads them. An id nobody has fed reads as zero, which
 * is the truth for a service no packet has reached.
 */
public final class CounterStatsSource implements StatsSource {
    private record LocalKey(long serviceId, Address address) {}

    private final Map<Long, CounterBlock> blocks = new ConcurrentHashMap<>();
    private final Map<LocalKey, LocalAddressStatus> localAddresses = new ConcurrentHashMap<>();
    private volatile List<ConnectionEntry> entries = List.of();

    /** The block of a service or real server, created on first use. */
    public CounterBlock block(long id) {
        return blocks.computeIfAbsent(id, k -> new CounterBlock());
    }

    /** Records how a service uses one of its local addresses. */
    public void localAddress(long serviceId, Address address, long portConflicts, long conns) {
        localAddresses.put(new LocalKey(serviceId, address), new LocalAddressStatus(address, portConflicts, conns));
    }

    /** Replaces the connection list. */
    public void connectionEntries(List<ConnectionEntry> list) {
        entries = List.copyOf(list);
    }

    @Override
    public Counters counters(long id) {
        CounterBlock b = blocks.get(id);
        return b == null ? Counters.ZERO : b.counters();
    }

    @Override
    public Rates rates(long id) {
        CounterBlock b = blocks.get(id);
        return b == null ? Rates.ZERO : b.rates();
    }

    @Override
    public ConnectionCounts connections(long realServerId) {
        CounterBlock b = blocks.get(realServerId);
        return b == null ? ConnectionCounts.NONE : b.connections();
    }

    @Override
    public LocalAddressStatus localAddress(long serviceId, Address address) {
        return localAddresses.getOrDefault(new LocalKey(serviceId, address), new LocalAddressStatus(address, 0, 0));
    }

    @Override
    public List<ConnectionEntry> connectionEntries() {
        return entries;
    }

    @Override
    public void zero(long id) {
        block(id).zero();
    }
}
