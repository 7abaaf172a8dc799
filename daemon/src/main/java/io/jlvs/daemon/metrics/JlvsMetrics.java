package io.jlvs.daemon.metrics;

import io.jlvs.api.Counters;
import io.jlvs.api.DrainProgress;
import io.jlvs.api.HealthView;
import io.jlvs.api.RealServerStatus;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.ServiceStatus;
import io.jlvs.api.TableView;
import io.jlvs.core.worker.DropReason;
import io.jlvs.core.worker.Verdict;
import io.jlvs.daemon.dataplane.DataPlane;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What Prometheus scrapes from jlvsd, built at scrape time from the same table view jlvsadm lists
 * and from the workers' drop counters, so the two never disagree. Names follow Prometheus
 * conventions: counters end in {@code _total}, bytes are bytes, one label set per service
 * ({@code proto, vip, port}, or {@code fwmark}) and per real server ({@code + real, real_port}).
 */
public final class JlvsMetrics {
    private final Supplier<TableView> table;
    private final Supplier<HealthView> health;
    private final Supplier<DataPlane.Totals> dataPlane;

    /**
     * @param table what jlvsadm lists (services, real servers and their figures)
     * @param health the health checkers' states ({@code jlvsadm -L --checks})
     * @param dataPlane the workers' own figures, summed
     */
    public JlvsMetrics(Supplier<TableView> table, Supplier<HealthView> health, Supplier<DataPlane.Totals> dataPlane) {
        this.table = table;
        this.health = health;
        this.dataPlane = dataPlane;
    }

