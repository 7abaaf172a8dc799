package io.jlvs.daemon.registry;

import io.jlvs.api.Counters;
import io.jlvs.api.Rates;

/**
 * The figures of one service or real server as the control plane keeps them: running totals fed
 * by the data plane (per-worker counters summed on read, DESIGN.md §3.4), the latest rate
 * estimate, and the zero point {@code -Z} sets. The kernel keeps the same three things
 * ({@code kstats}, the estimator, {@code kstats0}).
 */
public final class CounterBlock {
    private long conns;
    private long inPkts;
    private long outPkts;
    private long inBytes;
    private long outBytes;
    private Counters zeroPoint = Counters.ZERO;
    private Rates rates = Rates.ZERO;
    private ConnectionCounts connections = ConnectionCounts.NONE;

    /** Adds traffic to the running totals. */
    public synchronized void add(long conns, long inPkts, long outPkts, long inBytes, long outBytes) {
        this.conns += conns;
        this.inPkts += inPkts;
        this.outPkts += outPkts;
        this.inBytes += inBytes;
        this.outBytes += outBytes;
    }

    /** Replaces the rate estimate (the estimator's output). */
    public synchronized void rates(Rates estimate) {
        this.rates = estimate;
    }

    /** Replaces the current connection counts. */
    public synchronized void connections(ConnectionCounts counts) {
        this.connections = counts;
    }

    /** The totals since the zero point. */
    public synchronized Counters counters() {
        return new Counters(
                conns - zeroPoint.conns(),
                inPkts - zeroPoint.inPkts(),
                outPkts - zeroPoint.outPkts(),
                inBytes - zeroPoint.inBytes(),
                outBytes - zeroPoint.outBytes());
    }

    public synchronized Rates rates() {
        return rates;
    }

    public synchronized ConnectionCounts connections() {
        return connections;
    }

    /** Makes the current totals the zero point and drops the rate estimate. */
    public synchronized void zero() {
        zeroPoint = new Counters(conns, inPkts, outPkts, inBytes, outBytes);
        rates = Rates.ZERO;
    }
}
