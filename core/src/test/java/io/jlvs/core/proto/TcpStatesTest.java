package io.jlvs.core.proto;

import static io.jlvs.core.proto.TcpStates.ACK;
import static io.jlvs.core.proto.TcpStates.CLOSE;
import static io.jlvs.core.proto.TcpStates.CLOSE_WAIT;
import static io.jlvs.core.proto.TcpStates.ESTABLISHED;
import static io.jlvs.core.proto.TcpStates.FIN;
import static io.jlvs.core.proto.TcpStates.FIN_WAIT;
import static io.jlvs.core.proto.TcpStates.INPUT;
import static io.jlvs.core.proto.TcpStates.INPUT_ONLY;
import static io.jlvs.core.proto.TcpStates.LAST_ACK;
import static io.jlvs.core.proto.TcpStates.LISTEN;
import static io.jlvs.core.proto.TcpStates.NONE;
import static io.jlvs.core.proto.TcpStates.OUTPUT;
import static io.jlvs.core.proto.TcpStates.RST;
import static io.jlvs.core.proto.TcpStates.SYN;
import static io.jlvs.core.proto.TcpStates.SYNACK;
import static io.jlvs.core.proto.TcpStates.SYN_RECV;
import static io.jlvs.core.proto.TcpStates.SYN_SENT;
import static io.jlvs.core.proto.TcpStates.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TcpStatesTest {
    /** A segment: direction and flags. */
    record Seg(int dir, int flags) {}

    static Seg in(int flags) {
        return new Seg(INPUT, flags);
    }

    static Seg out(int flags) {
        return new Seg(OUTPUT, flags);
    }

    static Seg inOnly(int flags) {
        return new Seg(INPUT_ONLY, flags);
    }

    /** Runs segments from NONE and returns the state after each one. */
    static int[] run(Seg... segs) {
        int[] states = new int[segs.length];
        int s = NONE;
        for (int i = 0; i < segs.length; i++) {
            s = TcpStates.next(segs[i].dir(), segs[i].flags(), s);
            states[i] = s;
        }
        return states;
    }

    @Test
    void threeWayHandshakeThroughNat() {
        // client SYN, server SYN-ACK, client ACK
        assertThat(run(in(SYN), out(SYN | ACK), in(ACK))).containsExactly(SYN_RECV, SYN_RECV, ESTABLISHED);
    }

    @Test
    void clientClosesFirst() {
        assertThat(run(
                        in(SYN),
                        out(SYN | ACK),
                        in(ACK),
                        in(ACK), // data
                        in(FIN | ACK), // client FIN
                        out(ACK), // server acknowledges it
                        out(FIN | ACK), // server FIN
                        in(ACK))) // client's last ACK
                .containsExactly(
                        SYN_RECV, SYN_RECV, ESTABLISHED, ESTABLISHED, CLOSE_WAIT, CLOSE_WAIT, TIME_WAIT, TIME_WAIT);
    }

    @Test
    void serverClosesFirst() {
        assertThat(run(
                        in(SYN),
                        out(SYN | ACK),
                        in(ACK),
                        out(FIN | ACK), // server FIN (an idle keep-alive closed by the server)
                        in(ACK),
                        in(FIN | ACK), // client FIN
                        out(ACK)))
                .containsExactly(SYN_RECV, SYN_RECV, ESTABLISHED, FIN_WAIT, FIN_WAIT, TIME_WAIT, TIME_WAIT);
    }

    @Test
    void resetFromEitherSideCloses() {
        assertThat(run(in(SYN), out(SYN | ACK), in(ACK), in(RST))).endsWith(CLOSE);
        assertThat(run(in(SYN), out(SYN | ACK), in(ACK), out(RST | ACK))).endsWith(CLOSE);
        // A server refusing the connection.
        assertThat(run(in(SYN), out(RST | ACK))).containsExactly(SYN_RECV, CLOSE);
        // A client RST while the handshake is pending leaves SYN_RECV (and its 60 s) alone.
        assertThat(run(in(SYN), in(RST))).containsExactly(SYN_RECV, SYN_RECV);
        // Once in TIME_WAIT a server RST does not shorten it.
        assertThat(TcpStates.next(OUTPUT, RST, TIME_WAIT)).isEqualTo(TIME_WAIT);
    }

    @Test
    void directRoutingSeesOnlyTheClient() {
        assertThat(run(
                        inOnly(SYN),
                        inOnly(ACK), // completes the handshake as far as the director can tell
                        inOnly(ACK | 0x08), // data with PSH
                        inOnly(FIN | ACK),
                        inOnly(ACK)))
                .containsExactly(SYN_RECV, ESTABLISHED, ESTABLISHED, FIN_WAIT, FIN_WAIT);
        // Unlike the two-sided table, the client's FIN is FIN_WAIT, not CLOSE_WAIT, which waits
        // for a server FIN the director will never see.
        assertThat(TcpStates.next(INPUT, FIN | ACK, ESTABLISHED)).isEqualTo(CLOSE_WAIT);
        assertThat(TcpStates.next(INPUT_ONLY, FIN | ACK, ESTABLISHED)).isEqualTo(FIN_WAIT);
        assertThat(TcpStates.next(INPUT_ONLY, RST, ESTABLISHED)).isEqualTo(CLOSE);
    }

    @Test
    void connectionOpenedFromTheRealServerSide() {
        assertThat(run(out(SYN), in(SYN | ACK), out(ACK))).containsExactly(SYN_SENT, ESTABLISHED, ESTABLISHED);
    }

    @Test
    void flagsArePrioritisedRstSynFinAck() {
        // RST wins over everything.
        assertThat(TcpStates.next(INPUT, RST | SYN | FIN | ACK, ESTABLISHED)).isEqualTo(CLOSE);
        // SYN wins over FIN: a SYN+FIN in ESTABLISHED is a SYN (stays ESTABLISHED), not a FIN.
        assertThat(TcpStates.next(INPUT, SYN | FIN, ESTABLISHED)).isEqualTo(ESTABLISHED);
        // FIN wins over ACK.
        assertThat(TcpStates.next(INPUT, FIN | ACK, ESTABLISHED)).isEqualTo(CLOSE_WAIT);
        // PSH and URG alone are not events; neither are ECE/CWR.
        assertThat(TcpStates.next(INPUT, 0x08 | 0x20 | 0x40 | 0x80, ESTABLISHED))
                .isEqualTo(CLOSE);
        assertThat(TcpStates.next(OUTPUT, 0, SYN_RECV)).isEqualTo(CLOSE);
    }

    @Test
    void lastAckAndListenOnlyLeaveOnTheirOwnEvents() {
        assertThat(TcpStates.next(INPUT, ACK, LAST_ACK)).isEqualTo(CLOSE);
        assertThat(TcpStates.next(OUTPUT, ACK, LAST_ACK)).isEqualTo(LAST_ACK);
        assertThat(TcpStates.next(OUTPUT, ACK, LISTEN)).isEqualTo(ESTABLISHED);
        assertThat(TcpStates.next(INPUT, ACK, LISTEN)).isEqualTo(LISTEN);
        assertThat(TcpStates.next(INPUT, ACK, SYNACK)).isEqualTo(ESTABLISHED);
    }

    @Test
    void outOfRangeInputsClose() {
        assertThat(TcpStates.next(3, ACK, ESTABLISHED)).isEqualTo(CLOSE);
        assertThat(TcpStates.next(-1, ACK, ESTABLISHED)).isEqualTo(CLOSE);
        assertThat(TcpStates.next(INPUT, ACK, TcpStates.COUNT)).isEqualTo(CLOSE);
        assertThat(TcpStates.next(INPUT, ACK, -1)).isEqualTo(CLOSE);
    }

    @Test
    void activeStatesAreTheOpenAndOpeningOnes() {
        for (int s = 0; s < TcpStates.COUNT; s++) {
            boolean expected = s == ESTABLISHED || s == SYN_SENT || s == SYN_RECV || s == SYNACK;
            assertThat(TcpStates.isActive(s)).as(TcpStates.name(s)).isEqualTo(expected);
        }
        assertThat(TcpStates.isActive(-1)).isFalse();
        assertThat(TcpStates.isActive(TcpStates.COUNT)).isFalse();
    }

    @Test
    void namesAreIpvsadms() {
        assertThat(TcpStates.name(NONE)).isEqualTo("NONE");
        assertThat(TcpStates.name(ESTABLISHED)).isEqualTo("ESTABLISHED");
        assertThat(TcpStates.name(SYN_RECV)).isEqualTo("SYN_RECV");
        assertThat(TcpStates.name(TIME_WAIT)).isEqualTo("TIME_WAIT");
        assertThat(TcpStates.name(CLOSE_WAIT)).isEqualTo("CLOSE_WAIT");
        assertThat(TcpStates.name(SYNACK)).isEqualTo("SYNACK");
        assertThat(TcpStates.name(99)).isEqualTo("ERR!");
        assertThat(UdpStates.name(UdpStates.NORMAL)).isEqualTo("UDP");
        assertThat(UdpStates.name(1)).isEqualTo("ERR!");
    }

    @Property
    void everyTransitionLandsOnAState(
            @ForAll @IntRange(min = 0, max = 2) int dir,
            @ForAll @IntRange(min = 0, max = 255) int flags,
            @ForAll @IntRange(min = 0, max = 10) int state) {
        int next = TcpStates.next(dir, flags, state);
        assertThat(next).isBetween(0, TcpStates.COUNT - 1);
        // Only the four event flags matter.
        assertThat(TcpStates.next(dir, flags & (SYN | FIN | RST | ACK), state)).isEqualTo(next);
    }

    @Property
    void rstAlwaysBeatsTheOtherFlags(
            @ForAll @IntRange(min = 0, max = 2) int dir,
            @ForAll @IntRange(min = 0, max = 255) int flags,
            @ForAll @IntRange(min = 0, max = 10) int state) {
        assertThat(TcpStates.next(dir, flags | RST, state)).isEqualTo(TcpStates.next(dir, RST, state));
    }
}
