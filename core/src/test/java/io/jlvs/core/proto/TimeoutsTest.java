package io.jlvs.core.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @Test
    void defaultsAreIpvsDefaults() {
        Timeouts t = Timeouts.defaults(1);
        int[] expected = new int[TcpStates.COUNT];
        expected[TcpStates.NONE] = 2;
        expected[TcpStates.ESTABLISHED] = 900;
        expected[TcpStates.SYN_SENT] = 120;
        expected[TcpStates.SYN_RECV] = 60;
        expected[TcpStates.FIN_WAIT] = 120;
        expected[TcpStates.TIME_WAIT] = 120;
        expected[TcpStates.CLOSE] = 10;
        expected[TcpStates.CLOSE_WAIT] = 60;
        expected[TcpStates.LAST_ACK] = 30;
        expected[TcpStates.LISTEN] = 120;
        expected[TcpStates.SYNACK] = 120;
        for (int s = 0; s < TcpStates.COUNT; s++) {
            assertThat(t.tcpSeconds(s)).as(TcpStates.name(s)).isEqualTo(expected[s]);
            assertThat(t.tcpTicks(s, -1)).as(TcpStates.name(s)).isEqualTo(expected[s]);
        }
        assertThat(t.udp()).isEqualTo(300);
        assertThat(t.udpTicks()).isEqualTo(300);
        assertThat(t.toString()).isEqualTo("Timeout (tcp tcpfin udp): 900 120 300");
    }

    @Test
    void ticksFollowTheClockRate() {
        Timeouts t = Timeouts.defaults(1000);
        assertThat(t.ticksPerSecond()).isEqualTo(1000);
        assertThat(t.tcpTicks(TcpStates.ESTABLISHED, 0)).isEqualTo(900_000);
        assertThat(t.tcpTicks(TcpStates.CLOSE, 0)).isEqualTo(10_000);
        assertThat(t.udpTicks()).isEqualTo(300_000);
        // A corrupt state retires fast.
        assertThat(t.tcpTicks(99, 0)).isEqualTo(10_000);
        assertThat(t.tcpTicks(-1, 0)).isEqualTo(10_000);
    }

    @Test
    void ipvsadmSetWritesEstablishedFinWaitAndUdpOnly() {
        Timeouts before = Timeouts.defaults(1000);
        Timeouts t = before.withIpvsadmSet(3600, 30, 45);
        assertThat(t.tcp()).isEqualTo(3600);
        assertThat(t.tcpFin()).isEqualTo(30);
        assertThat(t.udp()).isEqualTo(45);
        assertThat(t.tcpTicks(TcpStates.ESTABLISHED, 0)).isEqualTo(3_600_000);
        assertThat(t.tcpTicks(TcpStates.FIN_WAIT, 0)).isEqualTo(30_000);
        assertThat(t.udpTicks()).isEqualTo(45_000);
        // tcpfin is FIN_WAIT only; TIME_WAIT, CLOSE_WAIT and the rest keep their values.
        for (int s = 0; s < TcpStates.COUNT; s++) {
            if (s != TcpStates.ESTABLISHED && s != TcpStates.FIN_WAIT) {
                assertThat(t.tcpSeconds(s)).as(TcpStates.name(s)).isEqualTo(before.tcpSeconds(s));
            }
        }
        // Immutable: the old value is untouched.
        assertThat(before.tcp()).isEqualTo(900);
        assertThat(t.toString()).isEqualTo("Timeout (tcp tcpfin udp): 3600 30 45");
    }

    @Test
    void zeroLeavesAValueUnchanged() {
        Timeouts t = Timeouts.defaults(1).withIpvsadmSet(100, 0, 0).withIpvsadmSet(0, 50, 0);
        assertThat(t.tcp()).isEqualTo(100);
        assertThat(t.tcpFin()).isEqualTo(50);
        assertThat(t.udp()).isEqualTo(300);
    }

    @Test
    void badValuesAreRefused() {
        Timeouts t = Timeouts.defaults(1000);
        assertThatThrownBy(() -> t.withIpvsadmSet(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withIpvsadmSet(0, 0, Timeouts.MAX_TICKS / 1000 + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(t.withIpvsadmSet(Timeouts.MAX_TICKS / 1000, 0, 0).tcp()).isEqualTo(Timeouts.MAX_TICKS / 1000);
        assertThatThrownBy(() -> t.withEstablishedTimeout(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withEstablishedTimeout(0, -10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timeouts.defaults(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serviceEstablishedTimeoutOverridesEstablishedOnlyForThatService() {
        Timeouts t = Timeouts.defaults(10).withIpvsadmSet(600, 0, 0).withEstablishedTimeout(7, 30);
        assertThat(t.establishedSeconds(7)).isEqualTo(30);
        assertThat(t.establishedSeconds(6)).isZero();
        assertThat(t.establishedSeconds(1000)).isZero();
        assertThat(t.tcpTicks(TcpStates.ESTABLISHED, 7)).isEqualTo(300);
        assertThat(t.tcpTicks(TcpStates.ESTABLISHED, 6)).isEqualTo(6000);
        assertThat(t.tcpTicks(TcpStates.ESTABLISHED, 8)).isEqualTo(6000);
        assertThat(t.tcpTicks(TcpStates.ESTABLISHED, -1)).isEqualTo(6000);
        // Other states of that service use the global table.
        assertThat(t.tcpTicks(TcpStates.FIN_WAIT, 7)).isEqualTo(1200);
        // A later global change does not undo the override; 0 removes it.
        Timeouts u = t.withIpvsadmSet(1200, 0, 0);
        assertThat(u.tcpTicks(TcpStates.ESTABLISHED, 7)).isEqualTo(300);
        assertThat(u.withEstablishedTimeout(7, 0).tcpTicks(TcpStates.ESTABLISHED, 7))
                .isEqualTo(12000);
    }
}
