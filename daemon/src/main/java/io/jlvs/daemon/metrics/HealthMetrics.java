package io.jlvs.daemon.metrics;

import io.jlvs.api.HealthView;
import io.jlvs.api.ServiceKey;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health checkers' figures, per table service (labels as {@link JlvsMetrics}) and configured
 * real server, including real servers the checks took out of the table: whether each is up, each
 * checker's state, attempts, time spent and transitions by reason, and each service's quorum.
 */
final class HealthMetrics {
    private HealthMetrics() {}

    static List<MetricSnapshot> collect(HealthView view) {
        JlvsMetrics.Family up = new JlvsMetrics.Family();
        JlvsMetrics.Family weight = new JlvsMetrics.Family();
        JlvsMetrics.Family checkerUp = new JlvsMetrics.Family();
        JlvsMetrics.Family attempts = new JlvsMetrics.Family();
        JlvsMetrics.Family transitions = new JlvsMetrics.Family();
        JlvsMetrics.Family quorum = new JlvsMetrics.Family();
        JlvsMetrics.Family sorry = new JlvsMetrics.Family();
        SummarySnapshot.Builder durations = SummarySnapshot.builder()
                .name("jlvs_health_check_duration_seconds")
                .help("Time health check attempts took");
        for (HealthView.Service s : view.services()) {
            for (ServiceKey key : s.keys()) {
                Labels sl = JlvsMetrics.serviceLabels(key);
                quorum.add(sl, s.quorumUp() ? 1 : 0);
                sorry.add(sl, s.sorryActive() ? 1 : 0);
                for (HealthView.RealServer r : s.realServers()) {
                    Labels rl = sl.add("real", r.endpoint().address().text())
                            .add("real_port", Integer.toString(r.endpoint().port()));
                    up.add(rl, r.alive() ? 1 : 0);
                    weight.add(rl, r.effectiveWeight());
                    for (int i = 0; i < r.checkers().size(); i++) {
                        HealthView.Checker c = r.checkers().get(i);
                        // Two checkers of one kind on one server are told apart by their position.
                        Labels cl = rl.add("checker", c.type()).add("checker_index", Integer.toString(i));
                        checkerUp.add(cl, c.up() ? 1 : 0);
                        attempts.add(cl.add("result", "success"), c.checks() - c.failedChecks());
                        attempts.add(cl.add("result", "failure"), c.failedChecks());
                        for (Map.Entry<String, Long> t : c.transitions().entrySet()) {
                            boolean toUp = t.getKey().equals("up");
                            transitions.add(
                                    cl.add("reason", toUp ? "ok" : t.getKey()).add("to", toUp ? "up" : "down"),
                                    t.getValue());
                        }
                        durations.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                                .labels(cl)
                                .count(c.checks())
                                .sum(c.checkSeconds())
                                .build());
                    }
                }
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(up.gauge(
                "jlvs_real_server_health_up", "1 while every health checker of the configured real server passes"));
        out.add(weight.gauge(
                "jlvs_real_server_health_weight",
                "The weight the real server gets while up (misc_dynamic may change it)"));
        out.add(checkerUp.gauge("jlvs_health_checker_up", "1 while the checker passes"));
        out.add(attempts.counter("jlvs_health_checks", "Health check attempts, by result"));
        out.add(transitions.counter(
                "jlvs_health_check_transitions",
                "Checker state changes, by direction and the failure that caused them"));
        out.add(durations.build());
        out.add(quorum.gauge(
                "jlvs_virtual_server_quorum_up", "1 while the live real servers' weight meets the quorum"));
        out.add(sorry.gauge("jlvs_virtual_server_sorry_server_active", "1 while the sorry server stands in"));
        return out;
    }
}
