package io.jlvs.bench.health;

/** One way of checking the benchmark's loopback servers: jlvsd's checkers or a bare reference. */
interface Checkers extends AutoCloseable {
    /** Checks completed so far. */
    long checks();

    /** Checks that failed so far (the benchmark expects none: every server answers). */
    long failed();

    /** Up/down changes the checks caused (none expected). */
    long changes();

    /** Stops checking. */
    @Override
    void close();
}
