package io.jlvs.core.drain;

import java.util.Arrays;

/**
 * One worker's drain figures per real-server index, written by the worker thread and read by the
 * control plane without a lock. Cumulative counts only grow; the per-class counts are those of the
 * last complete scan of the connection table.
 *
 * <p>What a reader can rely on: elements are plain longs, so a figure may be a few packets or one
 * scan old, never torn (a 64-bit JVM does not tear aligned long writes). A reader that reads
 * {@link #scans} first sees class counts at least as recent as that scan ({@code scans} is
 * volatile and written after them). The arrays are replaced by larger copies when a snapshot adds
 * real servers; their references are volatile, so a reader that finds a new array also finds the
 * figures copied into it, not zeros (which would read as "no flows left" and end a drain early).
 */
public final class DrainFigures {
    /** Flows closed with a FIN in the client's name. */
    public static final int CLOSED = 0;
    /** Client requests that crossed a close and were answered with a reset. */
    public static final int CROSSED = 1;
    /** Flows reset at the deadline. */
    public static final int RESET = 2;
    /** Flows that ended by themselves during the drain (FINs or a timeout). */
    public static final int ENDED = 3;
    /** Flows of a removed server reset at once ({@code expire_nodest_conn}). */
    public static final int NODEST_RESET = 4;

    public static final int COUNTERS = 5;

    private volatile long[] counters = new long[0];
    private volatile long[] classes = new long[0];
    private long[] scanning = new long[0]; // the worker's alone
    private volatile long scans; // written last by a scan: a reader that sees it sees the counts

    void ensure(int reals) {
        if (counters.length < reals * COUNTERS) {
            counters = Arrays.copyOf(counters, reals * COUNTERS);
            classes = Arrays.copyOf(classes, reals * FlowClass.OPEN_COUNT);
            scanning = Arrays.copyOf(scanning, reals * FlowClass.OPEN_COUNT);
        }
    }

    void count(int real, int counter) {
        long[] c = counters;
        int i = real * COUNTERS + counter;
        if (i < c.length) {
            c[i]++;
        }
    }

    void seen(int real, int flowClass) {
        int i = real * FlowClass.OPEN_COUNT + flowClass;
        if (i < scanning.length) {
            scanning[i]++;
        }
    }

    /** A scan of the whole table is complete: its class counts become the published ones. */
    void scanDone() {
        System.arraycopy(scanning, 0, classes, 0, scanning.length);
        Arrays.fill(scanning, 0);
        scans = scans + 1;
    }

    /** Cumulative {@code counter} (e.g. {@link #CLOSED}) of real server {@code real}. */
    public long counter(int real, int counter) {
        long[] c = counters;
        int i = real * COUNTERS + counter;
        return i < c.length ? c[i] : 0;
    }

    /** Open flows of {@code flowClass} found by the last complete scan. */
    public long flows(int real, int flowClass) {
        long[] c = classes;
        int i = real * FlowClass.OPEN_COUNT + flowClass;
        return i < c.length ? c[i] : 0;
    }

    /** Complete scans so far: a figure is fresh once this moved past the value seen before. */
    public long scans() {
        return scans;
    }
}
