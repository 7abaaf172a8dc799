package io.jlvs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.worker.Verdict;
import org.junit.jupiter.api.Test;

/** The benchmark's operations do what they are named for; no timing is measured here. */
class EstablishedFlowBenchmarkTest {
    @Test
    void everyOperationForwardsItsPacketAndTheAuditAgrees() {
        EstablishedFlowBenchmark b = new EstablishedFlowBenchmark();
        b.setUp();
        for (int i = 0; i < 1000; i++) {
            assertThat(b.reference()).isEqualTo(ParseResult.OK);
            assertThat(b.natIn()).isEqualTo(Verdict.FORWARDED);
            assertThat(b.natOut()).isEqualTo(Verdict.FORWARDED);
            assertThat(b.fullNatIn()).isEqualTo(Verdict.FORWARDED);
            assertThat(b.fullNatOut()).isEqualTo(Verdict.FORWARDED);
        }
        b.verify();
        assertThat(b.nat.audit.forwarded()).isEqualTo(2000);
        assertThat(b.fullNat.audit.forwarded()).isEqualTo(2000);
        assertThat(b.sink.frames()).isEqualTo(4000);
        // 118-byte frames: Ethernet 14 + IPv4 20 + TCP 20 + 64 bytes of payload.
        assertThat(b.sink.bytes()).isEqualTo(4000L * 118);
        assertThat(b.fullNat.inLength).isEqualTo(118);
        // One connection per worker: the same established flow every time.
        assertThat(b.fullNat.worker.connections().size()).isEqualTo(1);
    }

    @Test
    void theAuditFailsTheRunWhenAPacketWasNotForwarded() {
        EstablishedFlowBenchmark b = new EstablishedFlowBenchmark();
        b.setUp();
        b.fullNatIn();
        // A frame too short to parse: dropped, which the audit must catch.
        b.fullNat.worker.process(b.rx, 0, 10, SyntheticDirector.IF_C, EstablishedFlowBenchmark.NOW);
        assertThatThrownBy(b::verify).isInstanceOf(IllegalStateException.class).hasMessageContaining("were dropped");
    }
}
