package io.jlvs.daemon.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.KeepalivedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's semantics with a fake clock: the checks' results are scripted per server, a small
 * event loop runs each checker when its delay is due, and every table change is recorded with the
 * simulated time it happened at.
 */
class HealthMonitorTest {
    static final long S = 1_000_000_000L;

    /** Simulated time. */
    static final class FakeTicker implements Ticker {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long currentTimeMillis() {
            return now / 1_000_000;
        }

        @Override
        public void sleep(long nanos) {
            now += nanos;
        }
    }

    /** One table change as the switch saw it. */
    record Change(double atSeconds, String what, ServiceKey key, RealServerConfig server, String reason) {}

    /** A check whose result is whatever the test says the server does now. */
    final Map<String, CheckResult> serverState = new HashMap<>();

    final FakeTicker clock = new FakeTicker();
    final List<Change> changes = new ArrayList<>();
    final RealServerSwitch recording = new RealServerSwitch() {
        @Override
        public void up(ServiceKey service, RealServerConfig server, String reason) {
            changes.add(new Change(clock.now / (double) S, "up", service, server, reason));
        }

        @Override
        public void down(ServiceKey service, RealServerConfig server, Removal how, String reason) {
            changes.add(new Change(clock.now / (double) S, how.name().toLowerCase(), service, server, reason));
        }
    };

    final CheckFactory fakes = (vs, c) -> {
        String target = c.toString().replaceAll(".*connect (\\S+).*", "$1");
        String key = c.type().equals("MISC_CHECK") ? "misc" : target;
        return Optional.of(() -> serverState.getOrDefault(key, CheckResult.success("ok")));
    };

    HealthMonitor monitor(String conf) throws Exception {
        KeepalivedConfig cfg = ConfigLoader.parse(Path.of("t.conf"), conf).config();
        return new HealthMonitor(cfg, recording, new ScriptRunner(Optional.empty(), Optional.empty()), fakes, clock);
    }

    /** Runs every checker when due (first ones at time 0) until {@code untilSeconds}. */
    final Map<CheckerSlot, Long> due = new IdentityHashMap<>();

    void runUntil(HealthMonitor m, double untilSeconds) throws InterruptedException {
        long until = (long) (untilSeconds * S);
        while (true) {
            for (CheckerSlot s : m.slots()) {
                due.putIfAbsent(s, clock.now);
            }
            CheckerSlot next = null;
            for (CheckerSlot s : m.slots()) {
                if (next == null || due.get(s) < due.get(next)) {
                    next = s;
                }
            }
            if (next == null || due.get(next) > until) {
                clock.now = until;
                return;
            }
            clock.now = due.get(next);
            due.put(next, clock.now + m.runOnce(next));
        }
    }

    static CheckResult refused() {
        return CheckResult.failure("refused", "connect: Connection refused");
    }

    static String service(String options, String reals) {
        return "virtual_server 198.18.0.100 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n delay_loop 2\n" + options
                + reals + "}\n";
    }

    static String real(String addr, String extra) {
        return " real_server " + addr + " 80 {\n  weight 1\n" + extra
                + "  TCP_CHECK {\n   connect_timeout 1\n   retry 2\n   delay_before_retry 1\n  }\n }\n";
    }

    static List<String> servers(List<AdminCommand> table) {
        return table.stream()
                .filter(c -> c instanceof AdminCommand.AddServer)
                .map(c -> ((AdminCommand.AddServer) c).server())
                .map(r -> r.address().text() + ":" + r.port() + " w" + r.weight())
                .toList();
    }

    @Test
    void aFailingServerIsRemovedAfterRetryPlusOneFailuresAndComesBackWithinOneDelayLoop() throws Exception {
        HealthMonitor m = monitor(service("", real("198.18.1.11", "") + real("198.18.1.12", "")));
        assertThat(servers(m.table())).containsExactly("198.18.1.11:80 w1", "198.18.1.12:80 w1");
        runUntil(m, 10.3);
        assertThat(changes).isEmpty();

        serverState.put("198.18.1.11:80", refused());
        runUntil(m, 30);
        assertThat(changes).hasSize(1);
        Change down = changes.getFirst();
        assertThat(down.what()).isEqualTo("remove");
        assertThat(down.server().address().text()).isEqualTo("198.18.1.11");
        assertThat(down.reason()).contains("refused");
        // delay_loop x (retry + 1) + connect_timeout, from the moment it failed.
        assertThat(down.atSeconds() - 10.3).isLessThanOrEqualTo(2 * 3 + 1);
        // One round found it, then two retries one second apart.
        assertThat(down.atSeconds() - 10.3).isGreaterThanOrEqualTo(2.0);

        serverState.remove("198.18.1.11:80");
        runUntil(m, 40.5);
        assertThat(changes).hasSize(2);
        Change up = changes.get(1);
        assertThat(up.what()).isEqualTo("up");
        assertThat(up.server().weight()).isEqualTo(1);
        assertThat(up.atSeconds() - 30).isLessThanOrEqualTo(2.0);
        assertThat(m.view()
                        .services()
                        .getFirst()
                        .realServers()
                        .getFirst()
                        .checkers()
                        .getFirst()
                        .transitions())
                .containsEntry("refused", 1L)
                .containsEntry("up", 1L);
    }

