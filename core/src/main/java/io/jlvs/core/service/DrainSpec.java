package io.jlvs.core.service;

/**
 * How one drain of a real server goes, fixed when it starts (the control plane's choice, carried by
 * the snapshot's {@link RealServer}). A new drain of the same server is a new
 * spec object: workers tell drains apart by identity, and each starts its own clock.
 *
 * @param timeoutMillis the deadline: flows still open then are reset to both ends
 * @param idleGraceMillis a flow with all data acknowledged both ways and nothing moving for this
 *     long is idle and closed gracefully
 * @param busyAfterMillis from this point of the drain, busy flows are closed too, at the first
 *     instant all their data is acknowledged in both directions (between a response and the next
 *     request)
 * @param closesPerSecond graceful closes per second over all workers, so that a pool of a thousand
 *     clients does not reconnect in one burst
 */
public record DrainSpec(long timeoutMillis, long idleGraceMillis, long busyAfterMillis, int closesPerSecond) {
    /** Defaults: 0.5 s of quiet makes a flow idle; busy flows are closed from 1 s on; 1000 closes/s. */
    public static final long DEFAULT_IDLE_GRACE_MILLIS = 500;

    public static final long DEFAULT_BUSY_AFTER_MILLIS = 1000;
    public static final int DEFAULT_CLOSES_PER_SECOND = 1000;

    public DrainSpec {
        if (timeoutMillis < 0 || idleGraceMillis < 0 || busyAfterMillis < 0 || closesPerSecond < 1) {
            throw new IllegalArgumentException("drain: timeout " + timeoutMillis + " ms, idle grace " + idleGraceMillis
                    + " ms, busy after " + busyAfterMillis + " ms, " + closesPerSecond + " closes/s");
        }
    }

    /** A drain with this deadline and the default pacing. */
    public static DrainSpec withTimeout(long timeoutMillis) {
        return new DrainSpec(
                timeoutMillis, DEFAULT_IDLE_GRACE_MILLIS, DEFAULT_BUSY_AFTER_MILLIS, DEFAULT_CLOSES_PER_SECOND);
    }

    // Records compare by value; drains must compare by identity (a restarted drain is a new one).
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
