package io.jlvs.core.service;

/**
 * How one drain of a real server goes, fixed when it starts (the control plane's choice, carried by
 * the snapshot's {@link RealServer}). A drain is told apart by identity, not by its figures: a new
 * drain of the same server with the same figures is a new spec object, and workers start its clock
 * afresh. Hence a class and not a record, which would compare by value.
 */
public final class DrainSpec {
    /**
     * Defaults: a 300 s deadline (AWS NLB's default deregistration delay); 0.5 s of quiet makes a
     * flow idle; busy flows are closed from 1 s on; 1000 closes/s. The daemon's configuration and
     * sysctls start from these.
     */
    public static final long DEFAULT_TIMEOUT_MILLIS = 300_000;

    public static final long DEFAULT_IDLE_GRACE_MILLIS = 500;

    public static final long DEFAULT_BUSY_AFTER_MILLIS = 1000;
    public static final int DEFAULT_CLOSES_PER_SECOND = 1000;

    private final long timeoutMillis;
    private final long idleGraceMillis;
    private final long busyAfterMillis;
    private final int closesPerSecond;

    /**
     * @param timeoutMillis the deadline: flows still open then are reset to both ends
     * @param idleGraceMillis a flow with all data acknowledged both ways and nothing moving for this
     *     long is idle and closed gracefully
     * @param busyAfterMillis from this point of the drain, busy flows are closed too, at the first
     *     instant all their data is acknowledged in both directions (between a response and the next
     *     request)
     * @param closesPerSecond graceful closes per second over all workers, so that a pool of a
     *     thousand clients does not reconnect in one burst; drains under way at the same time share
     *     one pace, the highest of theirs ({@link io.jlvs.core.drain.Drainer})
     */
    public DrainSpec(long timeoutMillis, long idleGraceMillis, long busyAfterMillis, int closesPerSecond) {
        if (timeoutMillis < 0 || idleGraceMillis < 0 || busyAfterMillis < 0 || closesPerSecond < 1) {
            throw new IllegalArgumentException("drain: timeout " + timeoutMillis + " ms, idle grace " + idleGraceMillis
                    + " ms, busy after " + busyAfterMillis + " ms, " + closesPerSecond + " closes/s");
        }
        this.timeoutMillis = timeoutMillis;
        this.idleGraceMillis = idleGraceMillis;
        this.busyAfterMillis = busyAfterMillis;
        this.closesPerSecond = closesPerSecond;
    }

    /** A drain with this deadline and the default pacing. */
    public static DrainSpec withTimeout(long timeoutMillis) {
        return new DrainSpec(
                timeoutMillis, DEFAULT_IDLE_GRACE_MILLIS, DEFAULT_BUSY_AFTER_MILLIS, DEFAULT_CLOSES_PER_SECOND);
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    public long idleGraceMillis() {
        return idleGraceMillis;
    }

    public long busyAfterMillis() {
        return busyAfterMillis;
    }

    public int closesPerSecond() {
        return closesPerSecond;
    }

    @Override
    public String toString() {
        return "DrainSpec[timeoutMillis=" + timeoutMillis + ", idleGraceMillis=" + idleGraceMillis
                + ", busyAfterMillis=" + busyAfterMillis + ", closesPerSecond=" + closesPerSecond + "]";
    }
}
