package io.jlvs.daemon.config;

import java.util.List;
import java.util.Optional;

/**
 * One {@code real_server} with what it inherits from its virtual server already applied: the weight
 * (default 1), the forwarding method, {@code inhibit_on_failure}, {@code alpha}; its port is the
 * virtual server's when omitted (and, for DR and TUN, when it differs, as keepalived resets it).
 *
 * @param upperThreshold {@code uthreshold}: no new connections at this many (0 = unlimited)
 * @param lowerThreshold {@code lthreshold}: take new connections again below this many
 * @param slowStart jlvs's {@code slow_start}, seconds (its own or its virtual server's; 0 = none):
 *     how long its weight ramps up when it comes back
 * @param checkers the health checks; none means the server is always up
 * @param position where the {@code real_server} keyword is
 */
public record RealServer(
        Endpoint endpoint,
        int weight,
        LvsMethod method,
        long upperThreshold,
        long lowerThreshold,
        int slowStart,
        boolean inhibitOnFailure,
        boolean alpha,
        Optional<Script> notifyUp,
        Optional<Script> notifyDown,
        Optional<String> virtualhost,
        boolean smtpAlert,
        Optional<String> snmpName,
        List<Checker> checkers,
        SourcePosition position) {

    public RealServer {
        checkers = List.copyOf(checkers);
    }

    @Override
    public String toString() {
        return "real_server " + endpoint;
    }
}
