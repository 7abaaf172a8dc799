package io.jlvs.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RealServerRampTest {
    private static RealServer build(RealServer.Builder r) {
        return ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.1", 80).real(r))
                .build()
                .service(0)
                .real(0);
    }

    @Test
    void schedulersSeeTheRampedWeightListingsTheConfiguredOne() {
        RealServer r = build(RealServer.at("10.0.0.1", 80).weight(10).rampWeight(3));
        assertThat(r.weight()).isEqualTo(10);
        assertThat(r.rampWeight()).isEqualTo(3);
        assertThat(r.effectiveWeight()).isEqualTo(3);
        assertThat(r.ramping()).isTrue();
    }

    @Test
    void noRampMeansTheConfiguredWeightAndARampAboveItEnds() {
        RealServer plain = build(RealServer.at("10.0.0.1", 80).weight(10));
        assertThat(plain.effectiveWeight()).isEqualTo(10);
        assertThat(plain.ramping()).isFalse();
        RealServer over = build(RealServer.at("10.0.0.1", 80).weight(4).rampWeight(9));
        assertThat(over.effectiveWeight()).isEqualTo(4);
        assertThat(over.ramping()).isFalse();
    }

    @Test
    void aQuiescentServerStaysAtZeroWhateverItsRamp() {
        RealServer r =
                build(RealServer.at("10.0.0.1", 80).weight(10).rampWeight(3).state(RealState.QUIESCENT));
        assertThat(r.effectiveWeight()).isZero();
    }

    @Test
    void aRampWeightOutOfRangeIsRefused() {
        assertThatThrownBy(() -> RealServer.at("10.0.0.1", 80).rampWeight(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slow-start weight 0");
    }
}
