package io.jlvs.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.synproxy.SynProxyCounters;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event figures reach the control plane under their names, SYNPROXY's among them. */
class CountersTest {
    @Test
    void eachGivesEveryEventFigureUnderItsName() {
        Counters c = new Counters(1, 1);
        c.arpReplies = 1;
        c.icmpRelayed = 7;
        c.synProxy.cookiesSent = 8;
        c.synProxy.deferredAcks = 18;
        c.strayResets = 19;
        c.clientAddressFailed = 25;
        c.superFrames = 26;
        Map<String, Long> events = new LinkedHashMap<>();
        c.each((name, value) -> assertThat(events.put(name, value)).as(name).isNull());

        assertThat(events).hasSize(26);
        assertThat(events)
                .containsEntry("arp_reply", 1L)
                .containsEntry("icmp_error_relayed", 7L)
                .containsEntry("synproxy_cookie_sent", 8L)
                .containsEntry("synproxy_deferred_ack", 18L)
                .containsEntry("stray_segment_reset", 19L)
                .containsEntry("client_address_failed", 25L)
                .containsEntry("super_frame", 26L);
        assertThat(events.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1 + 7 + 8 + 18 + 19 + 25 + 26);
    }

    /**
     * A counter field added without a name in {@link Counters#each} would never reach Prometheus: every scalar
     * counter of the worker and of SYNPROXY is set to a value of its own, and each value must come out once.
     */
    @Test
    void noCounterFieldIsLeftOutOfEach() throws IllegalAccessException {
        Counters c = new Counters(4, 4);
        Map<Long, String> fields = new HashMap<>();
        long next = 1000;
        for (Object owner : new Object[] {c, c.synProxy}) {
            Class<?> type = owner == c ? Counters.class : SynProxyCounters.class;
            for (Field f : type.getDeclaredFields()) {
                if (f.getType() == long.class && !Modifier.isStatic(f.getModifiers())) {
                    f.setLong(owner, next);
                    fields.put(next++, f.getName());
                }
            }
        }
        Map<String, Long> events = new HashMap<>();
        c.each((name, value) -> events.put(name, value));
        assertThat(events.values()).as("fields %s", fields).containsExactlyInAnyOrderElementsOf(fields.keySet());
        assertThat(events.keySet()).allMatch(n -> n.matches("[a-z][a-z0-9_]*"));
    }
}
