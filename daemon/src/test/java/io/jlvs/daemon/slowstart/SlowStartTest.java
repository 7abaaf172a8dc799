package io.jlvs.daemon.slowstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SlowStartTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aServerComingBackStartsAtTheFloor() {
        SlowStart s = SlowStart.begin(10, 5 * S);
        assertThat(s.permille()).isEqualTo(SlowStart.FLOOR_PERMILLE);
        assertThat(s.windowMillis()).isEqualTo(10_000);
        assertThat(s.elapsedMillis(5 * S)).isZero();
    }

    @Test
    void theShareIsLinearInFivePercentStepsAboveTheFloor() {
        long w = 10 * S;
        assertThat(SlowStart.share(0, w)).isEqualTo(100);
        assertThat(SlowStart.share(S, w)).isEqualTo(100); // 10 %
        assertThat(SlowStart.share(S + S / 2, w)).isEqualTo(150);
        assertThat(SlowStart.share(S + S / 2 - 1, w)).isEqualTo(100); // 14.99 % rounds down to 10 %
        assertThat(SlowStart.share(5 * S, w)).isEqualTo(500);
        assertThat(SlowStart.share(9 * S + S / 2, w)).isEqualTo(950);
        assertThat(SlowStart.share(10 * S - 1, w)).isEqualTo(950);
        assertThat(SlowStart.share(10 * S, w)).isEqualTo(1000);
        assertThat(SlowStart.share(-S, w)).isEqualTo(100); // a clock read before the start
    }

    @Test
    void atMovesToTheNextStepKeepsTheSameObjectBetweenStepsAndEndsAtTheWindow() {
        SlowStart s = SlowStart.begin(10, 0);
        assertThat(s.at(S / 2)).isSameAs(s);
        SlowStart half = s.at(5 * S);
        assertThat(half.permille()).isEqualTo(500);
        assertThat(half.startNanos()).isZero();
        assertThat(half.at(10 * S)).isNull();
    }

    @Test
    void rewindowKeepsTheStart() {
        SlowStart s = SlowStart.begin(10, 0);
        assertThat(s.rewindow(20, 5 * S).permille()).isEqualTo(250);
        assertThat(s.rewindow(4, 5 * S)).isNull(); // the shorter window is already over
        assertThat(s.rewindow(0, 5 * S)).isNull(); // slow start switched off
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> SlowStart.begin(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlowStart(0, S, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlowStart(0, 0, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void theShareNeverFallsAndStaysWithinFloorAndFull(
            @ForAll @IntRange(min = 1, max = 86_400) int seconds,
            @ForAll @LongRange(min = 0, max = 86_400L * 1_000_000_000L) long a,
            @ForAll @LongRange(min = 0, max = 86_400L * 1_000_000_000L) long b) {
        long window = seconds * S;
        long early = Math.min(a, b);
        long late = Math.max(a, b);
        int p1 = SlowStart.share(early, window);
        int p2 = SlowStart.share(late, window);
        assertThat(p1).isBetween(SlowStart.FLOOR_PERMILLE, 1000);
        assertThat(p2).isGreaterThanOrEqualTo(p1);
        assertThat(p1 % SlowStart.STEP_PERMILLE).isZero();
    }
}
