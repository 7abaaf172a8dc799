package io.jlvs.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.HealthView;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.drain.DrainFigures;
import io.jlvs.core.drain.FlowClass;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.dataplane.DataPlane;
import io.jlvs.daemon.dataplane.DataPlaneStats.DrainFigureSum;
import io.jlvs.daemon.drain.DrainController;
import io.jlvs.daemon.drain.DrainSpecs;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The drain's figures as Prometheus sees them, from the data plane's sums through the listing. */
class DrainMetricsTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    private static final Endpoint RS1 = new Endpoint(Address.parse("10.0.0.1"), 80);

    @Test
    void aDrainShowsItsFlowsByClassHowTheyFinishedAndTheRequestsThatCrossedACloseApart() throws Exception {
        Registry registry = new Registry(4096, new CounterStatsSource());
        long[] flows = new long[FlowClass.OPEN_COUNT];
        flows[FlowClass.IN_FLIGHT] = 4;
        long[] counters = new long[DrainFigures.COUNTERS];
        counters[DrainFigures.CLOSED] = 7;
        counters[DrainFigures.ENDED] = 3;
        counters[DrainFigures.RESET] = 2;
        counters[DrainFigures.CROSSED] = 1;
        try (DrainController drains = new DrainController(
                registry,
                id -> new DrainFigureSum(flows, counters, new long[] {0}),
                new DrainSpecs(new Sysctls(false, false, SynProxySettings.DEFAULTS)))) {
            registry.reportDrainsWith(drains::progress);
            registry.apply(new AdminCommand.AddService(ServiceConfig.of(WEB)));
            registry.apply(
                    new AdminCommand.AddServer(WEB, RealServerConfig.of(RS1.address(), 80, ForwardMethod.MASQ, 1)));
            drains.drain(WEB, RS1, 60_000L, null, false);

            var metrics = new JlvsMetrics(
                    registry::view,
                    () -> new HealthView(List.of()),
                    () -> new DataPlane.Totals(new long[0], new long[0], Map.of()));
            Map<String, Double> finished = new TreeMap<>();
            double crossed = -1;
            double inFlight = -1;
            for (var m : metrics.collect()) {
                String name = m.getMetadata().getName();
                if (m instanceof CounterSnapshot c && name.equals("jlvs_real_server_drain_flows_finished")) {
                    c.getDataPoints().forEach(d -> finished.put(d.getLabels().get("outcome"), d.getValue()));
                } else if (m instanceof CounterSnapshot c
                        && name.equals("jlvs_real_server_drain_requests_crossed_close")) {
                    crossed = c.getDataPoints().getFirst().getValue();
                } else if (m instanceof GaugeSnapshot g && name.equals("jlvs_real_server_drain_flows")) {
                    for (var d : g.getDataPoints()) {
                        if (d.getLabels().get("class").equals("in_flight")) {
                            inFlight = d.getValue();
                        }
                    }
                }
            }
            assertThat(finished)
                    .containsExactly(
                            Map.entry("closed_gracefully", 7.0),
                            Map.entry("ended_by_themselves", 3.0),
                            Map.entry("reset_at_deadline", 2.0));
            assertThat(crossed).isEqualTo(1.0);
            assertThat(inFlight).isEqualTo(4.0);
        }
    }
}
