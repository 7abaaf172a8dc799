package io.jlvs.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Counters;
import io.jlvs.api.Rates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimator behind {@code jlvsadm --rate}, driven with synthetic counters (no clock). */
class RateEstimatorTest {
    final RateEstimator est = new RateEstimator();
    final Map<Long, Counters> now = new HashMap<>();

    void advance(long id, long conns, long pkts, long bytes) {
        Counters c = now.getOrDefault(id, new Counters(0, 0, 0, 0, 0));
        now.put(
                id,
                new Counters(
                        c.conns() + conns,
                        c.inPkts() + pkts,
                        c.outPkts() + pkts / 2,
                        c.inBytes() + bytes,
                        c.outBytes() + bytes * 3));
    }

    void sample() {
        est.sample(List.copyOf(now.keySet()), now::get, 2.0);
    }

    @Test
    void nothingIsReportedBeforeTwoSamples() {
        advance(1, 100, 1000, 64_000);
        sample();
        assertThat(est.rates(1)).isEqualTo(new Rates(0, 0, 0, 0, 0));
        assertThat(est.rates(2)).isEqualTo(new Rates(0, 0, 0, 0, 0));
    }

    @Test
    void aConstantLoadConvergesOnItsRateAndAStopDecaysToZero() {
        advance(1, 0, 0, 0);
        sample();
        for (int i = 0; i < 80; i++) { // 160 s of 50 conn/s, 500 pkt/s, 32 kB/s in each 2 s interval
            advance(1, 100, 1000, 64_000);
            sample();
        }
        Rates r = est.rates(1);
        assertThat(r.cps()).isEqualTo(50);
        assertThat(r.inPps()).isEqualTo(500);
        assertThat(r.outPps()).isEqualTo(250);
        assertThat(r.inBps()).isEqualTo(32_000);
        assertThat(r.outBps()).isEqualTo(96_000);
        // One interval after a step the average has moved a quarter of the way (IPVS's weight).
        sample();
        assertThat(est.rates(1).cps()).isBetween(37L, 38L);
        for (int i = 0; i < 60; i++) {
            sample();
        }
        assertThat(est.rates(1)).isEqualTo(new Rates(0, 0, 0, 0, 0));
    }

    @Test
    void resetStartsTheEstimateAgain() {
        advance(1, 0, 0, 0);
        sample();
        advance(1, 100, 1000, 64_000);
        sample();
        assertThat(est.rates(1).cps()).isPositive();
        est.reset(1);
        assertThat(est.rates(1)).isEqualTo(new Rates(0, 0, 0, 0, 0));
    }
}
