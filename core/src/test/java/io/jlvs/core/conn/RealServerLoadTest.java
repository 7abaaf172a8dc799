package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RealServerLoadTest {
    @Test
    void hooksMoveCountsBetweenActiveAndInactive() {
        RealServerLoad l = new RealServerLoad(4);
        l.bound(1, false);
        l.bound(1, false);
        l.bound(2, true);
        assertThat(l.inactiveConns(1)).isEqualTo(2);
        assertThat(l.activeConns(2)).isEqualTo(1);
        l.activated(1);
        assertThat(l.activeConns(1)).isEqualTo(1);
        assertThat(l.inactiveConns(1)).isEqualTo(1);
        l.deactivated(2);
        assertThat(l.activeConns(2)).isZero();
        assertThat(l.inactiveConns(2)).isEqualTo(1);
        l.unbound(1, true);
        l.unbound(1, false);
        l.unbound(2, false);
        for (int r = 0; r < 4; r++) {
            assertThat(l.activeConns(r)).isZero();
            assertThat(l.inactiveConns(r)).isZero();
        }
    }

    @Test
    void indicesOutsideTheRangeAreIgnoredNotThrown() {
        RealServerLoad l = new RealServerLoad(2);
        assertThat(l.capacity()).isEqualTo(2);
        assertThat(l.covers(1)).isTrue();
        assertThat(l.covers(2)).isFalse();
        assertThat(l.covers(-1)).isFalse();
        l.bound(2, true);
        l.bound(-1, false);
        l.activated(5);
        l.deactivated(-3);
        l.unbound(9, true);
        assertThat(l.activeConns(2)).isZero();
        assertThat(l.inactiveConns(-1)).isZero();
        assertThatThrownBy(() -> new RealServerLoad(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workersAreSummedForDisplay() {
        RealServerLoad w0 = new RealServerLoad(3);
        RealServerLoad w1 = new RealServerLoad(2);
        w0.bound(0, true);
        w0.bound(2, false);
        w1.bound(0, true);
        w1.bound(0, false);
        w1.bound(1, false);
        int[] active = {9, 9, 9};
        int[] inactive = {9, 9, 9};
        RealServerLoad.sum(new RealServerLoad[] {w0, w1}, active, inactive);
        assertThat(active).containsExactly(2, 0, 0);
        assertThat(inactive).containsExactly(1, 1, 1);
    }
}
