package io.jlvs.daemon.slowstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminCommand.AddServer;
import io.jlvs.api.AdminCommand.AddService;
import io.jlvs.api.AdminCommand.DeleteServer;
import io.jlvs.api.AdminCommand.EditServer;
import io.jlvs.api.Endpoint;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.HealthView;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.RealServerStatus;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.service.RealServer;
import io.jlvs.daemon.dataplane.DataPlane;
import io.jlvs.daemon.dataplane.TableTranslator;
import io.jlvs.daemon.metrics.JlvsMetrics;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.IpvsError;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.registry.RegistrySnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's part: when a ramp begins, how its published share moves, what it ends. */
class SlowStartRegistryTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    private static final Address RS1 = Address.parse("10.0.0.1");
    private static final Address RS2 = Address.parse("10.0.0.2");

    private final AtomicLong clock = new AtomicLong(1_000 * S);
    private final List<RegistrySnapshot> published = new ArrayList<>();
    private final TableTranslator translator = new TableTranslator();
    private Registry registry;

    @BeforeEach
    void setUp() {
        registry = new Registry(4096, new CounterStatsSource(), clock::get);
        registry.addListener(published::add);
    }

    private static RealServerConfig server(Address a, int weight, int slowStart) {
        return RealServerConfig.of(a, 8080, ForwardMethod.MASQ, weight).withSlowStart(slowStart);
    }

    private void apply(AdminCommand... commands) throws IpvsError {
        for (AdminCommand c : commands) {
            registry.apply(c);
        }
    }

    /** The share the data plane's schedulers are given for a server, from the last snapshot published. */
    private int publishedPermille(Address a) {
        RegistrySnapshot last = published.getLast();
        for (RealServer r : translator.translate(last).table().service(0).reals()) {
            if (r.addrLo() == a.lo() && r.addrHi() == a.hi()) {
                return r.rampPermille();
            }
        }
        throw new AssertionError(a + " is not in the published table");
    }

    private RealServerStatus listed(Address a) {
        return registry.view().services().getFirst().realServers().stream()
                .filter(r -> r.config().address().equals(a))
                .findFirst()
                .orElseThrow();
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
        registry.advanceSlowStarts();
    }

    @Test
    void aReAddedServersPublishedWeightRampsOverItsWindow() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 10, 10)));
        apply(new AddServer(WEB, server(RS2, 10, 10)));
        assertThat(publishedPermille(RS2)).isEqualTo(100);
        assertThat(publishedPermille(RS1)).isEqualTo(RealServer.FULL_SHARE); // first in: nobody to share with

        int publishes = published.size();
        advance(S / 4); // still 10 %: nothing to publish
        assertThat(published).hasSize(publishes);

        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 10 s in 250 ms ticks, as the ticker runs
            advance(S / 4);
            seen.add(publishedPermille(RS2));
        }
        assertThat(seen).isSorted();
        assertThat(seen).contains(250, 500, 750, 950);
        assertThat(seen.getLast()).isEqualTo(RealServer.FULL_SHARE);
        // One snapshot per 5 % step from 15 % to 95 %, and one at the end: no more.
        assertThat(published.size() - publishes).isEqualTo(18);
        assertThat(listed(RS2).slowStart()).isNull();
        assertThat(listed(RS2).effectiveWeight()).isEqualTo(10.0);
    }

    @Test
    void theListingShowsTheConfiguredWeightAndTheRampBeside() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 4, 0)));
        apply(new AddServer(WEB, server(RS2, 4, 20)));
        advance(10 * S);
        RealServerStatus r = listed(RS2);
        assertThat(r.config().weight()).isEqualTo(4);
        assertThat(r.slowStart().permille()).isEqualTo(500);
        assertThat(r.slowStart().elapsedMillis()).isEqualTo(10_000);
        assertThat(r.slowStart().windowMillis()).isEqualTo(20_000);
        assertThat(r.effectiveWeight()).isEqualTo(2.0);
    }

    @Test
    void weightZeroToMoreRampsAndBackToZeroEndsTheRamp() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 1, 0)));
        apply(new AddServer(WEB, server(RS2, 0, 30)));
        assertThat(listed(RS2).slowStart()).isNull(); // quiescent: nothing to ramp
        apply(new EditServer(WEB, server(RS2, 5, 30)));
        assertThat(publishedPermille(RS2)).isEqualTo(100);
        apply(new EditServer(WEB, server(RS2, 0, 30)));
        assertThat(listed(RS2).slowStart()).isNull();
        assertThat(publishedPermille(RS2)).isEqualTo(RealServer.FULL_SHARE);
    }

    @Test
    void anEditKeepsTheRampsStartAndSlowStartZeroEndsIt() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 1, 0)));
        apply(new AddServer(WEB, server(RS2, 1, 10)));
        advance(5 * S);
        apply(new EditServer(WEB, server(RS2, 3, 10))); // a new weight: the ramp goes on
        assertThat(publishedPermille(RS2)).isEqualTo(500);
        apply(new EditServer(WEB, server(RS2, 3, 0)));
        assertThat(publishedPermille(RS2)).isEqualTo(RealServer.FULL_SHARE);
    }

    @Test
    void reAddingADrainingServerCancelsTheDrainAndRampsIt() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 1, 0)));
        apply(new AddServer(WEB, server(RS2, 1, 10)));
        advance(20 * S); // ramp over
        registry.setDraining(WEB, new Endpoint(RS2, 8080), DrainSpec.withTimeout(60_000));
        assertThat(listed(RS2).slowStart()).isNull();
        apply(new AddServer(WEB, server(RS2, 1, 10)));
        assertThat(listed(RS2).drain()).isNull();
        assertThat(publishedPermille(RS2)).isEqualTo(100);
    }

    @Test
    void aServiceComingBackWholeIsNotRamped() throws Exception {
        // Both servers were removed (e.g. both failed their checks); the first back has nobody
        // to share with, the second has the first.
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 1, 10)));
        apply(new AddServer(WEB, server(RS2, 1, 10)));
        apply(new DeleteServer(WEB, new Endpoint(RS1, 8080)), new DeleteServer(WEB, new Endpoint(RS2, 8080)));
        apply(new AddServer(WEB, server(RS1, 1, 10)));
        assertThat(publishedPermille(RS1)).isEqualTo(RealServer.FULL_SHARE);
        apply(new AddServer(WEB, server(RS2, 1, 10)));
        assertThat(publishedPermille(RS2)).isEqualTo(100);
    }

    @Test
    void aRestoreOfAWholeTableRampsNothing() throws Exception {
        // jlvsd's start: the configuration is applied as one batch to an empty table.
        registry.restore(List.of(
                new AddService(ServiceConfig.of(WEB)),
                new AddServer(WEB, server(RS1, 1, 10)),
                new AddServer(WEB, server(RS2, 1, 10))));
        assertThat(publishedPermille(RS1)).isEqualTo(RealServer.FULL_SHARE);
        assertThat(publishedPermille(RS2)).isEqualTo(RealServer.FULL_SHARE);
    }

    @Test
    void aSlowStartOutOfRangeIsRefusedAsIpvsRefusesAWeight() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)));
        assertThatThrownBy(() -> apply(new AddServer(WEB, server(RS1, 1, RealServerConfig.MAX_SLOW_START + 1))))
                .isInstanceOf(IpvsError.class);
    }

    @Test
    void theTickerMovesRampsOnItsOwn() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 1, 0)));
        apply(new AddServer(WEB, server(RS2, 1, 10)));
        clock.addAndGet(5 * S);
        try (SlowStartTicker ticker = new SlowStartTicker(registry::advanceSlowStarts)) {
            long deadline = System.nanoTime() + 10 * S;
            while (publishedPermille(RS2) != 500 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(publishedPermille(RS2)).isEqualTo(500);
    }

    @Test
    void theMetricsGiveTheEffectiveWeightAndTheTimeLeft() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, server(RS1, 4, 0)));
        apply(new AddServer(WEB, server(RS2, 4, 20)));
        advance(5 * S);
        var metrics = new JlvsMetrics(
                registry::view,
                () -> new HealthView(List.of()),
                () -> new DataPlane.Totals(new long[0], new long[0], Map.of()));
        Map<String, Double> effective = new HashMap<>();
        Map<String, Double> left = new HashMap<>();
        for (var m : metrics.collect()) {
            if (!(m instanceof GaugeSnapshot g)) {
                continue;
            }
            for (var d : g.getDataPoints()) {
                String real = d.getLabels().get("real");
                switch (g.getMetadata().getName()) {
                    case "jlvs_real_server_effective_weight" -> effective.put(real, d.getValue());
                    case "jlvs_real_server_slow_start_time_left_seconds" -> left.put(real, d.getValue());
                    default -> {}
                }
            }
        }
        assertThat(effective).containsEntry("10.0.0.1", 4.0).containsEntry("10.0.0.2", 1.0); // 25 % of 4
        assertThat(left).containsOnlyKeys("10.0.0.2").containsEntry("10.0.0.2", 15.0);
    }
}
