package io.jlvs.daemon.health;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.HealthView;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.apply.ConfigCommands;
import io.jlvs.daemon.apply.ServerPlacement;
import io.jlvs.daemon.config.Checker;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.config.RealServer;
import io.jlvs.daemon.config.Script;
import io.jlvs.daemon.config.VirtualServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every checker of the configuration and keeps the table in step with what they find, with
 * keepalived's semantics (check_*.c, ipwrapper.c): a real server is in the table while all its
 * checkers pass; when one fails it is removed, or kept at weight 0 with {@code inhibit_on_failure};
 * {@code alpha} checkers start failed; below the quorum the sorry server replaces the real servers
 * and {@code quorum_down} runs, above it {@code quorum_up}; {@code notify_up}/{@code notify_down}
 * run on each real server's changes; {@code omega} runs the down scripts at shutdown.
 *
 * <p>What goes in the table is decided in one place, {@link #placeReal}/{@link #placeSorry}: the same
 * placement builds the table at start and on reload ({@link #table}, {@link #reload}) and, diffed
 * against what was placed before, gives the changes a check causes, which all go through the
 * {@link RealServerSwitch}. One lock guards all state; checks themselves run outside it, each
 * checker on its own virtual thread, first after a random {@code warmup} so they spread out.
 */
public final class HealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    /** keepalived gives scripts run at shutdown one second. */
    static final Duration SHUTDOWN_SCRIPT_TIMEOUT = Duration.ofSeconds(1);

    /** How a whole table is put in place: jlvsd diffs it against the registry and applies the difference. */
    @FunctionalInterface
    public interface TableApplier {
        void apply(List<AdminCommand> desired) throws Exception;
    }

    private final RealServerSwitch table;
    private final ScriptRunner scripts;
    private final CheckFactory checks;
    private final Ticker ticker;
    private KeepalivedConfig config;
    private Map<String, ServiceHealth> services;
    private boolean started;
    private boolean stopped;

    public HealthMonitor(
            KeepalivedConfig config, RealServerSwitch table, ScriptRunner scripts, CheckFactory checks, Ticker ticker) {
        this.table = table;
        this.scripts = scripts;
        this.checks = checks;
        this.ticker = ticker;
        this.config = config;
        this.services = build(config, Map.of());
        for (ServiceHealth s : services.values()) {
            initialQuorum(s);
        }
    }

    /** The table the configuration and the current health state describe, as build-from-empty commands. */
    public synchronized List<AdminCommand> table() {
        List<AdminCommand> desired = ConfigCommands.of(config, placement(services));
        recordApplied(desired);
        return desired;
    }

    /** Starts every checker: call once the table from {@link #table} is in place. */
    public synchronized void start() {
        started = true;
        for (ServiceHealth s : services.values()) {
            s.reals.values().forEach(r -> r.slots.forEach(this::launch));
        }
    }

    /**
     * Takes a new configuration: servers and checkers that stay keep their state (a server that is
     * down is not put back), new ones start as {@code alpha} says; the table {@code applier} gets
     * is the new configuration filtered by that state. All under the lock, so no check result
     * lands between the decision and the table.
     */
    public synchronized void reload(KeepalivedConfig next, TableApplier applier) throws Exception {
        Map<String, ServiceHealth> old = services;
        Map<String, ServiceHealth> fresh = build(next, old);
        for (ServiceHealth s : fresh.values()) {
            if (old.containsKey(s.config.name())) {
                updateQuorum(s, "reload");
            } else {
                initialQuorum(s);
            }
        }
        List<AdminCommand> desired = ConfigCommands.of(next, placement(fresh));
        applier.apply(desired);
        config = next;
        services = fresh;
        recordApplied(desired);
        // Checkers taken over now report to their new server; the others stop.
        Set<CheckerSlot> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ServiceHealth s : fresh.values()) {
            for (RealServerHealth r : s.reals.values()) {
                for (CheckerSlot slot : r.slots) {
                    slot.owner = r;
                    kept.add(slot);
                }
            }
        }
        for (ServiceHealth s : old.values()) {
            for (RealServerHealth r : s.reals.values()) {
                for (CheckerSlot slot : r.slots) {
                    if (!kept.contains(slot)) {
                        slot.stop();
                    }
                }
            }
        }
        for (ServiceHealth s : fresh.values()) {
            if (!old.containsKey(s.config.name())) {
                announceInitialQuorum(s);
            }
            if (started) {
                s.reals.values().forEach(r -> r.slots.forEach(this::launch));
            }
        }
    }

    /** Runs quorum_down for services that start below their quorum with a sorry server, as keepalived does at start. */
    public synchronized void announceStart() {
        services.values().forEach(this::announceInitialQuorum);
    }

    /**
     * Stops every checker; with {@code omega}, runs {@code notify_down} for each live real server and
     * {@code quorum_down} for the service, waiting a second for each, as keepalived does on exit.
     */
    public void stop() {
        List<Script> down = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (ServiceHealth s : services.values()) {
                for (RealServerHealth r : s.reals.values()) {
                    r.slots.forEach(CheckerSlot::stop);
                    if (s.config.quorum().omega() && r.alive()) {
                        r.config.notifyDown().ifPresent(down::add);
                    }
                }
                if (s.config.quorum().omega()) {
                    s.config.quorum().down().ifPresent(down::add);
                }
            }
        }
        for (Script sc : down) {
            try {
                ScriptRunner.Outcome o = scripts.run(sc, SHUTDOWN_SCRIPT_TIMEOUT);
                LOG.info("omega: ran {}: {}", sc, o.timedOut() ? "timed out" : "exit status " + o.exitCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every checker, for tests that drive them by hand. */
    synchronized List<CheckerSlot> slots() {
        List<CheckerSlot> out = new ArrayList<>();
        services.values().forEach(s -> s.reals.values().forEach(r -> out.addAll(r.slots)));
        return out;
    }

    public synchronized HealthView view() {
        return new HealthView(
                services.values().stream().map(ServiceHealth::view).toList());
    }

    // --- placement: the one place that decides what the table holds --------------------------

    private static ServerPlacement placement(Map<String, ServiceHealth> state) {
        return new ServerPlacement() {
            @Override
            public Optional<RealServerConfig> real(VirtualServer vs, RealServer rs, RealServerConfig configured) {
                return placeReal(state, vs, rs, configured);
            }

            @Override
            public Optional<RealServerConfig> sorry(VirtualServer vs, RealServerConfig configured) {
                return placeSorry(state, vs, configured);
            }
        };
    }

    /**
     * A real server is in the table with its effective weight while alive and the sorry server is
     * not standing in; otherwise it is out, or at weight 0 under {@code inhibit_on_failure}.
     */
    private static Optional<RealServerConfig> placeReal(
            Map<String, ServiceHealth> state, VirtualServer vs, RealServer rs, RealServerConfig configured) {
        ServiceHealth s = state.get(vs.name());
        RealServerHealth r = s == null ? null : s.reals.get(rs.endpoint());
        if (r == null) {
            return Optional.of(configured);
        }
        if (r.alive() && !s.sorryActive()) {
            return Optional.of(withWeight(configured, r.effectiveWeight()));
        }
        return rs.inhibitOnFailure() ? Optional.of(withWeight(configured, 0)) : Optional.empty();
    }

    /** The sorry server is in while the quorum is lost; otherwise out, or at weight 0 with {@code sorry_server_inhibit}. */
    private static Optional<RealServerConfig> placeSorry(
            Map<String, ServiceHealth> state, VirtualServer vs, RealServerConfig configured) {
        ServiceHealth s = state.get(vs.name());
        boolean active = s != null && s.sorryActive();
        if (active) {
            return Optional.of(configured);
        }
        return vs.sorryServer().get().inhibit() ? Optional.of(withWeight(configured, 0)) : Optional.empty();
    }

    private static RealServerConfig withWeight(RealServerConfig c, int weight) {
        return c.withWeight(weight);
    }

    private void recordApplied(List<AdminCommand> desired) {
        for (ServiceHealth s : services.values()) {
            s.applied.clear();
        }
        Map<ServiceKey, ServiceHealth> byKey = new HashMap<>();
        for (ServiceHealth s : services.values()) {
            s.keys.forEach(k -> byKey.put(k, s));
        }
        for (AdminCommand c : desired) {
            if (c instanceof AdminCommand.AddServer(ServiceKey key, RealServerConfig server)) {
                ServiceHealth s = byKey.get(key);
                if (s != null) {
                    s.applied.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(server.endpoint(), server);
                }
            }
        }
    }

    /** Diffs the placement of every server of {@code s} against what was placed, and switches the difference. */
    private void applyPlacement(ServiceHealth s, String reason) {
        for (ServiceKey key : s.keys) {
            Map<Endpoint, RealServerConfig> was = s.applied.computeIfAbsent(key, k -> new LinkedHashMap<>());
            Map<Endpoint, Optional<RealServerConfig>> now = new LinkedHashMap<>();
            Map<Endpoint, RealServerConfig> configured = new LinkedHashMap<>();
            for (RealServerHealth r : s.reals.values()) {
                RealServerConfig c = r.tableEntry();
                configured.put(c.endpoint(), c);
                now.put(c.endpoint(), placeReal(services, s.config, r.config, c));
            }
            s.config.sorryServer().ifPresent(sorry -> {
                RealServerConfig c = ConfigCommands.sorry(s.config, key, sorry);
                if (!now.containsKey(c.endpoint())) {
                    configured.put(c.endpoint(), c);
                    now.put(c.endpoint(), placeSorry(services, s.config, c));
                }
            });
            for (Map.Entry<Endpoint, Optional<RealServerConfig>> e : now.entrySet()) {
                RealServerConfig before = was.get(e.getKey());
                RealServerConfig after = e.getValue().orElse(null);
                if (Objects.equals(before, after)) {
                    continue;
                }
                if (after == null) {
                    table.down(key, before, RealServerSwitch.Removal.REMOVE, reason);
                    was.remove(e.getKey());
                } else if (after.weight() == 0 && (before == null || before.weight() != 0)) {
                    table.down(key, configured.get(e.getKey()), RealServerSwitch.Removal.INHIBIT, reason);
                    was.put(e.getKey(), after);
                } else {
                    table.up(key, after, reason);
                    was.put(e.getKey(), after);
                }
            }
        }
    }

    // --- check results ---------------------------------------------------------------------

    /**
     * Runs one attempt of {@code slot} and records it; returns the delay before the next attempt in
     * nanoseconds, or -1 once the checker is stopped. The loop of each checker's thread; tests call
     * it directly with a fake clock.
     */
    long runOnce(CheckerSlot slot) throws InterruptedException {
        long t0 = ticker.nanoTime();
        CheckResult r;
        try {
            r = slot.check.run();
        } catch (RuntimeException e) {
            r = CheckResult.failure("error", e.toString());
        }
        return report(slot, r, ticker.nanoTime() - t0);
    }

    synchronized long report(CheckerSlot slot, CheckResult r, long durationNanos) {
        if (slot.stopped || stopped) {
            return -1;
        }
        slot.last = r;
        slot.lastDurationNanos = durationNanos;
        slot.lastCheckMillis = ticker.currentTimeMillis();
        slot.checks++;
        slot.durationNanosTotal += durationNanos;
        if (!r.ok()) {
            slot.failedChecks++;
        }
        RealServerHealth rs = slot.owner;
        ServiceHealth s = rs.owner;
        String what = slot.config.type() + " " + slot.target() + " of " + s.config.name();
        boolean wasUp = slot.state.up();
        boolean wasAlive = rs.alive();
        CheckerState.Step step = slot.state.record(r.ok());
        if (!r.ok()
                && wasUp
                && (slot.timing().logAllFailures() || config.globalDefs().checkerLogAllFailures())) {
            LOG.info("{}: failed ({}): {}", what, r.reason(), r.detail());
        }
        String because = what + ": " + r.reason() + ": " + r.detail();
        boolean changed = false;
        if (slot.dynamic()) {
            int w = r.ok() ? r.weight() : (step.change() == CheckerState.Change.DOWN ? -1 : slot.dynamicWeight);
            if (w != slot.dynamicWeight) {
                int before = rs.effectiveWeight();
                slot.dynamicWeight = w;
                if (rs.effectiveWeight() != before) {
                    LOG.info("{}: weight {} -> {} ({})", rs.name(), before, rs.effectiveWeight(), r.detail());
                    changed = true;
                }
            }
        }
        switch (step.change()) {
            case DOWN -> {
                slot.transitions.merge(r.reason(), 1L, Long::sum);
                LOG.warn(
                        "{}: checker down after {} failure(s): {}: {}",
                        what,
                        slot.state.failures(),
                        r.reason(),
                        r.detail());
                if (wasAlive) {
                    rs.sinceMillis = ticker.currentTimeMillis();
                    rs.lastReason = slot.config.type() + ": " + r.reason() + ": " + r.detail();
                    LOG.warn(
                            "{} is DOWN: {}; {}",
                            rs.name(),
                            rs.lastReason,
                            rs.config.inhibitOnFailure() ? "weight set to 0" : "removed");
                    rs.config.notifyDown().ifPresent(sc -> scripts.fire(sc, rs.name() + " notify_down"));
                    changed = true;
                }
            }
            case UP -> {
                slot.transitions.merge("up", 1L, Long::sum);
                LOG.info("{}: checker up: {}", what, r.detail());
                if (!wasAlive && rs.alive()) {
                    rs.sinceMillis = ticker.currentTimeMillis();
                    rs.lastReason = slot.config.type() + ": " + r.detail();
                    LOG.info("{} is UP: {}", rs.name(), rs.lastReason);
                    rs.config.notifyUp().ifPresent(sc -> scripts.fire(sc, rs.name() + " notify_up"));
                    changed = true;
                    because = what + ": up: " + r.detail();
                }
            }
            case NONE -> {
                // keepalived's first-run notify: an alpha checker whose first check confirms the
                // server down runs notify_down.
                if (step.firstRun() && !r.ok() && slot.state.alpha() && !rs.alive()) {
                    rs.lastReason = slot.config.type() + ": " + r.reason() + ": " + r.detail();
                    rs.config.notifyDown().ifPresent(sc -> scripts.fire(sc, rs.name() + " notify_down"));
                }
            }
        }
        if (changed) {
            updateQuorum(s, because);
            applyPlacement(s, because);
        }
        Duration next =
                step.retry() ? slot.timing().delayBeforeRetry() : slot.timing().delayLoop();
        return Math.max(1, next.toNanos());
    }

    /** keepalived's update_quorum_state (not at init). */
    private void updateQuorum(ServiceHealth s, String because) {
        long w = s.liveWeight();
        var q = s.config.quorum();
        long threshold = q.quorum() + (s.quorumUp ? -1 : 1) * q.hysteresis();
        if (!s.quorumUp && w >= threshold) {
            s.quorumUp = true;
            LOG.info(
                    "{}: gained quorum {}+{}={} <= {}{}",
                    s.config,
                    q.quorum(),
                    q.hysteresis(),
                    threshold,
                    w,
                    s.config.sorryServer().isPresent() ? "; sorry server out, live real servers in" : "");
            q.up().ifPresent(sc -> scripts.fire(sc, s.config + " quorum_up"));
        } else if (s.quorumUp && (w == 0 || w < threshold)) {
            s.quorumUp = false;
            LOG.warn(
                    "{}: lost quorum {}-{}={} > {} ({}){}",
                    s.config,
                    q.quorum(),
                    q.hysteresis(),
                    threshold,
                    w,
                    because,
                    s.config.sorryServer().isPresent() ? "; sorry server in, real servers out" : "");
            q.down().ifPresent(sc -> scripts.fire(sc, s.config + " quorum_down"));
        }
    }

    /** keepalived's set_quorum_states at start: up when the live weight reaches quorum + hysteresis. */
    private static void initialQuorum(ServiceHealth s) {
        var q = s.config.quorum();
        s.quorumUp = s.liveWeight() >= q.quorum() + q.hysteresis();
    }

    private void announceInitialQuorum(ServiceHealth s) {
        if (!s.quorumUp && s.config.sorryServer().isPresent()) {
            var q = s.config.quorum();
            LOG.warn(
                    "{}: starting with quorum down {}-{} > {}; sorry server in",
                    s.config,
                    q.quorum(),
                    q.hysteresis(),
                    s.liveWeight());
            q.down().ifPresent(sc -> scripts.fire(sc, s.config + " quorum_down"));
        }
    }

    // --- building the state from a configuration -------------------------------------------

    /** The state for {@code cfg}, taking over what {@code old} knows about servers and checkers that stay. */
    private Map<String, ServiceHealth> build(KeepalivedConfig cfg, Map<String, ServiceHealth> old) {
        Map<String, ServiceHealth> out = new LinkedHashMap<>();
        for (VirtualServer vs : cfg.virtualServers()) {
            ServiceHealth before = old.get(vs.name());
            ServiceHealth s = new ServiceHealth(vs, ConfigCommands.keys(cfg, vs));
            if (before != null) {
                s.quorumUp = before.quorumUp;
                s.applied.putAll(before.applied);
            }
            for (RealServer rs : vs.realServers()) {
                RealServerHealth prev = before == null ? null : before.reals.get(rs.endpoint());
                s.reals.put(rs.endpoint(), realServer(vs, rs, s, prev));
            }
            out.put(vs.name(), s);
        }
        return out;
    }

    private RealServerHealth realServer(VirtualServer vs, RealServer rs, ServiceHealth s, RealServerHealth prev) {
        RealServerHealth r = new RealServerHealth(rs, s);
        List<CheckerSlot> free = prev == null ? new ArrayList<>() : new ArrayList<>(prev.slots);
        for (Checker c : rs.checkers()) {
            CheckerSlot kept = null;
            for (CheckerSlot candidate : free) {
                if (candidate.config.equals(c)) {
                    kept = candidate;
                    break;
                }
            }
            if (kept != null) {
                free.remove(kept);
                r.slots.add(kept);
                continue;
            }
            Optional<Check> check = checks.create(vs, c);
            if (check.isEmpty()) {
                continue;
            }
            var timing = CheckerSlot.timingOf(c);
            // A new checker on a server that is up starts up, with its retries (keepalived's
            // migrate_checkers): it must not take a working server out before it has run. On a
            // server not seen working, alpha holds and one failure is enough.
            boolean unproven = prev == null || !prev.alive();
            r.slots.add(new CheckerSlot(
                    c, check.get(), new CheckerState(timing.retry(), timing.alpha() && unproven, unproven), r));
        }
        if (prev != null) {
            r.sinceMillis = r.alive() == prev.alive() ? prev.sinceMillis : ticker.currentTimeMillis();
            r.lastReason = prev.lastReason;
        } else {
            r.sinceMillis = ticker.currentTimeMillis();
            r.lastReason = r.alive() ? "monitoring started" : "alpha: down until a check passes";
        }
        return r;
    }

    private void launch(CheckerSlot slot) {
        if (slot.thread != null || slot.stopped) {
            return;
        }
        long warmup = slot.timing().warmup().toNanos();
        long first = warmup > 0 ? ThreadLocalRandom.current().nextLong(warmup) : 0;
        slot.thread = Thread.ofVirtual()
                .name("check " + slot.config.type() + " " + slot.target())
                .start(() -> {
                    try {
                        ticker.sleep(first);
                        while (!slot.stopped) {
                            long next = runOnce(slot);
                            if (next < 0) {
                                return;
                            }
                            ticker.sleep(next);
                        }
                    } catch (InterruptedException e) {
                        // stopped
                    }
                });
    }
}
