package io.jlvs.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictTest {
    @Test
    void countCoversEveryNamedVerdict() {
        Set<String> names = new HashSet<>();
        for (int v = 0; v < Verdict.COUNT; v++) {
            assertThat(names.add(Verdict.name(v))).as("verdict %d", v).isTrue();
        }
        assertThat(names).doesNotContain("unknown");
        assertThat(Verdict.name(Verdict.COUNT)).isEqualTo("unknown");
    }
}