    @Test
    void atStartOneFailureIsEnoughToRemoveAServer() throws Exception {
        // keepalived's check_data.c sets retry_it = retry before the first run ("for non alpha
        // mode, one failure is enough initially"): retries are for a server that was seen working.
        HealthMonitor m = monitor(service("", real("198.18.1.11", "") + real("198.18.1.12", "")));
        m.table();
        serverState.put("198.18.1.11:80", refused());
        runUntil(m, 0.5);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.what()).isEqualTo("remove");
            assertThat(c.server().address().text()).isEqualTo("198.18.1.11");
            assertThat(c.atSeconds()).isZero();
        });
    }

    @Test
    void oneSuccessfulRetryKeepsTheServer() throws Exception {
        HealthMonitor m = monitor(service("", real("198.18.1.11", "")));
        m.table();
        runUntil(m, 1);
        serverState.put("198.18.1.11:80", refused());
        runUntil(m, 2.5); // the round at 2 s failed: a retry is due at 3 s
        serverState.remove("198.18.1.11:80");
        runUntil(m, 20);
        assertThat(changes).isEmpty();
    }

    @Test
    void alphaKeepsAServerOutUntilItsFirstSuccess() throws Exception {
        HealthMonitor m = monitor(service(" alpha\n", real("198.18.1.11", "") + real("198.18.1.12", "")));
        serverState.put("198.18.1.12:80", refused());
        assertThat(servers(m.table())).isEmpty();
        runUntil(m, 0.5);
        assertThat(changes)
                .extracting(Change::what, c -> c.server().address().text())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("up", "198.18.1.11"));
    }

    @Test
    void inhibitOnFailureKeepsTheServerAtWeightZero() throws Exception {
        HealthMonitor m = monitor(service("", real("198.18.1.11", "  inhibit_on_failure\n")));
        m.table();
        serverState.put("198.18.1.11:80", refused());
        runUntil(m, 10);
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.what()).isEqualTo("inhibit"));
        HealthMonitor reloaded = m;
        List<AdminCommand> table = reloaded.table();
        assertThat(servers(table)).containsExactly("198.18.1.11:80 w0");
    }

    @Test
    void theSorryServerStandsInWhileNoRealServerIsUpAndQuorumScriptsRun(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        String script = "\"/bin/sh -c 'echo $0 >> " + log + "'\"";
        HealthMonitor m = monitor(service(
                " sorry_server 198.18.1.13 80\n quorum_up " + script.replace("$0", "up") + "\n quorum_down "
                        + script.replace("$0", "down") + "\n",
                real("198.18.1.11", "") + real("198.18.1.12", "")));
        assertThat(servers(m.table())).containsExactly("198.18.1.11:80 w1", "198.18.1.12:80 w1");
        serverState.put("198.18.1.11:80", refused());
        runUntil(m, 10);
        assertThat(changes).extracting(Change::what).containsExactly("remove");
        serverState.put("198.18.1.12:80", refused());
        runUntil(m, 20);
        // Quorum lost: the last real server out, the sorry server in.
        assertThat(changes.subList(1, changes.size()))
                .extracting(Change::what, c -> c.server().address().text())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("remove", "198.18.1.12"),
                        org.assertj.core.groups.Tuple.tuple("up", "198.18.1.13"));
        assertThat(m.view().services().getFirst().sorryActive()).isTrue();
        int before = changes.size();
        serverState.remove("198.18.1.12:80");
        runUntil(m, 30);
        assertThat(changes.subList(before, changes.size()))
                .extracting(Change::what, c -> c.server().address().text())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("remove", "198.18.1.13"),
                        org.assertj.core.groups.Tuple.tuple("up", "198.18.1.12"));
        awaitLines(log, 2);
        // Scripts run asynchronously, as keepalived's notify_exec does: the fake clock ran them back to back.
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("down", "up");
    }

    @Test
    void hysteresisDampensTheQuorum() throws Exception {
        // quorum 2, hysteresis 1: lost below 1 live weight unit... i.e. at 0; regained at 3.
        HealthMonitor m = monitor(service(
                " quorum 2\n hysteresis 1\n sorry_server 198.18.1.13 80\n",
                real("198.18.1.11", "") + real("198.18.1.12", "") + real("198.18.1.14", "")));
        m.table();
        serverState.put("198.18.1.11:80", refused());
        serverState.put("198.18.1.12:80", refused());
        runUntil(m, 10);
        assertThat(m.view().services().getFirst().quorumUp()).isTrue(); // 1 >= 2 - 1
        serverState.put("198.18.1.14:80", refused());
        runUntil(m, 20);
        assertThat(m.view().services().getFirst().quorumUp()).isFalse();
        serverState.remove("198.18.1.14:80");
        serverState.remove("198.18.1.11:80");
        runUntil(m, 30);
        assertThat(m.view().services().getFirst().quorumUp()).isFalse(); // 2 < 2 + 1
        serverState.remove("198.18.1.12:80");
        runUntil(m, 40);
        assertThat(m.view().services().getFirst().quorumUp()).isTrue();
    }

    @Test
    void everyCheckerMustPass() throws Exception {
        HealthMonitor m = monitor(service(
                "",
                " real_server 198.18.1.11 80 {\n  TCP_CHECK {\n   retry 0\n  }\n"
                        + "  TCP_CHECK {\n   connect_port 8080\n   retry 0\n  }\n }\n"));
        m.table();
        serverState.put("198.18.1.11:8080", refused());
        runUntil(m, 5);
        assertThat(changes).extracting(Change::what).containsExactly("remove");
        serverState.put("198.18.1.11:80", refused());
        serverState.remove("198.18.1.11:8080");
        runUntil(m, 10);
        assertThat(changes).hasSize(1); // one checker recovered, the other failed: still down
        serverState.remove("198.18.1.11:80");
        runUntil(m, 15);
        assertThat(changes).extracting(Change::what).containsExactly("remove", "up");
    }

    @Test
    void miscDynamicExitCodesSetTheWeight() throws Exception {
        HealthMonitor m = monitor(service(
                "",
                " real_server 198.18.1.11 80 {\n  weight 3\n  MISC_CHECK {\n   misc_path /bin/true\n   misc_dynamic\n"
                        + "  }\n }\n"));
        m.table();
        serverState.put("misc", new CheckResult(true, "ok", "exit status 12", 10));
        runUntil(m, 1);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.what()).isEqualTo("up");
            assertThat(c.server().weight()).isEqualTo(10);
        });
        serverState.put("misc", CheckResult.success("exit status 0"));
        runUntil(m, 3);
        assertThat(changes.getLast().server().weight()).isEqualTo(3);
        serverState.put("misc", CheckResult.failure("exit_code", "exit status 1"));
        runUntil(m, 5);
        assertThat(changes.getLast().what()).isEqualTo("remove");
    }

    @Test
    void aReloadDoesNotPutBackAServerThatIsDownAndStartsNewOnesPerAlpha() throws Exception {
        String before = service("", real("198.18.1.11", "") + real("198.18.1.12", ""));
        HealthMonitor m = monitor(before);
        m.table();
        serverState.put("198.18.1.11:80", refused());
        runUntil(m, 10);
        assertThat(changes).hasSize(1);
        String after = service(
                "",
                real("198.18.1.11", "")
                        + real("198.18.1.12", "")
                        + real("198.18.1.13", "").replace("  TCP_CHECK {", "  alpha\n  TCP_CHECK {"));
        List<List<AdminCommand>> applied = new ArrayList<>();
        m.reload(ConfigLoader.parse(Path.of("t.conf"), after).config(), applied::add);
        assertThat(servers(applied.getFirst())).containsExactly("198.18.1.12:80 w1");
        runUntil(m, 12);
        // The new alpha server came up on its first success; .11 stays out.
        assertThat(changes.subList(1, changes.size()))
                .extracting(Change::what, c -> c.server().address().text())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("up", "198.18.1.13"));
    }

    private static void awaitLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        Duration.ofSeconds(0); // fall through to the assertion, which shows what was written
    }
}
