package io.jlvs.daemon.health;

import io.jlvs.daemon.config.MiscCheck;
import java.time.Duration;

/**
 * {@code MISC_CHECK} (check_misc.c): run {@code misc_path}; exit 0 is up, 1 is down; with {@code
 * misc_dynamic} 2..255 is up with weight {@code status - 2}. A script still running after {@code
 * misc_timeout} (the virtual server's delay loop when unset) is killed, and that is a failure.
 */
final class MiscChecker implements Check {
    private final MiscCheck check;
    private final Duration timeout;
    private final ScriptRunner runner;

    MiscChecker(MiscCheck check, Duration vsDelayLoop, ScriptRunner runner) {
        this.check = check;
        this.timeout = check.timeout().isZero() ? vsDelayLoop : check.timeout();
        this.runner = runner;
    }

    @Override
    public CheckResult run() throws InterruptedException {
        ScriptRunner.Outcome o = runner.run(check.script(), timeout);
        if (o.error() != null) {
            return CheckResult.failure("error", "cannot run: " + o.error());
        }
        if (o.timedOut()) {
            return CheckResult.failure("timeout", "timed out after " + timeout.toSeconds() + " s, killed");
        }
        int status = o.exitCode();
        if (status == 0) {
            return CheckResult.success("exit status 0");
        }
        if (check.dynamic() && status >= 2 && status <= 255 && !killedBySignal(status)) {
            return new CheckResult(
                    true, CheckResult.OK, "exit status " + status + ": weight " + (status - 2), status - 2);
        }
        if (killedBySignal(status)) {
            return CheckResult.failure("signal", "killed by signal " + (status - 128));
        }
        return CheckResult.failure("exit_code", "exit status " + status);
    }

    /**
     * Java reports a death by signal as 128 + the signal, which a script can also exit with;
     * keepalived tells them apart, jlvs takes the common signals (HUP, INT, KILL, TERM) as signals.
     */
    private static boolean killedBySignal(int status) {
        int sig = status - 128;
        return sig == 1 || sig == 2 || sig == 9 || sig == 15;
    }
}
