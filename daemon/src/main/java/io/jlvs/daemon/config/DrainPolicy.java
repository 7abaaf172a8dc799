package io.jlvs.daemon.config;

import java.time.Duration;

/**
 * jlvs's drain settings for a virtual service (DESIGN.md §5): a drained real server takes no new
 * connections; its idle keep-alive flows are closed gracefully once nothing moved for {@code
 * idleGrace} (NAT and FULLNAT only, where the director sees both directions); what is left at {@code
 * drainTimeout} is reset. {@code drainOnFailure}: a failed health check drains instead of removing
 * (or setting weight 0 under {@code inhibit_on_failure}); {@code drainOnRemoval}: a real server that a
 * reload removes is drained instead of deleted.
 */
public record DrainPolicy(Duration drainTimeout, Duration idleGrace, boolean drainOnFailure, boolean drainOnRemoval) {

    /**
     * 300 s is AWS NLB's deregistration delay, the most widely deployed default for the same
     * decision; operators should set it from their longest legitimate flow.
     */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(300);

    /** Long against an RTT, short against a keep-alive timeout: a flow quiet for 2 s is idle. */
    public static final Duration DEFAULT_IDLE_GRACE = Duration.ofSeconds(2);

    /** keepalived's behaviour: removal and failure act at once, nothing drains by itself. */
    public static final DrainPolicy DEFAULT = new DrainPolicy(DEFAULT_DRAIN_TIMEOUT, DEFAULT_IDLE_GRACE, false, false);
}
