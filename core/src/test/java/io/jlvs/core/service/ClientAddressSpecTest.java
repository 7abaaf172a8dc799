package io.jlvs.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientAddressSpecTest {
    @Test
    void defaultsAreTheOptionAfterTheHandshakeAndAlibabasIpv6Kind() {
        ClientAddressSpec toa = ClientAddressSpec.of(ClientAddressMode.TOA);
        assertThat(toa.toaInSyn()).isFalse();
        assertThat(toa.toaIpv6Kind()).isEqualTo(253);
        assertThat(ClientAddressSpec.NONE.mode()).isEqualTo(ClientAddressMode.NONE);
    }

    @Test
    void refusesAnUnknownKindAndTOAOptionsWithoutTOA() {
        assertThatThrownBy(() -> new ClientAddressSpec(ClientAddressMode.TOA, false, 252))
                .hasMessageContaining("neither 253 (alibaba) nor 254 (DPVS)");
        assertThatThrownBy(() -> new ClientAddressSpec(ClientAddressMode.PROXY_V2, true, 253))
                .hasMessage("TOA options given for client-address mode proxy_v2");
        assertThatThrownBy(() -> new ClientAddressSpec(ClientAddressMode.NONE, false, 254))
                .hasMessage("TOA options given for client-address mode none");
    }
}
