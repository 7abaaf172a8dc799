package io.jlvs.daemon.config;

import java.util.Optional;

/**
 * The {@code global_defs} keywords that matter to LVS. Everything else keepalived knows there (VRRP,
 * SNMP, process tuning) is accepted and ignored; a keyword keepalived does not know is a warning.
 *
 * @param routerId {@code router_id}; keepalived uses the host name when absent
 * @param lvsFlush {@code lvs_flush}: clear the table at start-up
 * @param lvsFlushOnStop {@code lvs_flush_on_stop [VS]}
 * @param checkerLogAllFailures {@code checker_log_all_failures}
 * @param scriptUser {@code script_user USER [GROUP]}: who runs scripts that name no user
 * @param scriptGroup the group of {@code script_user}, when given
 */
public record GlobalDefs(
        Optional<String> routerId,
        Notification notification,
        LvsTimeouts lvsTimeouts,
        boolean lvsFlush,
        FlushOnStop lvsFlushOnStop,
        Optional<LvsSyncDaemon> lvsSyncDaemon,
        boolean checkerLogAllFailures,
        Optional<String> scriptUser,
        Optional<String> scriptGroup) {

    /** What {@code lvs_flush_on_stop} removes at shutdown. */
    public enum FlushOnStop {
        /** Each real and virtual server is deleted one by one (keepalived's default). */
        NONE,
        /** The whole table is flushed. */
        FULL,
        /** Each virtual server is deleted, its real servers with it. */
        VS
    }
}
