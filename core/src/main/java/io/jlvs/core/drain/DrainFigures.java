package io.jlvs.core.drain;

import java.util.Arrays;

/**
 * One worker's drain figures per real-server index, written by the worker thread and read by the
 * control plane without a lock (plain longs: a reader may see a figure one scan old, never a torn
 * one on a 64-bit JVM). Cumulative counts only grow; the per-class counts are those of the last
 * complete scan of the connection table.
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

    private long[] counters = new long[0];
    private long[] classes = new long[0];
    private long[] scanning = new long[0];
    private volatile long scans; // written last by a scan: a reader that sees it sees the counts

    void ensure(int reals) {
        if (counters.length < reals * COUNTERS) {
            counters = Arrays.copyOf(counters, reals * COUNTERS);
            classes = Arrays.copyOf(classes, reals * FlowClass.OPEN_COUNT);
            scanning = Arrays.copyOf(scanning, reals * FlowClass.OPEN_COUNT);
        }
    }

    void count(int real, int counter) {
        int i = real * COUNTERS + counter;
        if (i < counters.length) {
            counters[i]++;
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

    /** Open flows of every class found by the last complete scan. */
    public long openFlows(int real) {
        long sum = 0;
        for (int c = 0; c < FlowClass.OPEN_COUNT; c++) {
            sum += flows(real, c);
        }
        return sum;
    }

    /** Complete scans so far: a figure is fresh once this moved past the value seen before. */
    public long scans() {
        return scans;
    }
}
