package io.jlvs.daemon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.Counters;
import io.jlvs.api.Rates;
import org.junit.jupiter.api.Test;

class CounterBlockTest {
    @Test
    void zeroMakesTheCurrentTotalsTheZeroPoint() {
        CounterBlock b = new CounterBlock();
        b.add(2, 20, 10, 2000, 1000);
        b.rates(new Rates(1, 2, 3, 4, 5));
        b.connections(new ConnectionCounts(1, 2, 3));
        b.zero();
        assertThat(b.counters()).isEqualTo(Counters.ZERO);
        assertThat(b.rates()).isEqualTo(Rates.ZERO);
        assertThat(b.connections())
                .as("connections are a state, not a counter")
                .isEqualTo(new ConnectionCounts(1, 2, 3));
        b.add(1, 1, 1, 1, 1);
        assertThat(b.counters()).isEqualTo(new Counters(1, 1, 1, 1, 1));
    }

    @Test
    void anUnfedIdReadsZero() {
        CounterStatsSource s = new CounterStatsSource();
        assertThat(s.counters(42)).isEqualTo(Counters.ZERO);
        assertThat(s.rates(42)).isEqualTo(Rates.ZERO);
        assertThat(s.connections(42)).isEqualTo(ConnectionCounts.NONE);
        assertThat(s.localAddress(1, Address.parse("10.0.0.1")).conns()).isZero();
        assertThat(s.connectionEntries()).isEmpty();
    }
}
