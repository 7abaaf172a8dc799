package io.jlvs.core.clientaddr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.conn.FwdMethod;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.service.ClientAddressMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressCarrierTest {
    @Test
    void carriesWhereTheDirectorRewritesTheFlowAndTheModeRidesOnItsProtocol() {
        List<String> carried = new ArrayList<>();
        for (ClientAddressMode mode : ClientAddressMode.values()) {
            for (int fwd : new int[] {FwdMethod.NAT, FwdMethod.FULLNAT, FwdMethod.DR, FwdMethod.TUN}) {
                for (int protocol : new int[] {IpProtocol.TCP, IpProtocol.UDP, 132}) {
                    if (ClientAddressCarrier.carries(mode, protocol, fwd)) {
                        carried.add(mode + " " + fwd + " " + protocol);
                    }
                }
            }
        }
        assertThat(carried)
                .containsExactlyInAnyOrder(
                        "TOA " + FwdMethod.FULLNAT + " 6",
                        "PROXY_V1 " + FwdMethod.NAT + " 6",
                        "PROXY_V1 " + FwdMethod.FULLNAT + " 6",
                        "PROXY_V2 " + FwdMethod.NAT + " 6",
                        "PROXY_V2 " + FwdMethod.FULLNAT + " 6",
                        "PROXY_V2 " + FwdMethod.NAT + " 17",
                        "PROXY_V2 " + FwdMethod.FULLNAT + " 17");
    }
}
