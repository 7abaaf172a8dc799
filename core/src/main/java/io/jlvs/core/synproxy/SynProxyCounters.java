package io.jlvs.core.synproxy;

import java.util.function.ObjLongConsumer;

/**
 * One worker's SYNPROXY figures, written by that worker only and summed by the control plane (the
 * scheme of {@code io.jlvs.core.worker.Counters}); alibaba/LVS counts the same events
 * ({@code SYNPROXY_*} in its {@code ip_vs_stats}).
 */
public final class SynProxyCounters {
    /** SYN-ACKs with a cookie sent for a client's SYN. */
    public long cookiesSent;
    /** ACKs whose cookie verified: a connection was opened. */
    public long cookiesValid;
    /** ACKs to a SYNPROXY service with no connection and no valid cookie: dropped, no reset. */
    public long cookiesInvalid;
    /** Resets to a SYNPROXY service with no connection: dropped, never answered. */
    public long strayResets;
    /** Real-server SYN-ACKs that completed a proxied handshake. */
    public long handshakesCompleted;
    /** SYNs sent again to a real server that had not answered. */
    public long serverSynRetries;
    /** Handshakes the real server refused (RST) or never answered: the client was reset. */
    public long serverFailures;
    /** Identical server ACKs dropped beyond {@code synproxy_ack_storm_thresh}. */
    public long ackStormDrops;
    /** Client segments dropped while the server's SYN-ACK was awaited (store full, or not ACKs). */
    public long heldDrops;
    /** Valid ACKs dropped because every pending-handshake slot was in use. */
    public long pendingFull;
    /** Cookie ACKs without data dropped under {@code synproxy_defer}. */
    public long deferredAcks;

    /** Each figure under its event name ({@code synproxy_…}), for the control plane's sums. */
    public void each(ObjLongConsumer<String> out) {
        out.accept("synproxy_cookie_sent", cookiesSent);
        out.accept("synproxy_cookie_valid", cookiesValid);
        out.accept("synproxy_cookie_invalid", cookiesInvalid);
        out.accept("synproxy_stray_reset", strayResets);
        out.accept("synproxy_handshake_completed", handshakesCompleted);
        out.accept("synproxy_server_syn_retry", serverSynRetries);
        out.accept("synproxy_server_failure", serverFailures);
        out.accept("synproxy_ack_storm_drop", ackStormDrops);
        out.accept("synproxy_held_drop", heldDrops);
        out.accept("synproxy_pending_full", pendingFull);
        out.accept("synproxy_deferred_ack", deferredAcks);
    }
}
