package io.jlvs.core.sched;

import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.VirtualService;
import java.util.Objects;

/**
 * What every scheduler reads: the service's real servers flattened into primitive arrays in
 * configuration order (IPVS walks {@code svc->destinations} in that order, so ties and round-robin
 * sequences match), the caller's connection counts and the overload flags.
 */
abstract class BaseScheduler implements Scheduler {
    final VirtualService service;
    final RealLoad load;
    final Overload overload;
    /** Number of real servers. */
    final int n;
    /** Stable index of the real at each position. */
    final int[] index;
    /**
     * IPVS's {@code dest->weight}: the weight while UP, else 0. While a server of the service is
     * in slow start, every weight is multiplied by the same {@link #rampScale} (ratios unchanged)
     * and the ramping server's by its share on top, so a ramp has steps even at weight 1.
     */
    final int[] weight;
    /** {@link #weight} without the ramp: the (scaled) configured weight while UP, else 0. */
    final int[] fullWeight;
    /**
     * The factor {@link #weight} carries ({@link #rampScale}); where a weight is read as a number of
     * connections (ovf, lblc's overload test) connections are multiplied by it to compare.
     */
    final int scale;
    /** False for REMOVED servers, which IPVS has unlinked from the service (hash tables skip them). */
    final boolean[] present;
    /** Position of each stable index in this service, -1 if not here. */
    private final int[] positionOf;

    BaseScheduler(VirtualService service, RealLoad load, Overload overload) {
        this.service = Objects.requireNonNull(service, "service");
        this.load = Objects.requireNonNull(load, "load");
        this.overload = Objects.requireNonNull(overload, "overload");
        this.n = service.realCount();
        this.index = new int[n];
        this.weight = new int[n];
        this.fullWeight = new int[n];
        this.present = new boolean[n];
        int maxIndex = -1;
        this.scale = rampScale(service);
        for (int i = 0; i < n; i++) {
            RealServer r = service.real(i);
            index[i] = r.index();
            fullWeight[i] = r.effectiveWeight() * scale;
            weight[i] = r.ramping()
                    ? Math.max(1, (int) ((long) fullWeight[i] * r.rampPermille() / RealServer.FULL_SHARE))
                    : fullWeight[i];
            present[i] = r.state() != RealState.REMOVED;
            maxIndex = Math.max(maxIndex, r.index());
        }
        this.positionOf = new int[maxIndex + 1];
        java.util.Arrays.fill(positionOf, -1);
        for (int i = 0; i < n; i++) {
            positionOf[index[i]] = i;
        }
    }

    /**
     * 1 when no server of the service is in slow start (IPVS's weights exactly); otherwise the
     * largest factor up to 100 that keeps every weight within {@link RealServer#MAX_WEIGHT}, the
     * range the 64-bit cross-multiplications are sized for.
     */
    static int rampScale(VirtualService service) {
        boolean ramping = false;
        int max = 1;
        for (int i = 0; i < service.realCount(); i++) {
            RealServer r = service.real(i);
            ramping |= r.ramping();
            max = Math.max(max, r.effectiveWeight());
        }
        return ramping ? Math.max(1, Math.min(100, RealServer.MAX_WEIGHT / max)) : 1;
    }

    @Override
    public final VirtualService service() {
        return service;
    }

    final int positionOf(int realIndex) {
        return realIndex >= 0 && realIndex < positionOf.length ? positionOf[realIndex] : -1;
    }

    final boolean overloaded(int pos) {
        return overload.isOverloaded(index[pos]);
    }

    /** May take a new connection: effective weight above 0 and not over its threshold. */
    final boolean available(int pos) {
        return weight[pos] > 0 && !overload.isOverloaded(index[pos]);
    }

    final int active(int pos) {
        return load.activeConns(index[pos]);
    }

    /**
     * IPVS's ip_vs_dest_conn_overhead: an active connection is reckoned 256 times the work of an
     * inactive one.
     */
    final int overhead(int pos) {
        return (load.activeConns(index[pos]) << 8) + load.inactiveConns(index[pos]);
    }

    /**
     * The overhead as a weight-blind least-connection scheduler should compare it: the overhead
     * itself, except during a slow start, when it is scaled by configured / ramped weight. An
     * empty newcomer would otherwise take every new connection until it held as many as the
     * others; scaled, it settles at the ramped share of theirs (e.g. a tenth of their load at 10 %),
     * which rises with the ramp. Outside a ramp this is IPVS's comparison exactly.
     */
    final long rampedOverhead(int pos) {
        long oh = overhead(pos);
        int w = weight[pos];
        int full = fullWeight[pos];
        return w > 0 && w < full ? oh * full / w : oh;
    }

    /**
     * Weighted least-connection over the whole service, as ip_vs_wlc (and lblc/lblcr's fallback):
     * the first available server, then any whose overhead/weight is strictly lower, compared by
     * cross-multiplication in 64 bits. Returns a position or -1.
     */
    final int leastWeightedOverhead() {
        int least = -1;
        long loh = 0;
        for (int i = 0; i < n; i++) {
            if (overloaded(i)) {
                continue;
            }
            if (least < 0) {
                if (weight[i] > 0) {
                    least = i;
                    loh = overhead(i);
                }
                continue;
            }
            long doh = overhead(i);
            if (loh * weight[i] > doh * weight[least]) {
                least = i;
                loh = doh;
            }
        }
        return least;
    }

    /**
     * lblc/lblcr's test of a cached server: busier than its weight while some server is under half
     * of its own, so locality is given up for balance.
     */
    final boolean lblcOverloaded(int pos) {
        if ((long) active(pos) * scale > weight[pos]) {
            for (int i = 0; i < n; i++) {
                if ((long) active(i) * 2 * scale < weight[i]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name() + " for " + service.describe();
    }
}
