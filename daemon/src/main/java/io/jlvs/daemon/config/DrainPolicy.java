package io.jlvs.daemon.config;

import io.jlvs.core.service.DrainSpec;
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
     * The data plane's default deadline (300 s, AWS NLB's deregistration delay); operators should
     * set it from their longest legitimate flow.
     */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMillis(DrainSpec.DEFAULT_TIMEOUT_MILLIS);

    /** The data plane's default, {@link DrainSpec#DEFAULT_IDLE_GRACE_MILLIS} (0.5 s). */
    public static final Duration DEFAULT_IDLE_GRACE = Duration.ofMillis(DrainSpec.DEFAULT_IDLE_GRACE_MILLIS);

    /** keepalived's behaviour: removal and failure act at once, nothing drains by itself. */
    public static final DrainPolicy DEFAULT = new DrainPolicy(DEFAULT_DRAIN_TIMEOUT, DEFAULT_IDLE_GRACE, false, false);
}
