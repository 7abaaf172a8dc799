package io.jlvs.api;

import java.util.List;
import java.util.Map;

/**
 * The health checkers' view of the configured services ({@link AdminOp#CHECKS}): per virtual
 * server its quorum, per real server whether the checks pass and what the last check said. It lists
 * what is configured, including real servers the checks took out of the table.
 */
public record HealthView(List<Service> services) {
    public HealthView {
        services = List.copyOf(services);
    }

    /**
     * One {@code virtual_server}: its name as jlvs logs it ({@code TCP 10.0.0.1:80}), the table
     * services it stands for (one per address of a group), and its quorum.
     *
     * @param quorumUp whether the live weight reached the quorum (with hysteresis)
     * @param liveWeight the sum of the weights of the real servers whose checks pass
     * @param sorryServer the sorry server's address, or null if none is configured
     * @param sorryActive whether the sorry server is in service now (quorum lost)
     */
    public record Service(
            String name,
            List<ServiceKey> keys,
            long quorum,
            long hysteresis,
            boolean quorumUp,
            long liveWeight,
            Endpoint sorryServer,
            boolean sorryActive,
            List<RealServer> realServers) {
        public Service {
            keys = List.copyOf(keys);
            realServers = List.copyOf(realServers);
        }
    }

    /**
     * One {@code real_server}.
     *
     * @param alive whether every checker passes
     * @param weight the configured weight
     * @param effectiveWeight the weight the table gets while alive ({@code misc_dynamic} may change it)
     * @param inhibitOnFailure kept at weight 0 instead of removed when the checks fail
     * @param since when {@code alive} last changed (or monitoring started), epoch milliseconds
     * @param lastReason why it last changed
     */
    public record RealServer(
            Endpoint endpoint,
            boolean alive,
            int weight,
            int effectiveWeight,
            boolean inhibitOnFailure,
            long since,
            String lastReason,
            List<Checker> checkers) {
        public RealServer {
            checkers = List.copyOf(checkers);
        }
    }

    /**
     * One checker of a real server.
     *
     * @param type {@code TCP_CHECK}, {@code HTTP_GET}, ...
     * @param target what it probes ({@code 10.0.0.2:80}, or the script for MISC_CHECK)
     * @param up whether it passes
     * @param hasRun whether it has run at least once
     * @param failures consecutive failed attempts
     * @param lastResult {@code ok} or the failure reason ({@code refused}, {@code timeout},
     *     {@code status_code}, {@code digest}, {@code exit_code}, ...)
     * @param lastDetail the last result in words
     * @param lastDurationMillis how long the last attempt took
     * @param lastCheck when the last attempt ended, epoch milliseconds (0: not yet)
     * @param checks attempts made
     * @param failedChecks attempts that failed
     * @param checkSeconds time spent in attempts, in total
     * @param transitions state changes: to up under {@code up}, to down under the failure reason
     */
    public record Checker(
            String type,
            String target,
            boolean up,
            boolean hasRun,
            long failures,
            String lastResult,
            String lastDetail,
            double lastDurationMillis,
            long lastCheck,
            long checks,
            long failedChecks,
            double checkSeconds,
            Map<String, Long> transitions) {
        public Checker {
            transitions = Map.copyOf(transitions);
        }
    }
}
