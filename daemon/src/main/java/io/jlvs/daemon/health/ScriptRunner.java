package io.jlvs.daemon.health;

import io.jlvs.daemon.config.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs keepalived's scripts ({@code misc_path}, {@code notify_up}/{@code notify_down}, {@code
 * quorum_up}/{@code quorum_down}) as their argument vectors, not through a shell, as the user they
 * name, else {@code global_defs script_user}, else keepalived's {@code keepalived_script} user when
 * it exists, else jlvsd's own. A script that outlives its timeout is sent SIGTERM with its children,
 * then SIGKILL two seconds later, as keepalived does ({@code misc_check_child_timeout_thread}).
 */
public final class ScriptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);

    /** keepalived's default script user, used when it exists. */
    static final String KEEPALIVED_SCRIPT_USER = "keepalived_script";

    /** Between SIGTERM and SIGKILL. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);

    /**
     * How a run ended.
     *
     * @param exitCode the exit status, or 128 + signal for a script killed by a signal
     * @param timedOut whether it was killed for outliving its timeout
     */
    public record Outcome(int exitCode, boolean timedOut, String error) {
        boolean started() {
            return error == null;
        }
    }

    private final Optional<String> defaultUser;
    private final Optional<String> defaultGroup;

    /** @param defaultUser {@code global_defs script_user}, if given */
    public ScriptRunner(Optional<String> defaultUser, Optional<String> defaultGroup) {
        this.defaultUser = defaultUser.or(ScriptRunner::keepalivedScriptUser);
        this.defaultGroup = defaultUser.isPresent() ? defaultGroup : Optional.empty();
    }

    /** The command line that runs {@code script} as its user (through setpriv(1) when switching). */
    List<String> command(Script script) {
        Optional<String> user = script.user().or(() -> defaultUser);
        Optional<String> group = script.user().isPresent() ? script.group() : defaultGroup;
        if (user.isEmpty() || user.get().equals(System.getProperty("user.name"))) {
            return script.argv();
        }
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + user.get()));
        if (group.isPresent()) {
            argv.add("--regid=" + group.get());
            argv.add("--clear-groups");
        } else {
            argv.add("--regid=" + primaryGroup(user.get()));
            argv.add("--init-groups");
        }
        argv.add("--");
        argv.addAll(script.argv());
        return argv;
    }

    /** Runs the script and waits for it, killing it after {@code timeout}. */
    public Outcome run(Script script, Duration timeout) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command(script))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            return new Outcome(-1, false, e.getMessage());
        }
        try {
            if (p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Outcome(p.exitValue(), false, null);
            }
            kill(p.toHandle(), false);
            if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p.toHandle(), true);
                p.waitFor();
            }
            return new Outcome(p.exitValue(), true, null);
        } catch (InterruptedException e) {
            kill(p.toHandle(), true);
            throw e;
        }
    }

    /** Starts the script and returns; its end is logged. keepalived's notify_exec does not wait either. */
    public void fire(Script script, String why) {
        Thread.ofVirtual().name("script").start(() -> {
            try {
                Outcome o = run(script, Duration.ofMinutes(5));
                if (!o.started()) {
                    LOG.warn("{}: cannot run {}: {}", why, script, o.error());
                } else if (o.exitCode() != 0) {
                    LOG.warn("{}: {} exited with status {}", why, script, o.exitCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The script's process and its descendants: SIGTERM, or SIGKILL when {@code force}. */
    private static void kill(ProcessHandle h, boolean force) {
        h.descendants().forEach(d -> {
            if (force) {
                d.destroyForcibly();
            } else {
                d.destroy();
            }
        });
        if (force) {
            h.destroyForcibly();
        } else {
            h.destroy();
        }
    }

    private static Optional<String> keepalivedScriptUser() {
        return passwdEntry(KEEPALIVED_SCRIPT_USER).isPresent() ? Optional.of(KEEPALIVED_SCRIPT_USER) : Optional.empty();
    }

    /** The user's primary group id from /etc/passwd, else the user's name (setpriv resolves it). */
    private static String primaryGroup(String user) {
        return passwdEntry(user).map(f -> f[3]).orElse(user);
    }

    private static Optional<String[]> passwdEntry(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(user)) {
                    return Optional.of(f);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read /etc/passwd", e);
        }
        return Optional.empty();
    }
}
