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
        RealServer r = build(RealServer.at("10.0.0.1", 80).weight(10).rampPermille(300));
        assertThat(r.weight()).isEqualTo(10);
        assertThat(r.effectiveWeight()).isEqualTo(10);
        assertThat(r.rampPermille()).isEqualTo(300);
        assertThat(r.ramping()).isTrue();
    }

    @Test
    void noRampMeansTheFullShare() {
        RealServer plain = build(RealServer.at("10.0.0.1", 80).weight(10));
        assertThat(plain.rampPermille()).isEqualTo(RealServer.FULL_SHARE);
        assertThat(plain.ramping()).isFalse();
    }

    @Test
    void aQuiescentServerIsNotRamping() {
        RealServer r =
                build(RealServer.at("10.0.0.1", 80).weight(10).rampPermille(300).state(RealState.QUIESCENT));
        assertThat(r.effectiveWeight()).isZero();
        assertThat(r.ramping()).isFalse();
    }

    @Test
    void aRampWeightOutOfRangeIsRefused() {
        assertThatThrownBy(() -> RealServer.at("10.0.0.1", 80).rampPermille(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slow-start share 0/1000");
    }
}
