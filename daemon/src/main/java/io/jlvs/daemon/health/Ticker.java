package io.jlvs.daemon.health;

import java.util.concurrent.TimeUnit;

/** The time the checkers keep: monotonic nanoseconds and sleeping, replaceable by a fake clock in tests. */
public interface Ticker {

    long nanoTime();

    /** Wall-clock milliseconds, for "since" times shown to operators. */
    long currentTimeMillis();

    void sleep(long nanos) throws InterruptedException;

    /** How finely {@link #SYSTEM} wakes the checkers: sleeps end on the next multiple of this. */
    long WAKE_GRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * The system clock, with checkers' sleeps ending on a shared {@link #WAKE_GRAIN_NANOS} grid. A
     * thousand checkers each waking at its own instant cost a thread wake-up each (futex, context
     * switch, the scheduler's timer). On the grid, the checkers due in one 20 ms slot run in one
     * wake-up: bench/results/health-2026-11-24T2201Z.md has the grid at 0.85-0.92 of the exact
     * ticker's CPU in bench/health.sh's alternating rounds (about half in a run by hand on a
     * lighter-loaded machine, recorded there too).
     * keepalived's own timers are in whole milliseconds of a delay_loop counted in seconds: 20 ms
     * later than asked changes nothing an operator can see, and checks stay spread over the loop.
     */
    Ticker SYSTEM = coalescing(WAKE_GRAIN_NANOS);

    /** The system clock, waking each sleeper at its own instant: the reference the bench compares against. */
    Ticker EXACT = coalescing(1);

    /** The system clock with sleeps rounded up to end on a multiple of {@code grainNanos} of {@link System#nanoTime()}. */
    static Ticker coalescing(long grainNanos) {
        if (grainNanos < 1) {
            throw new IllegalArgumentException("grain must be positive: " + grainNanos);
        }
        return new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                if (nanos <= 0) {
                    return;
                }
                long now = System.nanoTime();
                long wake = Math.ceilDiv(now + nanos, grainNanos) * grainNanos;
                TimeUnit.NANOSECONDS.sleep(wake - now);
            }
        };
    }
}
