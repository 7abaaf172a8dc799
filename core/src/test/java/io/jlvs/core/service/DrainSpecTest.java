package io.jlvs.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DrainSpecTest {
    @Test
    void aDrainIsToldApartByIdentityNotByItsFigures() {
        DrainSpec first = DrainSpec.withTimeout(30_000);
        DrainSpec again = DrainSpec.withTimeout(30_000);
        assertThat(again).isNotEqualTo(first);
        assertThat(first).isEqualTo(first);
        assertThat(again.timeoutMillis()).isEqualTo(first.timeoutMillis());
        assertThat(again.idleGraceMillis()).isEqualTo(DrainSpec.DEFAULT_IDLE_GRACE_MILLIS);
        assertThat(again.busyAfterMillis()).isEqualTo(DrainSpec.DEFAULT_BUSY_AFTER_MILLIS);
        assertThat(again.closesPerSecond()).isEqualTo(DrainSpec.DEFAULT_CLOSES_PER_SECOND);
    }

    @Test
    void aRealServerDrainsOnlyUnderASpec() {
        RealServer.Builder b = RealServer.at("10.0.0.1", 80);
        assertThatThrownBy(() -> b.state(RealState.DRAINING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drain(spec)");
        DrainSpec spec = DrainSpec.withTimeout(1000);
        RealServer r = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.10", 80).real(b.drain(spec)))
                .build()
                .real(0);
        assertThat(r.state()).isEqualTo(RealState.DRAINING);
        assertThat(r.drain()).isSameAs(spec);
    }

    @Test
    void rejectsNegativeTimesAndNoCloses() {
        assertThatThrownBy(() -> new DrainSpec(-1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainSpec(0, -1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainSpec(0, 0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainSpec(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
