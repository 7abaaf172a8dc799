package io.jlvs.daemon.health;

/**
 * keepalived's state machine for one checker ({@code tcp_epilog}, HTTP's {@code epilog}, MISC's
 * child handler): a checker that is up goes down after {@code retry + 1} consecutive failures, the
 * extra attempts {@code delay_before_retry} apart; a checker that is down comes up on one success
 * and is checked every {@code delay_loop} meanwhile, without retries. With {@code alpha} it starts
 * down, so its server stays out of the table until a first success. A checker of a server not yet
 * seen working gets no retries: its first failure is enough, as keepalived's {@code check_data.c}
 * sets {@code retry_it = retry} at start and {@code migrate_checkers} does for a failed server.
 */
public final class CheckerState {

    /** What a result changed. */
    public enum Change {
        NONE,
        UP,
        DOWN
    }

    /**
     * The outcome of recording one result.
     *
     * @param change the transition, if any
     * @param retry whether the next attempt is a retry ({@code delay_before_retry}) rather than the
     *     next round ({@code delay_loop})
     * @param firstRun whether this was the checker's first result
     */
    public record Step(Change change, boolean retry, boolean firstRun) {}

    private final long retry;
    private final boolean alpha;
    private boolean up;
    private boolean hasRun;
    private long retryIt;
    private long failures;

    public CheckerState(long retry, boolean alpha, boolean oneFailureEnough) {
        this.retry = retry;
        this.alpha = alpha;
        this.up = !alpha;
        this.retryIt = oneFailureEnough ? retry : 0;
    }

    public Step record(boolean ok) {
        boolean first = !hasRun;
        hasRun = true;
        if (ok) {
            retryIt = 0;
            failures = 0;
            if (!up) {
                up = true;
                return new Step(Change.UP, false, first);
            }
            return new Step(Change.NONE, false, first);
        }
        failures++;
        if ((up || first) && retryIt >= retry) {
            retryIt = 0;
            if (up) {
                up = false;
                return new Step(Change.DOWN, false, first);
            }
            return new Step(Change.NONE, false, first);
        }
        if (up) {
            retryIt++;
            return new Step(Change.NONE, true, first);
        }
        return new Step(Change.NONE, false, first);
    }

    public boolean up() {
        return up;
    }

    public boolean hasRun() {
        return hasRun;
    }

    public boolean alpha() {
        return alpha;
    }

    /** Consecutive failed attempts. */
    public long failures() {
        return failures;
    }
}
