package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.ForwardingMethod;
import org.junit.jupiter.api.Test;

class FwdMethodTest {
    @Test
    void numbersNamesAndDirectionsAreIpvss() {
        // IPVS connection-flag values (IP_VS_CONN_F_MASQ, _TUNNEL, _DROUTE; alibaba _FULLNAT).
        assertThat(new int[] {FwdMethod.NAT, FwdMethod.TUN, FwdMethod.DR, FwdMethod.FULLNAT})
                .containsExactly(0, 2, 3, 5);
        assertThat(ForwardingMethod.MASQ.code()).isEqualTo(FwdMethod.NAT);
        assertThat(ForwardingMethod.MASQ.ipvsadmName()).isEqualTo("Masq");
        assertThat(ForwardingMethod.TUNNEL.code()).isEqualTo(FwdMethod.TUN);
        assertThat(ForwardingMethod.TUNNEL.ipvsadmName()).isEqualTo("Tunnel");
        assertThat(ForwardingMethod.ROUTE.code()).isEqualTo(FwdMethod.DR);
        assertThat(ForwardingMethod.ROUTE.ipvsadmName()).isEqualTo("Route");
        assertThat(ForwardingMethod.FULLNAT.code()).isEqualTo(FwdMethod.FULLNAT);
        assertThat(ForwardingMethod.FULLNAT.ipvsadmName()).isEqualTo("FullNat");
        assertThat(FwdMethod.seesReplies(FwdMethod.NAT)).isTrue();
        assertThat(FwdMethod.seesReplies(FwdMethod.FULLNAT)).isTrue();
        assertThat(FwdMethod.seesReplies(FwdMethod.DR)).isFalse();
        assertThat(FwdMethod.seesReplies(FwdMethod.TUN)).isFalse();
        for (ForwardingMethod m : ForwardingMethod.values()) {
            assertThat(FwdMethod.isValid(m.code())).as(m.name()).isTrue();
            assertThat(m.seesReplies()).as(m.name()).isEqualTo(FwdMethod.seesReplies(m.code()));
        }
        for (int f = -1; f < 8; f++) {
            assertThat(FwdMethod.isValid(f)).isEqualTo(f == 0 || f == 2 || f == 3 || f == 5);
        }
    }
}
