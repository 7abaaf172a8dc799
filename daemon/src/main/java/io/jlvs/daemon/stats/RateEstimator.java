package io.jlvs.daemon.stats;

import io.jlvs.api.Counters;
import io.jlvs.api.Rates;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The rates {@code ipvsadm --rate} shows (CPS, InPPS, OutPPS, InBPS, OutBPS), estimated as the
 * kernel's ip_vs_est does: every two seconds the counters are sampled, the rate over the interval
 * computed, and folded into a moving average with weight 1/4, so a burst shows within seconds and
 * a constant load converges to its true rate.
 */
public final class RateEstimator {
    /** The sampling interval of IPVS's estimator. */
    public static final long INTERVAL_MILLIS = 2000;

    private record State(Counters last, double[] avg) {}

    private final Map<Long, State> states = new HashMap<>();

    /** Takes one sample of every id; call every {@link #INTERVAL_MILLIS}. */
    public synchronized void sample(Iterable<Long> ids, LongFunction<Counters> counters, double seconds) {
        Map<Long, State> next = new HashMap<>();
        for (long id : ids) {
            Counters now = counters.apply(id);
            State s = states.get(id);
            double[] avg = s == null ? new double[5] : s.avg();
            if (s != null && seconds > 0) {
                double[] rate = {
                    (now.conns() - s.last().conns()) / seconds,
                    (now.inPkts() - s.last().inPkts()) / seconds,
                    (now.outPkts() - s.last().outPkts()) / seconds,
                    (now.inBytes() - s.last().inBytes()) / seconds,
                    (now.outBytes() - s.last().outBytes()) / seconds
                };
                for (int i = 0; i < 5; i++) {
                    avg[i] += (Math.max(0, rate[i]) - avg[i]) / 4;
                }
            }
            next.put(id, new State(now, avg));
        }
        states.clear();
        states.putAll(next);
    }

    /** The current estimate for an id (zero before two samples). */
    public synchronized Rates rates(long id) {
        State s = states.get(id);
        if (s == null) {
            return new Rates(0, 0, 0, 0, 0);
        }
        double[] a = s.avg();
        return new Rates(Math.round(a[0]), Math.round(a[1]), Math.round(a[2]), Math.round(a[3]), Math.round(a[4]));
    }

    /** Starts an id again ({@code -Z}). */
    public synchronized void reset(long id) {
        states.remove(id);
    }
}
