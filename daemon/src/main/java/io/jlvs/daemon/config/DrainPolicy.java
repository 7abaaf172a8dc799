package io.jlvs.daemon.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * jlvs's drain settings for a virtual service (DESIGN.md §5): a drained real server takes no new
 * connections; its idle keep-alive flows are closed gracefully once nothing moved for {@code
 * idleGrace} (NAT and FULLNAT only, where the director sees both directions); what is left at {@code
 * drainTimeout} is reset. {@code drainOnFailure}: a failed health check drains instead of removing
 * (or setting weight 0 under {@code inhibit_on_failure}); {@code drainOnRemoval}: a real server that a
 * reload removes is drained instead of deleted. A figure the service does not give (empty) is the
 * setting's, which an operator may change at run time.
 */
public record DrainPolicy(
        Optional<Duration> drainTimeout, Optional<Duration> idleGrace, boolean drainOnFailure, boolean drainOnRemoval) {

    /**
     * keepalived's behaviour: removal and failure act at once, nothing drains by itself; a drain's
     * figures come from the settings ({@code jlvsadm --sysctl drain_timeout, drain_idle_grace_ms}).
     */
    public static final DrainPolicy DEFAULT = new DrainPolicy(Optional.empty(), Optional.empty(), false, false);

    public DrainPolicy {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(idleGrace, "idleGrace");
    }
}
