package io.jlvs.daemon.stats;

import io.jlvs.api.Counters;
import io.jlvs.api.Rates;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The rates {@code ipvsadm --rate} shows (CPS, InPPS, OutPPS, InBPS, OutBPS), computed exactly as
 * the kernel's estimator (net/netfilter/ipvs/ip_vs_est.c) computes them, in the same fixed-point
 * integers, so the same counter sequence gives the same figures:
 *
 * <ul>
 *   <li>every two seconds each counter's increase is taken as the rate over two seconds and
 *       scaled: connections and packets by 2^10 ({@code delta << 9}, i.e. delta / 2 s * 2^10),
 *       bytes by 2^5 ({@code delta << 4});
 *   <li>the scaled rate is folded into a moving average with weight 1/4: {@code avg += (rate -
 *       avg) >> 2}, an arithmetic shift (the kernel's s64 cast), so a decay ends at exactly 0;
 *   <li>reading rounds to nearest, half down: {@code (avg + 0x1FF) >> 10} for connections and
 *       packets, {@code (avg + 0xF) >> 5} for bytes.
 * </ul>
 *
 * <p>The kernel assumes its timer fires every two seconds and does not measure the interval; so
 * does this class (the sampler runs at a fixed rate, so its mean interval is exactly two
 * seconds). Two differences, both at the edges: the kernel's estimator starts with the service,
 * from zero counters, while here an id's first sample is its starting point (a data-plane slot's
 * counters need not start at zero); and a counter that goes backwards (a slot reused) counts as no
 * increase, where the kernel's unsigned subtraction would wrap.
 */
public final class RateEstimator {
    /** The sampling interval of IPVS's estimator. */
    public static final long INTERVAL_MILLIS = 2000;

    /** Connections, in packets, out packets: scaled by 2^10; in bytes, out bytes: by 2^5. */
    private static final int FIGURES = 5;

    private static final int BYTES_FROM = 3;

    /** One estimator: the counters last seen and the scaled averages (the kernel's struct ip_vs_estimator). */
    private static final class State {
        final long[] last;
        final long[] avg = new long[FIGURES];

        State(long[] now) {
            last = now;
        }
    }

    private final Map<Long, State> states = new HashMap<>();

    /** Takes one sample of every id (the kernel's estimation timer); call every {@link #INTERVAL_MILLIS}. */
    public synchronized void sample(Iterable<Long> ids, LongFunction<Counters> counters) {
        Map<Long, State> next = new HashMap<>();
        for (long id : ids) {
            long[] now = figures(counters.apply(id));
            State s = states.get(id);
            if (s == null) {
                s = new State(now);
            } else {
                for (int i = 0; i < FIGURES; i++) {
                    long delta = Math.max(0, now[i] - s.last[i]);
                    long rate = i < BYTES_FROM ? delta << 9 : delta << 4;
                    s.avg[i] += (rate - s.avg[i]) >> 2;
                    s.last[i] = now[i];
                }
            }
            next.put(id, s);
        }
        states.clear();
        states.putAll(next);
    }

    /** The current estimate for an id, decoded as ip_vs_read_estimator does (zero before two samples). */
    public synchronized Rates rates(long id) {
        State s = states.get(id);
        if (s == null) {
            return Rates.ZERO;
        }
        long[] a = s.avg;
        return new Rates(
                (a[0] + 0x1FF) >> 10, (a[1] + 0x1FF) >> 10, (a[2] + 0x1FF) >> 10, (a[3] + 0xF) >> 5, (a[4] + 0xF) >> 5);
    }

    /**
     * {@code -Z} (the kernel's ip_vs_zero_estimator): the rates drop to zero and the next sample
     * measures the increase from {@code now}.
     */
    public synchronized void reset(long id, Counters now) {
        states.put(id, new State(figures(now)));
    }

    private static long[] figures(Counters c) {
        return new long[] {c.conns(), c.inPkts(), c.outPkts(), c.inBytes(), c.outBytes()};
    }
}
