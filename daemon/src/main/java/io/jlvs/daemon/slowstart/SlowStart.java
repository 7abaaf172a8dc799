package io.jlvs.daemon.slowstart;

import java.util.concurrent.TimeUnit;

/**
 * One real server's ramp: when it came back, over how long it ramps, and the share of its weight
 * schedulers were last given. Immutable; {@link #at} gives the next state.
 *
 * @param startNanos when it came back, on the registry's clock ({@link System#nanoTime()})
 * @param windowNanos the whole ramp, {@code slow_start}
 * @param permille the share published, thousandths of the weight
 */
public record SlowStart(long startNanos, long windowNanos, int permille) {
    /** Envoy's default {@code min_weight_percent}: what a server gets the instant it comes back. */
    public static final int FLOOR_PERMILLE = 100;
    /**
     * The ramp moves in 5 % steps: at most 18 republished tables per ramp, whatever its length,
     * and a Maglev or wrr table is not rebuilt for changes nobody could measure.
     */
    public static final int STEP_PERMILLE = 50;

    private static final int FULL = 1000;

    public SlowStart {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("slow start window must be positive, got " + windowNanos + " ns");
        }
        if (permille < 1 || permille >= FULL) {
            throw new IllegalArgumentException("slow start share " + permille + "/1000 is not in 1..999");
        }
    }

    /** A ramp of {@code seconds} beginning at {@code now}, at its floor. */
    public static SlowStart begin(int seconds, long now) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("slow start of " + seconds + " s");
        }
        long window = TimeUnit.SECONDS.toNanos(seconds);
        return new SlowStart(now, window, share(0, window));
    }

    /**
     * The share at {@code elapsed} of {@code window}: max(floor, elapsed / window), rounded down to
     * a step, in thousandths; {@value #FULL} once the window is over.
     */
    public static int share(long elapsed, long window) {
        if (elapsed >= window) {
            return FULL;
        }
        long linear = Math.max(0, elapsed) * FULL / window; // < FULL; window is at most a day of ns, no overflow
        int stepped = (int) (linear / STEP_PERMILLE * STEP_PERMILLE);
        return Math.max(FLOOR_PERMILLE, stepped);
    }

    /** The ramp at {@code now}: this one or the next step, or null once it is over. */
    public SlowStart at(long now) {
        int p = share(now - startNanos, windowNanos);
        if (p >= FULL) {
            return null;
        }
        return p == permille ? this : new SlowStart(startNanos, windowNanos, p);
    }

    /** The same ramp (same start) over another window, as an edit of {@code slow_start} asks; null if over. */
    public SlowStart rewindow(int seconds, long now) {
        if (seconds <= 0) {
            return null;
        }
        long window = TimeUnit.SECONDS.toNanos(seconds);
        int p = share(now - startNanos, window);
        return p >= FULL ? null : new SlowStart(startNanos, window, p);
    }

    public long elapsedMillis(long now) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - startNanos));
    }

    public long windowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(windowNanos);
    }
}
