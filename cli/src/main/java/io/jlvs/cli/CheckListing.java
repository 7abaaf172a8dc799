package io.jlvs.cli;

import io.jlvs.api.Endpoint;
import io.jlvs.api.HealthView;
import io.jlvs.api.ServiceKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code jlvsadm -L --checks}, a jlvs listing with no ipvsadm counterpart: per virtual server its
 * quorum and sorry server, per configured real server whether its checks pass (also when the checks
 * took it out of the table, which {@code -L} then does not list), and each checker's last result.
 * Addresses are always numeric.
 */
final class CheckListing {
    private CheckListing() {}

    static String of(HealthView view) {
        StringBuilder out = new StringBuilder();
        out.append("Health checks (keepalived semantics)\n");
        out.append("Prot LocalAddress:Port Quorum\n");
        out.append("  -> RemoteAddress:Port           Health Weight Since                Why\n");
        out.append("     Checker     Target                    State Fails Last result\n");
        for (HealthView.Service s : view.services()) {
            for (ServiceKey key : s.keys()) {
                out.append(service(key))
                        .append(' ')
                        .append(s.quorumUp() ? "quorum up" : "quorum DOWN")
                        .append(" (live weight ")
                        .append(s.liveWeight())
                        .append(", quorum ")
                        .append(s.quorum());
                if (s.hysteresis() != 0) {
                    out.append(", hysteresis ").append(s.hysteresis());
                }
                out.append(")\n");
                for (HealthView.RealServer r : s.realServers()) {
                    out.append("  -> ")
                            .append(Text.left(endpoint(r.endpoint()), 28))
                            .append(' ')
                            .append(Text.left(r.alive() ? "up" : r.inhibitOnFailure() ? "DOWN/0" : "DOWN", 6))
                            .append(' ')
                            .append(Text.left(Integer.toString(r.effectiveWeight()), 6))
                            .append(' ')
                            .append(Text.left(since(r.since()), 20))
                            .append(' ')
                            .append(r.lastReason())
                            .append('\n');
                    for (HealthView.Checker c : r.checkers()) {
                        out.append("     ")
                                .append(Text.left(c.type(), 11))
                                .append(' ')
                                .append(Text.left(c.target(), 25))
                                .append(' ')
                                .append(Text.left(c.up() ? "up" : "DOWN", 5))
                                .append(' ')
                                .append(Text.left(Long.toString(c.failures()), 5))
                                .append(' ')
                                .append(
                                        c.hasRun()
                                                ? c.lastResult() + ": " + c.lastDetail()
                                                        + String.format(
                                                                Locale.ROOT, " (%.1f ms)", c.lastDurationMillis())
                                                : c.lastDetail())
                                .append('\n');
                    }
                }
                if (s.sorryServer() != null) {
                    out.append("  sorry_server ")
                            .append(endpoint(s.sorryServer()))
                            .append(s.sorryActive() ? " in service\n" : " standing by\n");
                }
            }
        }
        return out.toString();
    }

    private static String service(ServiceKey k) {
        if (k.usesFwmark()) {
            return "FWM  " + k.fwmark();
        }
        return Text.left(k.protocol().label(), 4) + " " + endpoint(new Endpoint(k.address(), k.port()));
    }

    private static String endpoint(Endpoint e) {
        String a = Inet.ntop(e.address());
        return (e.address().isV4() ? a : "[" + a + "]") + ":" + e.port();
    }

    private static String since(long millis) {
        return millis == 0
                ? "-"
                : Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
