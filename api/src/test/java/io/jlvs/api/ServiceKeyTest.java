package io.jlvs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceKeyTest {
    @Test
    void fwmarkKeysAreNormalisedAsIpvsadmBuildsThem() {
        ServiceKey k = new ServiceKey(Family.INET, Protocol.UDP, Address.parse("1.2.3.4"), 80, 7);
        assertThat(k).isEqualTo(ServiceKey.ofFwmark(7, Family.INET));
        assertThat(k.protocol()).isEqualTo(Protocol.TCP);
        assertThat(k.address()).isEqualTo(Address.ANY_V4);
        assertThat(k.port()).isZero();
        assertThat(ServiceKey.ofFwmark(7, Family.INET6)).isNotEqualTo(k);
    }

    @Test
    void shapeIsChecked() {
        assertThatThrownBy(() -> ServiceKey.of(Protocol.TCP, Address.parse("1.2.3.4"), 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceKey(Family.INET6, Protocol.TCP, Address.parse("1.2.3.4"), 80, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceKey.ofFwmark(0x1_0000_0000L, Family.INET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceKey.ofFwmark(0, Family.INET)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sortsAsIpvsadmFwmarkFamilyProtocolAddressPort() {
        ServiceKey udp = ServiceKey.of(Protocol.UDP, Address.parse("10.0.0.1"), 53);
        ServiceKey tcpHigh = ServiceKey.of(Protocol.TCP, Address.parse("200.0.0.1"), 80);
        ServiceKey tcpLow81 = ServiceKey.of(Protocol.TCP, Address.parse("10.0.0.1"), 81);
        ServiceKey tcpLow80 = ServiceKey.of(Protocol.TCP, Address.parse("10.0.0.1"), 80);
        ServiceKey v6 = ServiceKey.of(Protocol.TCP, Address.parse("2001:db8::1"), 80);
        ServiceKey fwm2 = ServiceKey.ofFwmark(2, Family.INET);
        ServiceKey fwm1v6 = ServiceKey.ofFwmark(1, Family.INET6);
        ServiceKey fwm1 = ServiceKey.ofFwmark(1, Family.INET);
        List<ServiceKey> keys = new ArrayList<>(List.of(fwm2, v6, udp, fwm1v6, tcpHigh, fwm1, tcpLow81, tcpLow80));
        keys.sort(null);
        assertThat(keys).containsExactly(tcpLow80, tcpLow81, tcpHigh, udp, v6, fwm1, fwm1v6, fwm2);
    }

    @Test
    void printsAsTheOperatorWritesIt() {
        assertThat(ServiceKey.of(Protocol.SCTP, Address.parse("2001:db8::1"), 80))
                .hasToString("SCTP [2001:db8::1]:80");
        assertThat(ServiceKey.ofFwmark(3, Family.INET6)).hasToString("FWM 3 IPv6");
    }
}
