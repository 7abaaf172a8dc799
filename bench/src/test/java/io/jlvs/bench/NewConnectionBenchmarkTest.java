package io.jlvs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.worker.Verdict;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each SYN of the benchmark opens and forwards a connection of its own, and expiry keeps the
 * table bounded: run past one full cycle of the tuples, so each tuple is used twice.
 */
class NewConnectionBenchmarkTest {
    @ParameterizedTest
    @EnumSource(
            value = ForwardingMethod.class,
            names = {"MASQ", "FULLNAT"})
    void everySynOpensAConnectionAndOldOnesExpire(ForwardingMethod method) {
        NewConnectionBenchmark b = new NewConnectionBenchmark();
        b.method = method;
        b.setUp();
        int ops = NewConnectionBenchmark.TUPLES + 10_000;
        int maxSize = 0;
        for (int i = 0; i < ops; i++) {
            int v = b.syn();
            if (v != Verdict.FORWARDED) {
                throw new AssertionError("SYN " + i + " was " + Verdict.name(v));
            }
            maxSize = Math.max(maxSize, b.worker.connections().size());
        }
        b.verify();
        assertThat(b.audit.connectionsOpened()).isEqualTo(ops);
        // About 60 s of half-open connections at one SYN per ms, never the whole cycle of tuples.
        assertThat(maxSize).isBetween(55_000, 65_000);
    }

    @Test
    void tuplesAreDistinctOverTheCycle() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < NewConnectionBenchmark.TUPLES; i++) {
            long key = (long) NewConnectionBenchmark.clientAddress(i) << 16 | NewConnectionBenchmark.clientPort(i);
            assertThat(NewConnectionBenchmark.clientPort(i)).isBetween(1024, 65535);
            seen.add(key);
        }
        assertThat(seen).hasSize(NewConnectionBenchmark.TUPLES);
    }
}
