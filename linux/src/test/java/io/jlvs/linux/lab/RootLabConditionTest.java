package io.jlvs.linux.lab;

import static io.jlvs.linux.lab.RootLabCondition.Decision.FAIL;
import static io.jlvs.linux.lab.RootLabCondition.Decision.RUN;
import static io.jlvs.linux.lab.RootLabCondition.Decision.SKIP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RootLabConditionTest {
    @Test
    void runsWhereItCan() {
        assertThat(RootLabCondition.decide(true, true, null)).isEqualTo(RUN);
        assertThat(RootLabCondition.decide(true, true, "true")).isEqualTo(RUN);
    }

    @Test
    void skipsOutsideCiAndFailsInside() {
        assertThat(RootLabCondition.decide(false, true, null)).isEqualTo(SKIP);
        assertThat(RootLabCondition.decide(true, false, "false")).isEqualTo(SKIP);
        assertThat(RootLabCondition.decide(false, true, "true")).isEqualTo(FAIL);
        assertThat(RootLabCondition.decide(true, false, "TRUE")).isEqualTo(FAIL);
    }

    @Test
    void namesWhatIsMissing() {
        assertThat(RootLabCondition.missing(false, false)).isEqualTo("root and iproute2 (ip)");
        assertThat(RootLabCondition.missing(false, true)).isEqualTo("root");
        assertThat(RootLabCondition.missing(true, false)).isEqualTo("iproute2 (ip)");
    }
}
