package io.jlvs.daemon.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminRequest;
import io.jlvs.api.Endpoint;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.drain.DrainFigures;
import io.jlvs.core.drain.FlowClass;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.dataplane.DataPlaneStats.DrainFigureSum;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drain controller against a real registry and a data plane stood in for by its figures: one
 * worker whose every scan finds the server's flows already gone.
 */
class DrainControllerTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    private static final Endpoint RS1 = new Endpoint(Address.parse("10.0.0.1"), 80);

    private final Registry registry = new Registry(4096, new CounterStatsSource());
    private final AtomicLong scans = new AtomicLong();
    private DrainController drains;

    @BeforeEach
    void setUp() throws Exception {
        registry.apply(new AdminCommand.AddService(ServiceConfig.of(WEB)));
        registry.apply(
                new AdminCommand.AddServer(WEB, RealServerConfig.of(RS1.address(), RS1.port(), ForwardMethod.MASQ, 5)));
        // Each look at the figures is one more complete scan with no open flow.
        drains = new DrainController(
                registry,
                id -> new DrainFigureSum(new long[FlowClass.OPEN_COUNT], new long[DrainFigures.COUNTERS], new long[] {
                    scans.incrementAndGet()
                }),
                new DrainSpecs(new Sysctls(false, false, SynProxySettings.DEFAULTS)));
    }

    @AfterEach
    void tearDown() {
        drains.close();
    }

    private Optional<RealServerEntry> rs1() {
        return registry.snapshot().service(WEB).flatMap(e -> e.realServer(RS1));
    }

    @Test
    void aWaitingDrainIsAnsweredOnlyOnceTheServerIsOutOfTheTable() throws Exception {
        CompletableFuture<AdminRequest.DrainSummary> done = drains.drain(WEB, RS1, 60_000L, null, false);
        // Runs in the thread that completes the drain, at the moment it does.
        AtomicReference<Optional<RealServerEntry>> atCompletion = new AtomicReference<>();
        CompletableFuture<Void> seen = done.thenRun(() -> atCompletion.set(rs1()));

        assertThat(done.get(30, TimeUnit.SECONDS).outcome()).isEqualTo("done");
        seen.get(30, TimeUnit.SECONDS);
        assertThat(atCompletion.get()).isEmpty();
        assertThat(rs1()).isEmpty();
    }

    @Test
    void scansThatRanBeforeTheDrainWasPublishedDoNotEndIt() throws Exception {
        // A worker that finishes two scans right after each look at its figures, each scan
        // counting the server's one long-lived flow only if the table it works from has the
        // server draining (a worker counts the flows of draining servers only).
        AtomicLong completed = new AtomicLong();
        AtomicLong open = new AtomicLong();
        try (DrainController lagging = new DrainController(
                registry,
                id -> {
                    long[] flows = new long[FlowClass.OPEN_COUNT];
                    flows[FlowClass.IDLE] = open.get();
                    DrainFigureSum seen =
                            new DrainFigureSum(flows, new long[DrainFigures.COUNTERS], new long[] {completed.get()});
                    open.set(rs1().filter(RealServerEntry::draining).isPresent() ? 1 : 0);
                    completed.addAndGet(2);
                    return seen;
                },
                new DrainSpecs(new Sysctls(false, false, SynProxySettings.DEFAULTS)))) {
            CompletableFuture<AdminRequest.DrainSummary> done = lagging.drain(WEB, RS1, 60_000L, null, false);
            // Several looks of the controller; the flow is open all along, so the drain goes on.
            Thread.sleep(10 * DrainController.POLL_MILLIS);
            assertThat(done).isNotDone();
            assertThat(rs1()).hasValueSatisfying(e -> assertThat(e.draining()).isTrue());
        }
    }

    @Test
    void aKeptServerIsAtWeightZeroAndNoLongerDrainingWhenTheWaitEnds() throws Exception {
        CompletableFuture<AdminRequest.DrainSummary> done = drains.drain(WEB, RS1, 60_000L, null, true);
        AtomicReference<Optional<RealServerEntry>> atCompletion = new AtomicReference<>();
        CompletableFuture<Void> seen = done.thenRun(() -> atCompletion.set(rs1()));

        assertThat(done.get(30, TimeUnit.SECONDS).outcome()).isEqualTo("done");
        seen.get(30, TimeUnit.SECONDS);
        RealServerEntry kept = atCompletion.get().orElseThrow();
        assertThat(kept.draining()).isFalse();
        assertThat(kept.config().weight()).isZero();
    }
}
