package io.jlvs.api;

/**
 * Cumulative traffic counters of a service or real server since it was added or last zeroed
 * ({@code -Z}): the kernel's {@code ip_vs_stats64} counters. Values are unsigned 64-bit.
 */
public record Counters(long conns, long inPkts, long outPkts, long inBytes, long outBytes) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);
}
