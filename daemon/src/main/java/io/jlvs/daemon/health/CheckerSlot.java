package io.jlvs.daemon.health;

import io.jlvs.api.HealthView;
import io.jlvs.daemon.config.CheckTiming;
import io.jlvs.daemon.config.Checker;
import io.jlvs.daemon.config.DnsCheck;
import io.jlvs.daemon.config.HttpCheck;
import io.jlvs.daemon.config.MiscCheck;
import io.jlvs.daemon.config.PingCheck;
import io.jlvs.daemon.config.SmtpCheck;
import io.jlvs.daemon.config.TcpCheck;
import io.jlvs.daemon.config.UdpCheck;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checker of one real server: the check, keepalived's state for it, what it last found, and
 * the virtual thread that runs it. Guarded by the {@link HealthMonitor}'s lock.
 */
final class CheckerSlot {
    final Checker config;
    final Check check;
    final CheckerState state;
    RealServerHealth owner;

    CheckResult last;
    long lastDurationNanos;
    long lastCheckMillis;
    long checks;
    long failedChecks;
    long durationNanosTotal;
    /** Up transitions under "up", down transitions under their failure reason. */
    final Map<String, Long> transitions = new LinkedHashMap<>();
    /** The weight a misc_dynamic script last set, or -1. */
    int dynamicWeight = -1;

    Thread thread;
    volatile boolean stopped;

    CheckerSlot(Checker config, Check check, CheckerState state, RealServerHealth owner) {
        this.config = config;
        this.check = check;
        this.state = state;
        this.owner = owner;
    }

    CheckTiming timing() {
        return timingOf(config);
    }

    /** What it probes, for logs and listings: {@code 10.0.0.2:80}, or the script for MISC_CHECK. */
    String target() {
        return config instanceof MiscCheck m
                ? m.script().command()
                : config.connectOptions().orElseThrow().target().toString();
    }

    static CheckTiming timingOf(Checker config) {
        return switch (config) {
            case TcpCheck t -> t.timing();
            case HttpCheck h -> h.timing();
            case MiscCheck m -> m.timing();
            case UdpCheck u -> u.timing();
            case DnsCheck d -> d.timing();
            case SmtpCheck s -> s.timing();
            case PingCheck p -> p.timing();
            default -> throw new IllegalStateException(config.type() + " has no timing");
        };
    }

    boolean dynamic() {
        return config instanceof MiscCheck m && m.dynamic();
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    HealthView.Checker view() {
        return new HealthView.Checker(
                config.type(),
                target(),
                state.up(),
                state.hasRun(),
                state.failures(),
                last == null ? "" : last.reason(),
                last == null ? "not checked yet" : last.detail(),
                lastDurationNanos / 1e6,
                lastCheckMillis,
                checks,
                failedChecks,
                durationNanosTotal / 1e9,
                transitions);
    }
}
