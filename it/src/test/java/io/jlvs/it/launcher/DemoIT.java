package io.jlvs.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.RequiresLab;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a user runs it: real traffic, the table, a drain, no leftovers. */
@RequiresLab
class DemoIT {
    @Test
    void demoForwardsRealTrafficShowsTheTableAndADrainAndCleansUp() {
        Lab lab = new Lab("jldemoit");
        Lab.Result r = lab.run(List.of(lab.root().resolve("jlvs").toString(), "demo"), Duration.ofMinutes(5));
        String out = r.stdout() + r.stderr();
        assertThat(r.exitCode()).as(out).isZero();
        assertThat(out)
                .contains("request 1 -> rs1")
                .contains("request 3 -> rs3")
                .contains("Requests/sec:")
                .doesNotContain("Socket errors")
                .contains("TCP  198.18.0.100:80 rr")
                .containsPattern("-> 198\\.18\\.1\\.13:80 +Masq +0 ")
                .contains("stopped")
                .contains("no namespace with prefix '" + lab.prefix() + "-' left");
        // After weight 0, the four requests that follow never reach rs3.
        String afterDrain = out.substring(out.indexOf("weight 0 (quiescent)"));
        assertThat(afterDrain.substring(0, afterDrain.indexOf("New connections")))
                .doesNotContain("-> rs3");
    }
}
