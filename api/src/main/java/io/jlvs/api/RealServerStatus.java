package io.jlvs.api;

import java.util.Objects;

/**
 * A real server as listed: its configuration, state and live figures.
 *
 * @param activeConns connections in an active state (TCP established), ipvsadm's ActiveConn
 * @param inactiveConns the other connections (ipvsadm's InActConn)
 * @param persistentConns persistence templates pointing at it (ipvsadm's PersistConn)
 * @param drain the drain under way, or null
 * @param slowStart the slow start under way, or null
 */
public record RealServerStatus(
        RealServerConfig config,
        RealServerState state,
        long activeConns,
        long inactiveConns,
        long persistentConns,
        Counters counters,
        Rates rates,
        DrainProgress drain,
        SlowStartProgress slowStart) {
    public RealServerStatus {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(rates, "rates");
    }

    /**
     * The weight schedulers use now: 0 unless it may get new connections, the configured weight
     * scaled by a slow start under way, else the configured weight.
     */
    public double effectiveWeight() {
        if (state != RealServerState.UP) {
            return 0;
        }
        return slowStart == null ? config.weight() : slowStart.effectiveWeight(config.weight());
    }
}
