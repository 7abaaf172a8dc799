package io.jlvs.daemon.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.drain.DrainFigures;
import io.jlvs.core.drain.FlowClass;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.apply.ConfigCommands;
import io.jlvs.daemon.apply.ConfigReload;
import io.jlvs.daemon.apply.Reconciler;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.dataplane.DataPlaneStats.DrainFigureSum;
import io.jlvs.daemon.health.RealServerSwitch;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-service drain keywords end to end in the control plane: {@code drain_timeout} and {@code
 * idle_grace} shape a drain that does not name its own figures, {@code drain_on_failure} turns a
 * failed check into a drain, {@code drain_on_removal} turns a reload's removal into one. The data
 * plane is stood in for by figures in which the server always has one open flow, so drains last.
 */
class DrainPoliciesTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    private static final Endpoint RS1 = new Endpoint(Address.parse("10.0.0.1"), 80);
    private static final Endpoint RS2 = new Endpoint(Address.parse("10.0.0.2"), 80);

    @TempDir
    Path dir;

    private final Registry registry = new Registry(4096, new CounterStatsSource());
    private final Sysctls sysctls = new Sysctls(false, false, SynProxySettings.DEFAULTS);
    private final DrainSpecs specs = new DrainSpecs(sysctls);
    private final AtomicLong scans = new AtomicLong();
    private final DrainController drains = new DrainController(
            registry,
            id -> {
                long[] flows = new long[FlowClass.OPEN_COUNT];
                flows[FlowClass.IN_FLIGHT] = 1;
                return new DrainFigureSum(flows, new long[DrainFigures.COUNTERS], new long[] {scans.incrementAndGet()});
            },
            specs);

    @AfterEach
    void tearDown() {
        drains.close();
    }

    static String config(String keywords, String... reals) {
        StringBuilder sb =
                new StringBuilder("virtual_server 192.0.2.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
        sb.append(keywords);
        for (String r : reals) {
            sb.append(" real_server ").append(r).append(" 80 { weight 1 }\n");
        }
        return sb.append("}\n").toString();
    }

    Path write(String text) throws Exception {
        Path p = dir.resolve("keepalived.conf");
        Files.writeString(p, text);
        return p;
    }

    void load(String text) throws Exception {
        var cfg = ConfigLoader.load(write(text));
        registry.restore(Reconciler.commands(registry.snapshot(), ConfigCommands.of(cfg)));
        specs.configure(ConfigCommands.drainPolicies(cfg));
    }

    Optional<RealServerEntry> entry(Endpoint e) {
        return registry.snapshot().service(WEB).flatMap(s -> s.realServer(e));
    }

    @Test
    void aDrainThatNamesNoFiguresTakesTheServicesKeywordsElseTheSettings() throws Exception {
        load(config(" drain_timeout 30\n idle_grace 2\n", "10.0.0.1"));
        assertThat(specs.spec(WEB, null, null).timeoutMillis()).isEqualTo(30_000);
        assertThat(specs.spec(WEB, null, null).idleGraceMillis()).isEqualTo(2_000);
        assertThat(specs.spec(WEB, 5_000L, 100L).timeoutMillis()).isEqualTo(5_000);
        assertThat(specs.spec(WEB, 5_000L, 100L).idleGraceMillis()).isEqualTo(100);
        // A service without the keywords follows the settings, as an operator changed them.
        load(config("", "10.0.0.1"));
        sysctls.set("drain_timeout", "42");
        sysctls.set("drain_idle_grace_ms", "250");
        assertThat(specs.spec(WEB, null, null).timeoutMillis()).isEqualTo(42_000);
        assertThat(specs.spec(WEB, null, null).idleGraceMillis()).isEqualTo(250);
        ServiceKey other = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.9"), 80);
        assertThat(specs.policy(other).drainOnFailure()).isFalse();

        drains.drain(WEB, RS1, null, null, false);
        assertThat(entry(RS1).orElseThrow().drain().timeoutMillis()).isEqualTo(42_000);
    }

    @Test
    void aKeywordWrittenAtTheDefaultValueStillHoldsAgainstChangedSettings() throws Exception {
        // The operator wrote the figures down: they are the service's, whatever the settings say.
        load(config(" drain_timeout 300\n idle_grace 0.5\n", "10.0.0.1"));
        sysctls.set("drain_timeout", "42");
        sysctls.set("drain_idle_grace_ms", "250");
        assertThat(specs.spec(WEB, null, null).timeoutMillis()).isEqualTo(300_000);
        assertThat(specs.spec(WEB, null, null).idleGraceMillis()).isEqualTo(500);
    }

    /** Records what reaches the switch behind the draining one. */
    static final class Behind implements RealServerSwitch {
        final List<String> calls = new ArrayList<>();

        @Override
        public void up(ServiceKey service, RealServerConfig server, String reason) {
            calls.add("up " + server.endpoint().address().text());
        }

        @Override
        public void down(ServiceKey service, RealServerConfig server, Removal how, String reason) {
            calls.add("down " + server.endpoint().address().text() + " " + how);
        }
    }

    @Test
    void drainOnFailureDrainsAFailedServerAndItsRecoveryEndsTheDrain() throws Exception {
        load(config(" drain_on_failure\n drain_timeout 60\n", "10.0.0.1", "10.0.0.2"));
        Behind behind = new Behind();
        DrainingSwitch sw = new DrainingSwitch(behind, registry, drains);
        RealServerConfig rs1 = RealServerConfig.of(RS1.address(), RS1.port(), ForwardMethod.MASQ, 1);

        sw.down(WEB, rs1, RealServerSwitch.Removal.REMOVE, "TCP_CHECK failed");
        assertThat(behind.calls).isEmpty();
        assertThat(entry(RS1).orElseThrow().draining()).isTrue();
        assertThat(entry(RS1).orElseThrow().drain().timeoutMillis()).isEqualTo(60_000);

        sw.up(WEB, rs1, "TCP_CHECK succeeded");
        assertThat(behind.calls).isEmpty();
        assertThat(entry(RS1).orElseThrow().draining()).isFalse();

        // Without the keyword a failed server leaves at once, as in keepalived.
        load(config("", "10.0.0.1", "10.0.0.2"));
        sw.down(WEB, rs1, RealServerSwitch.Removal.INHIBIT, "TCP_CHECK failed");
        assertThat(behind.calls).containsExactly("down 10.0.0.1 INHIBIT");
        assertThat(entry(RS1).orElseThrow().draining()).isFalse();
    }

    @Test
    void drainOnRemovalDrainsWhatAReloadRemovesAndAReloadThatAddsItBackEndsTheDrain() throws Exception {
        String both = config(" drain_on_removal\n drain_timeout 45\n", "10.0.0.1", "10.0.0.2");
        load(both);
        var loaded = ConfigLoader.load(write(both));
        ConfigReload reload = new ConfigReload(dir.resolve("keepalived.conf"), registry, sysctls, loaded, null, drains);

        write(config(" drain_on_removal\n drain_timeout 45\n", "10.0.0.2"));
        assertThat(reload.reload()).isEqualTo("0 change(s), 1 drain(s)");
        RealServerEntry draining = entry(RS1).orElseThrow();
        assertThat(draining.draining()).isTrue();
        assertThat(draining.drain().timeoutMillis()).isEqualTo(45_000);
        assertThat(entry(RS2).orElseThrow().draining()).isFalse();

        write(both);
        reload.reload();
        assertThat(entry(RS1).orElseThrow().draining()).isFalse();
        assertThat(entry(RS1).orElseThrow().id())
                .as("the same entry: its flows go on")
                .isEqualTo(draining.id());

        // Without the keyword the reload deletes at once.
        write(config("", "10.0.0.2"));
        reload.reload();
        assertThat(entry(RS1)).isEmpty();
    }

    @Test
    void theServicesTableKeysCarryTheirPolicy() throws Exception {
        load(config(" drain_on_failure\n", "10.0.0.1"));
        assertThat(specs.policy(WEB).drainOnFailure()).isTrue();
        assertThat(specs.policy(WEB).drainOnRemoval()).isFalse();
        registry.apply(new AdminCommand.AddService(
                ServiceConfig.of(ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.2"), 80))));
        assertThat(specs.policy(ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.2"), 80))
                        .drainOnFailure())
                .isFalse();
    }
}
