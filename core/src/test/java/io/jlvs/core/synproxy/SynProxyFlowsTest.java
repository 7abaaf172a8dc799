package io.jlvs.core.synproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one byte a connection keeps for SYNPROXY's window rescaling says what the scales asked. */
class SynProxyFlowsTest {
    @Test
    void everyCombinationOfScalesFitsOneByteAndDecodesToItsShifts() {
        Set<Integer> seen = new HashSet<>();
        for (int ourWs = 0; ourWs <= SynCookies.MAX_WSCALE; ourWs++) {
            for (int serverWs = -1; serverWs <= SynCookies.MAX_WSCALE; serverWs++) {
                for (int clientWs = -1; clientWs <= SynCookies.MAX_WSCALE; clientWs++) {
                    boolean rescales = clientWs >= 0 && ourWs > 0;
                    int out = rescales ? Math.max(serverWs, 0) - ourWs : 0;
                    int in = rescales && serverWs < 0 ? clientWs : 0;
                    int code = SynProxyFlows.windowCode(out, in);
                    assertThat(code).isBetween(0, 255);
                    assertThat(SynProxyFlows.outShift(code))
                            .as("ours %d server %d client %d", ourWs, serverWs, clientWs)
                            .isEqualTo(out);
                    assertThat(SynProxyFlows.inShift(code))
                            .as("ours %d server %d client %d", ourWs, serverWs, clientWs)
                            .isEqualTo(in);
                    assertThat(code == 0).isEqualTo(out == 0 && in == 0);
                    seen.add(out * 100 + in);
                }
            }
        }
        assertThat(seen).hasSizeGreaterThan(200); // the pairs that occur, each decoded to itself
    }
}
