package io.jlvs.daemon.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TickerTest {

    @Test
    void systemSleepsEndOnTheSharedGridNeverEarly() throws InterruptedException {
        long grain = Ticker.WAKE_GRAIN_NANOS;
        long asked = TimeUnit.MILLISECONDS.toNanos(1);
        for (int i = 0; i < 5; i++) {
            long before = System.nanoTime();
            Ticker.SYSTEM.sleep(asked);
            long after = System.nanoTime();
            // Without the grid a 1 ms sleep would nearly always end before the next 20 ms mark.
            assertThat(after).isGreaterThanOrEqualTo(Math.ceilDiv(before + asked, grain) * grain);
        }
    }

    @Test
    void exactSleepsAtLeastWhatIsAsked() throws InterruptedException {
        long before = System.nanoTime();
        Ticker.EXACT.sleep(TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2));
    }

    @Test
    void aGrainMustBePositive() {
        assertThatThrownBy(() -> Ticker.coalescing(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
