package io.jlvs.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A drain under way (or just finished), as listed with its real server.
 *
 * @param elapsedMillis since the drain began
 * @param timeLeftMillis until the deadline resets what is left (0 once past it)
 * @param flows open flows per class, as the data plane's last scan found them, in the order
 *     given (jlvsd's: in_flight, streaming, awaiting_response, paused, idle, half_closed,
 *     closing), which jlvsadm prints
 * @param closedGracefully flows closed with a FIN in the client's name
 * @param endedByThemselves flows that closed or timed out on their own
 * @param reset flows reset at the deadline
 * @param requestsCrossed client requests that crossed a close and were answered with a reset
 */
public record DrainProgress(
        long elapsedMillis,
        long timeLeftMillis,
        Map<String, Long> flows,
        long closedGracefully,
        long endedByThemselves,
        long reset,
        long requestsCrossed) {
    public DrainProgress {
        // Not Map.copyOf: its iteration order changes from one JVM to the next.
        flows = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(flows, "flows")));
        flows.forEach((name, n) -> Objects.requireNonNull(n, name)); // as Map.copyOf refused nulls
    }

    /** Open flows of every class. */
    public long openFlows() {
        return flows.values().stream().mapToLong(Long::longValue).sum();
    }
}
