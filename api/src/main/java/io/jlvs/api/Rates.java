package io.jlvs.api;

/**
 * Estimated rates of a service or real server, per second: connections, packets and bytes in
 * each direction (the kernel's estimator fields {@code cps inpps outpps inbps outbps}).
 */
public record Rates(long cps, long inPps, long outPps, long inBps, long outBps) {
    public static final Rates ZERO = new Rates(0, 0, 0, 0, 0);
}
