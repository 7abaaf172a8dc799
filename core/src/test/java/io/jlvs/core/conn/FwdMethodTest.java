package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FwdMethodTest {
    @Test
    void numbersNamesAndDirectionsAreIpvss() {
        // IPVS connection-flag values (IP_VS_CONN_F_MASQ, _TUNNEL, _DROUTE; alibaba _FULLNAT).
        assertThat(new int[] {FwdMethod.NAT, FwdMethod.TUN, FwdMethod.DR, FwdMethod.FULLNAT})
                .containsExactly(0, 2, 3, 5);
        assertThat(FwdMethod.name(FwdMethod.NAT)).isEqualTo("Masq");
        assertThat(FwdMethod.name(FwdMethod.TUN)).isEqualTo("Tunnel");
        assertThat(FwdMethod.name(FwdMethod.DR)).isEqualTo("Route");
        assertThat(FwdMethod.name(FwdMethod.FULLNAT)).isEqualTo("FullNat");
        assertThat(FwdMethod.name(1)).isEqualTo("?");
        assertThat(FwdMethod.seesReplies(FwdMethod.NAT)).isTrue();
        assertThat(FwdMethod.seesReplies(FwdMethod.FULLNAT)).isTrue();
        assertThat(FwdMethod.seesReplies(FwdMethod.DR)).isFalse();
        assertThat(FwdMethod.seesReplies(FwdMethod.TUN)).isFalse();
        for (int f = -1; f < 8; f++) {
            assertThat(FwdMethod.isValid(f)).isEqualTo(f == 0 || f == 2 || f == 3 || f == 5);
        }
    }
}
