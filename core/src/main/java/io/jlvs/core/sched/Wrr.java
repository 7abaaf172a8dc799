package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Weighted round-robin (ip_vs_wrr). Passes over the list with a current weight {@code cw} that
 * starts at the largest weight and steps down by the weights' greatest common divisor {@code di};
 * a pass picks every server whose weight is at least {@code cw}. For weights 4, 3, 2 one cycle is
 * A A B A B C A B C.
 *
 * <p>As the kernel does, the top is lowered by {@code di - 1} so the last pass runs at {@code cw =
 * 1}, which also catches a server whose weight fell below {@code di}; a search that has tried every
 * server at {@code cw = 1} without a hit stops instead of spinning when all are overloaded.
 */
public final class Wrr extends BaseScheduler {
    /** Largest weight minus (di - 1); 0 when no server has a weight. */
    private final int mw;
    /** Greatest common divisor of the non-zero weights (1 when there are none). */
    private final int di;
    /** Current weight. */
    private int cw;
    /** Position of the last server chosen; -1 is the head of the list. */
    private int cursor = -1;

    public Wrr(VirtualService service, RealLoad load, Overload overload) {
        this(service, load, overload, null);
    }

    /**
     * After a change IPVS restarts from the head and keeps {@code cw} where it can (ip_vs_wrr
     * dest_changed): above the new top or 0 it restarts at the top, otherwise it is rounded down to
     * a multiple of the new step, plus one.
     */
    Wrr(VirtualService service, RealLoad load, Overload overload, Wrr previous) {
        super(service, load, overload);
        int g = 0;
        int max = 0;
        for (int i = 0; i < n; i++) {
            int w = weight[i];
            if (w > 0) {
                g = g == 0 ? w : gcd(g, w);
                max = Math.max(max, w);
            }
        }
        this.di = g == 0 ? 1 : g;
        this.mw = max - (di - 1);
        if (previous == null || previous.cw > mw || previous.cw == 0) {
            this.cw = mw;
        } else if (di > 1) {
            this.cw = (previous.cw / di) * di + 1;
        } else {
            this.cw = previous.cw;
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String name() {
        return "wrr";
    }

    /** The current weight; for tests of the carry-over rule. */
    int currentWeight() {
        return cw;
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        if (mw <= 0) {
            return NONE;
        }
        int last = cursor;
        int stop = Integer.MIN_VALUE;
        boolean lastPass = false;
        boolean restarted = false;
        int i = cursor;
        while (true) {
            for (i = i + 1; i < n; i++) {
                if (weight[i] >= cw && !overloaded(i)) {
                    cursor = i;
                    return index[i];
                }
                if (i == stop) {
                    cursor = i;
                    return NONE;
                }
            }
            i = -1;
            cw -= di;
            if (cw <= 0) {
                cw = mw;
                // Every server has been tried at cw = 1 already: either this call began its
                // passes above di and went through the last one, or it began at the head.
                if (lastPass || last == -1) {
                    cursor = -1;
                    return NONE;
                }
                restarted = true;
            }
            lastPass = cw <= di;
            if (lastPass && restarted && last != -1) {
                // The first cw = 1 pass only covered the servers after 'last'; finish with those up to it.
                stop = last;
            }
        }
    }
}
