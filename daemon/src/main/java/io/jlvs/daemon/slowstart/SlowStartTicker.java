package io.jlvs.daemon.slowstart;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every slow start on, a few times a second, on its own daemon thread: {@code advance} is
 * the registry's {@code advanceSlowStarts}, which republishes the table only when a ramp reached
 * its next step (or ended), so an idle jlvsd publishes nothing.
 */
public final class SlowStartTicker implements AutoCloseable {
    /** Often enough that a 5 % step of a short (a few seconds) ramp is not late by much. */
    public static final long PERIOD_MILLIS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(SlowStartTicker.class);

    private final ScheduledExecutorService timer;

    public SlowStartTicker(Runnable advance) {
        Objects.requireNonNull(advance, "advance");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jlvsd-slow-start");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        advance.run();
                    } catch (RuntimeException e) {
                        // One failed step must not end every later one (a scheduled task that
                        // throws is never run again).
                        LOG.warn("slow start step failed", e);
                    }
                },
                PERIOD_MILLIS,
                PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
