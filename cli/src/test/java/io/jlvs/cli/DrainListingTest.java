package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.AdminRequest;
import io.jlvs.api.DrainProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What jlvsadm prints of a drain: the phrase on a draining server's -L row, and --wait's summary. */
class DrainListingTest {
    static DrainProgress progress(Map<String, Long> flows) {
        return new DrainProgress(1500, 8400, flows, 3, 4, 5, 1);
    }

    @Test
    void theRowPhraseNamesOpenClassesInJlvsdsOrder() {
        Map<String, Long> flows = new LinkedHashMap<>();
        flows.put("in_flight", 0L);
        flows.put("streaming", 2L);
        flows.put("idle", 7L);
        flows.put("closing", 1L);
        assertThat(Listing.progress(progress(flows)))
                .isEqualTo("8.4s left, 10 open (2 streaming, 7 idle, 1 closing), 3 closed, 1 crossed, 5 reset");
    }

    @Test
    void noOpenFlowsNoParentheses() {
        assertThat(Listing.progress(progress(Map.of("idle", 0L))))
                .isEqualTo("8.4s left, 0 open, 3 closed, 1 crossed, 5 reset");
    }

    @Test
    void theWaitSummaryWithAndWithoutFigures() {
        assertThat(Listing.drainSummary(new AdminRequest.DrainSummary("done", 12_345, progress(Map.of()))))
                .isEqualTo("drain done after 12.3 s: 3 closed gracefully, 4 ended by themselves,"
                        + " 5 reset at the deadline, 1 client request(s) crossed a close\n");
        assertThat(Listing.drainSummary(new AdminRequest.DrainSummary("cancelled", 500, null)))
                .isEqualTo("drain cancelled after 0.5 s\n");
    }

    @Test
    void theSlowStartPhrase() {
        assertThat(Listing.rampProgress(new io.jlvs.api.SlowStartProgress(350, 10_549, 30_000)))
                .isEqualTo("35% of weight, 10.5s of 30s");
    }
}
