package io.jlvs.daemon.health;

import java.util.concurrent.TimeUnit;

/** The time the checkers keep: monotonic nanoseconds and sleeping, replaceable by a fake clock in tests. */
public interface Ticker {

    long nanoTime();

    /** Wall-clock milliseconds, for "since" times shown to operators. */
    long currentTimeMillis();

    void sleep(long nanos) throws InterruptedException;

    Ticker SYSTEM = new Ticker() {
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
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        }
    };
}
