package io.jlvs.daemon.registry;

import io.jlvs.api.Address;
import io.jlvs.api.ConnectionEntry;
import io.jlvs.api.Counters;
import io.jlvs.api.LocalAddressStatus;
import io.jlvs.api.Rates;
import java.util.List;

/**
 * Where the registry reads the figures it lists: the data plane's counters, summed over workers,
 * and the rate estimator. Services and real servers are named by their snapshot id (one id
 * space), so a figure follows its object across snapshots. Whatever a source returns is what
 * {@code jlvsadm} prints.
 */
public interface StatsSource {
    /** Counters of a service or real server since it was added or last zeroed. */
    Counters counters(long id);

    /** Current rates of a service or real server. */
    Rates rates(long id);

    /** A real server's connections now. */
    ConnectionCounts connections(long realServerId);

    /** How a service uses one of its FULLNAT local addresses. */
    LocalAddressStatus localAddress(long serviceId, Address address);

    /** The connection entries ({@code ipvsadm -L -c}), templates included. */
    List<ConnectionEntry> connectionEntries();

    /**
     * {@code -Z} for one service or real server, the kernel's {@code ip_vs_zero_stats}: the
     * current counters become the zero point and the rate estimator starts again.
     */
    void zero(long id);
}
