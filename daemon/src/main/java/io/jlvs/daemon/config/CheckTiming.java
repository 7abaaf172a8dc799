package io.jlvs.daemon.config;

import java.time.Duration;

/**
 * When a checker runs and how patient it is, after keepalived's inheritance (checker, else real
 * server, else virtual server, else the checker type's default):
 *
 * @param retry extra attempts before a working server is declared down ({@code retry}, legacy
 *     {@code nb_get_retry}); default 1, 3 for DNS_CHECK, 0 for MISC_CHECK
 * @param delayBeforeRetry pause between those attempts; default 3 s for HTTP_GET/SSL_GET, the
 *     delay loop for DNS_CHECK, 1 s otherwise
 * @param warmup upper bound of the random delay before the first check; default the delay loop
 * @param delayLoop interval between checks; default 60 s
 * @param alpha start the server as down until a check succeeds
 * @param logAllFailures log every failure, not only state changes
 */
public record CheckTiming(
        long retry,
        Duration delayBeforeRetry,
        Duration warmup,
        Duration delayLoop,
        boolean alpha,
        boolean logAllFailures) {

    @Override
    public String toString() {
        return "retry " + retry + " delay_before_retry " + Durations.format(delayBeforeRetry) + " warmup "
                + Durations.format(warmup) + " delay_loop " + Durations.format(delayLoop)
                + (alpha ? " alpha" : "") + (logAllFailures ? " log_all_failures" : "");
    }
}