    public MetricSnapshots collect() {
        TableView view = table.get();
        Family svcConns = new Family();
        Family svcPackets = new Family();
        Family svcBytes = new Family();
        Family rsConns = new Family();
        Family rsPackets = new Family();
        Family rsBytes = new Family();
        Family rsActive = new Family();
        Family rsInactive = new Family();
        Family rsWeight = new Family();
        Family rsEffectiveWeight = new Family();
        Family slowStartLeft = new Family();
        Family rsState = new Family();
        Family drainFlows = new Family();
        Family drainElapsed = new Family();
        Family drainLeft = new Family();
        Family drainOutcomes = new Family();
        Family drainCrossed = new Family();
        for (ServiceStatus s : view.services()) {
            Labels sl = serviceLabels(s.config());
            Counters c = s.counters();
            svcConns.add(sl, c.conns());
            svcPackets.add(sl.add("direction", "in"), c.inPkts());
            svcPackets.add(sl.add("direction", "out"), c.outPkts());
            svcBytes.add(sl.add("direction", "in"), c.inBytes());
            svcBytes.add(sl.add("direction", "out"), c.outBytes());
            for (RealServerStatus r : s.realServers()) {
                Labels rl = sl.add("real", r.config().address().text())
                        .add("real_port", Integer.toString(r.config().port()));
                Counters rc = r.counters();
                rsConns.add(rl, rc.conns());
                rsPackets.add(rl.add("direction", "in"), rc.inPkts());
                rsPackets.add(rl.add("direction", "out"), rc.outPkts());
                rsBytes.add(rl.add("direction", "in"), rc.inBytes());
                rsBytes.add(rl.add("direction", "out"), rc.outBytes());
                rsActive.add(rl, r.activeConns());
                rsInactive.add(rl, r.inactiveConns());
                rsWeight.add(rl, r.config().weight());
                rsEffectiveWeight.add(rl, r.effectiveWeight());
                if (r.slowStart() != null) {
                    var ss = r.slowStart();
                    slowStartLeft.add(rl, Math.max(0, ss.windowMillis() - ss.elapsedMillis()) / 1000.0);
                }
                for (var st : io.jlvs.api.RealServerState.values()) {
                    rsState.add(rl.add("state", st.name().toLowerCase()), st == r.state() ? 1 : 0);
                }
                DrainProgress d = r.drain();
                if (d != null) {
                    d.flows().forEach((flowClass, n) -> drainFlows.add(rl.add("class", flowClass), n));
                    drainElapsed.add(rl, d.elapsedMillis() / 1000.0);
                    drainLeft.add(rl, d.timeLeftMillis() / 1000.0);
                    drainOutcomes.add(rl.add("outcome", "closed_gracefully"), d.closedGracefully());
                    drainOutcomes.add(rl.add("outcome", "ended_by_themselves"), d.endedByThemselves());
                    drainOutcomes.add(rl.add("outcome", "reset_at_deadline"), d.reset());
                    drainCrossed.add(rl, d.requestsCrossed());
                }
            }
        }
        List<MetricSnapshot> checks = HealthMetrics.collect(health.get());
        DataPlane.Totals totals = dataPlane.get();
        Family drops = new Family();
        long[] d = totals.drops();
        for (int reason = 1; reason < d.length && reason < DropReason.COUNT; reason++) {
            drops.add(Labels.of("reason", DropReason.label(reason)), d[reason]);
        }
        Family frames = new Family();
        long[] v = totals.verdicts();
        for (int verdict = 0; verdict < v.length; verdict++) {
            frames.add(Labels.of("verdict", Verdict.name(verdict)), v[verdict]);
        }
        Family events = new Family();
        totals.events().forEach((event, count) -> events.add(Labels.of("event", event), count));
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(svcConns.counter("jlvs_service_connections", "Connections scheduled to the virtual service"));
        out.add(svcPackets.counter(
                "jlvs_service_packets", "Packets of the virtual service, in = client to real server"));
        out.add(svcBytes.counter("jlvs_service_bytes", "IP bytes of the virtual service, in = client to real server"));
        out.add(rsConns.counter("jlvs_real_server_connections", "Connections scheduled to the real server"));
        out.add(rsPackets.counter("jlvs_real_server_packets", "Packets of the real server's connections"));
        out.add(rsBytes.counter("jlvs_real_server_bytes", "IP bytes of the real server's connections"));
        out.add(rsActive.gauge("jlvs_real_server_active_connections", "ActiveConn, as ipvsadm -L shows it"));
        out.add(rsInactive.gauge("jlvs_real_server_inactive_connections", "InActConn, as ipvsadm -L shows it"));
        out.add(rsWeight.gauge("jlvs_real_server_weight", "Configured weight"));
        out.add(rsEffectiveWeight.gauge(
                "jlvs_real_server_effective_weight",
                "Weight schedulers use now: 0 unless up, below the configured weight during a slow start"));
        out.add(slowStartLeft.gauge(
                "jlvs_real_server_slow_start_time_left_seconds", "Time until a slow start reaches the full weight"));
        out.add(rsState.gauge("jlvs_real_server_state", "1 for the real server's current lifecycle state"));
        out.add(drainFlows.gauge(
                "jlvs_real_server_drain_flows",
                "Open flows of a draining real server by class, as the data plane's last scan found them"));
        out.add(drainElapsed.gauge("jlvs_real_server_drain_elapsed_seconds", "Time since the drain began"));
        out.add(drainLeft.gauge(
                "jlvs_real_server_drain_time_left_seconds",
                "Time until the drain's deadline resets the flows left (0 once past it)"));
        out.add(drainOutcomes.counter(
                "jlvs_real_server_drain_flows_finished",
                "Flows of the drain under way by how they finished: closed gracefully, ended by themselves,"
                        + " or reset at the deadline"));
        // Not an outcome of the one above: a request that crosses a close is counted besides the
        // flow's close, so a sum over outcomes stays a count of flows.
        out.add(drainCrossed.counter(
                "jlvs_real_server_drain_requests_crossed_close",
                "Client requests of the drain under way that crossed a graceful close (answered with a reset)"));
        out.add(drops.counter("jlvs_drops", "Frames the data plane dropped, by reason"));
        out.add(frames.counter("jlvs_frames", "Frames the data plane handled, by what it did with them"));
        out.add(events.counter(
                "jlvs_data_plane_events", "ARP/NDP answers, neighbour probes, relayed ICMP errors and the like"));
        out.addAll(checks);
        return new MetricSnapshots(out);
    }

    private static Labels serviceLabels(ServiceConfig c) {
        return serviceLabels(c.key());
    }

    /** One service's labels: {@code proto, vip, port}, or {@code fwmark}. */
    static Labels serviceLabels(ServiceKey key) {
        if (key.usesFwmark()) {
            return Labels.of("fwmark", Long.toString(key.fwmark()));
        }
        return Labels.of(
                "proto", key.protocol().label().toLowerCase(),
                "vip", key.address().text(),
                "port", Integer.toString(key.port()));
    }

    /** The data points of one metric family as they are gathered. */
    static final class Family {
        private final List<Labels> labels = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();

        void add(Labels l, double value) {
            labels.add(l);
            values.add(value);
        }

        MetricSnapshot counter(String name, String help) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
            for (int i = 0; i < labels.size(); i++) {
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(labels.get(i))
                        .value(values.get(i))
                        .build());
            }
            return b.build();
        }

        MetricSnapshot gauge(String name, String help) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
            for (int i = 0; i < labels.size(); i++) {
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels.get(i))
                        .value(values.get(i))
                        .build());
            }
            return b.build();
        }
    }
}
