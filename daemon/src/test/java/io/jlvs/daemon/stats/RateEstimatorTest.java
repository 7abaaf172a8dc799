package io.jlvs.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Counters;
import io.jlvs.api.Rates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The estimator behind {@code jlvsadm --rate}, fed known counter sequences (no clock). Every
 * expected figure was worked out by hand from ip_vs_est.c's arithmetic: per 2 s interval, rate =
 * delta << 9 (conns, packets) or delta << 4 (bytes); avg += (rate - avg) >> 2; read as (avg +
 * 0x1FF) >> 10 or (avg + 0xF) >> 5. For example 100 connections in the first interval: rate 51200,
 * avg 12800, read (12800 + 511) >> 10 = 12 (a rounded 12.5 would say 13).
 */
class RateEstimatorTest {
    final RateEstimator est = new RateEstimator();
    final Map<Long, Counters> now = new HashMap<>();

    /** One interval's increase of every counter of {@code id}. */
    void advance(long id, long conns, long inPkts, long outPkts, long inBytes, long outBytes) {
        Counters c = now.getOrDefault(id, new Counters(0, 0, 0, 0, 0));
        now.put(
                id,
                new Counters(
                        c.conns() + conns,
                        c.inPkts() + inPkts,
                        c.outPkts() + outPkts,
                        c.inBytes() + inBytes,
                        c.outBytes() + outBytes));
    }

    void steady(long id) {
        advance(id, 100, 1000, 500, 64_000, 192_000); // 50 conn/s, 500 + 250 pkt/s, 32 + 96 kB/s
    }

    void sample() {
        est.sample(List.copyOf(now.keySet()), now::get);
    }

    @Test
    void nothingIsReportedBeforeTwoSamples() {
        steady(1);
        sample();
        assertThat(est.rates(1)).isEqualTo(Rates.ZERO);
        assertThat(est.rates(2)).isEqualTo(Rates.ZERO);
    }

    @Test
    void aStepOfLoadGivesTheKernelsFiguresIntervalByInterval() {
        advance(1, 0, 0, 0, 0, 0);
        sample();
        steady(1);
        sample();
        // avg 12800, 128000, 64000, 256000, 768000
        assertThat(est.rates(1)).isEqualTo(new Rates(12, 125, 62, 8000, 24000));
        steady(1);
        sample();
        // avg 22400, 224000, 112000, 448000, 1344000
        assertThat(est.rates(1)).isEqualTo(new Rates(22, 219, 109, 14000, 42000));
        steady(1);
        sample();
        // avg 29600, 296000, 148000, 592000, 1776000
        assertThat(est.rates(1)).isEqualTo(new Rates(29, 289, 145, 18500, 55500));
    }

    @Test
    void anIrregularSequenceGivesTheKernelsFigures() {
        advance(1, 0, 0, 0, 0, 0);
        sample();
        long[][] deltas = {
            {7, 123, 45, 98_765, 4_321}, {0, 0, 0, 0, 0}, {1, 2, 3, 4, 5}, {1000, 1, 0, 1, 0}, {0, 0, 0, 0, 0}
        };
        Rates[] expected = {
            new Rates(1, 15, 6, 12346, 540), // avg 896, 15744, 5760, 395060, 17284
            new Rates(1, 12, 4, 9259, 405), // avg 672, 11808, 4320, 296295, 12963
            new Rates(1, 9, 4, 6945, 304), // avg 632, 9112, 3624, 222237, 9742
            new Rates(125, 7, 3, 5209, 228), // avg 128474, 6962, 2718, 166681, 7306
            new Rates(94, 5, 2, 3907, 171) // avg 96355, 5221, 2038, 125010, 5479
        };
        for (int i = 0; i < deltas.length; i++) {
            long[] d = deltas[i];
            advance(1, d[0], d[1], d[2], d[3], d[4]);
            sample();
            assertThat(est.rates(1)).as("interval %d", i + 1).isEqualTo(expected[i]);
        }
    }

    @Test
    void aConstantLoadSettlesOnItsRateAndAStopDecaysToExactlyZero() {
        advance(1, 0, 0, 0, 0, 0);
        sample();
        for (int i = 0; i < 80; i++) {
            steady(1);
            sample();
        }
        // avg settles 3 below the scaled rate (51197 for 51200): the shift drops the remainder.
        assertThat(est.rates(1)).isEqualTo(new Rates(50, 500, 250, 32000, 96000));
        sample(); // one silent interval: a quarter of the way down
        assertThat(est.rates(1)).isEqualTo(new Rates(37, 375, 187, 24000, 72000));
        for (int i = 0; i < 59; i++) {
            sample();
        }
        assertThat(est.rates(1)).isEqualTo(Rates.ZERO);
    }

    @Test
    void halfAConnectionPerSecondReadsAsZeroAsInTheKernel() {
        advance(1, 0, 0, 0, 0, 0);
        sample();
        for (int i = 0; i < 100; i++) {
            advance(1, 1, 1, 1, 1, 1);
            sample();
        }
        // avg 509 for conns and packets ((509 + 511) >> 10 = 0), 13 for bytes ((13 + 15) >> 5 = 0).
        assertThat(est.rates(1)).isEqualTo(Rates.ZERO);
    }

    @Test
    void resetZeroesTheRatesAndMeasuresFromThatPoint() {
        advance(1, 0, 0, 0, 0, 0);
        sample();
        for (int i = 0; i < 10; i++) {
            steady(1);
            sample();
        }
        assertThat(est.rates(1).cps()).isPositive();
        est.reset(1, now.get(1L)); // -Z
        assertThat(est.rates(1)).isEqualTo(Rates.ZERO);
        steady(1);
        sample(); // the increase since the reset, as after a fresh start
        assertThat(est.rates(1)).isEqualTo(new Rates(12, 125, 62, 8000, 24000));
    }

    @Test
    void aCounterThatGoesBackwardsCountsAsNoIncrease() {
        advance(1, 1000, 1000, 1000, 1000, 1000);
        sample();
        now.put(1L, new Counters(0, 0, 0, 0, 0));
        sample();
        assertThat(est.rates(1)).isEqualTo(Rates.ZERO);
        steady(1);
        sample();
        assertThat(est.rates(1)).isEqualTo(new Rates(12, 125, 62, 8000, 24000));
    }

    @Test
    void idsThatLeaveTheTableAreForgotten() {
        steady(1);
        steady(2);
        sample();
        steady(1);
        steady(2);
        sample();
        est.sample(List.of(1L), now::get);
        assertThat(est.rates(1).cps()).isPositive();
        assertThat(est.rates(2)).isEqualTo(Rates.ZERO);
    }
}
