package io.jlvs.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
        Map<String, Long> events = new LinkedHashMap<>();
        c.each((name, value) -> assertThat(events.put(name, value)).as(name).isNull());

        assertThat(events).hasSize(25);
        assertThat(events)
                .containsEntry("arp_reply", 1L)
                .containsEntry("icmp_error_relayed", 7L)
                .containsEntry("synproxy_cookie_sent", 8L)
                .containsEntry("synproxy_deferred_ack", 18L)
                .containsEntry("stray_segment_reset", 19L)
                .containsEntry("client_address_failed", 25L);
        assertThat(events.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1 + 7 + 8 + 18 + 19 + 25);
    }
}
