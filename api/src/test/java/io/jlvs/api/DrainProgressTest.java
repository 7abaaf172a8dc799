package io.jlvs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainProgressTest {
    static final String[] CLASSES = {
        "in_flight", "streaming", "awaiting_response", "paused", "idle", "half_closed", "closing"
    };

    static Map<String, Long> flows() {
        Map<String, Long> flows = new LinkedHashMap<>();
        for (int i = 0; i < CLASSES.length; i++) {
            flows.put(CLASSES[i], (long) i + 1);
        }
        return flows;
    }

    /** jlvsd lists the flow classes in the data plane's order; jlvsadm prints them in the order given. */
    @Test
    void flowClassesKeepTheOrderTheyWereGivenInAndAcrossJson() throws Exception {
        DrainProgress p = new DrainProgress(1500, 8500, flows(), 3, 4, 0, 1);
        assertThat(p.flows().keySet()).containsExactly(CLASSES);
        assertThat(p.openFlows()).isEqualTo(28);

        ObjectMapper m = AdminJson.mapper();
        DrainProgress back = m.readValue(m.writeValueAsString(p), DrainProgress.class);
        assertThat(back.flows().keySet()).containsExactly(CLASSES);
        assertThat(back).isEqualTo(p);
    }

    @Test
    void flowsAreACopyThatCannotBeChanged() {
        Map<String, Long> given = flows();
        DrainProgress p = new DrainProgress(0, 0, given, 0, 0, 0, 0);
        given.put("ended", 9L);
        assertThat(p.flows()).doesNotContainKey("ended");
        assertThatThrownBy(() -> p.flows().put("idle", 0L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
