package io.jlvs.it.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real jlvsd (bin/jlvsd, the built jar) running in the lab's director namespace with a given
 * configuration, as an operator would start it. Its log is kept for failure messages.
 */
public final class JlvsdProcess implements AutoCloseable {
    private final Lab lab;
    private final Process process;
    private final Path log;
    private final Path socket;

    private JlvsdProcess(Lab lab, Process process, Path log, Path socket) {
        this.lab = lab;
        this.process = process;
        this.log = log;
        this.socket = socket;
    }

    /** Starts jlvsd with {@code config} on the director's two interfaces; waits until it serves. */
    public static JlvsdProcess start(Lab lab, String config, String... extraArgs) throws IOException {
        Path dir = Files.createDirectories(Path.of(lab.get("LAB_RUN"), "jlvsd"));
        Path conf = dir.resolve("jlvsd.conf");
        Files.writeString(conf, config);
        Path log = dir.resolve("jlvsd.log");
        Path socket = dir.resolve("jlvsd.sock");
        List<String> argv = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                lab.get("NS_DIR"),
                lab.root().resolve("bin/jlvsd").toString(),
                "--config",
                conf.toString(),
                "--interface",
                lab.get("DIR_IF_CLIENT"),
                "--interface",
                lab.get("DIR_IF_SERVER"),
                "--socket",
                socket.toString()));
        argv.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        JlvsdProcess j = new JlvsdProcess(lab, p, log, socket);
        j.awaitLog("serving [", 1, Duration.ofSeconds(60));
        return j;
    }

    /** Runs {@code bin/jlvsadm ARGS} against this jlvsd. */
    public Lab.Result jlvsadm(String... args) {
        List<String> argv =
                new ArrayList<>(List.of(lab.root().resolve("bin/jlvsadm").toString(), "--socket", socket.toString()));
        argv.addAll(List.of(args));
        return lab.run(argv, Duration.ofSeconds(60));
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGHUP, as {@code systemctl reload} sends it ({@code ip netns exec} exec'd jlvsd: same pid). */
    public void hangup() {
        lab.run(List.of("kill", "-HUP", Long.toString(process.pid())), Duration.ofSeconds(10))
                .requireOk();
    }

    /** Waits until the log holds {@code text} {@code times} times; returns the log. */
    public String awaitLog(String text, int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String now = log();
            if (now.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
                return now;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("jlvsd did not log '" + text + "' " + times + " time(s) within " + timeout
                        + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + ":\n" + now);
            }
            sleep(100);
        }
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    public int stop() {
        ProcessHandle h = process.toHandle();
        // `ip netns exec` execs jlvsd's launcher, which execs java: the same process.
        h.descendants().forEach(ProcessHandle::destroy);
        h.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jlvsd did not stop within 30 s of SIGTERM:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
