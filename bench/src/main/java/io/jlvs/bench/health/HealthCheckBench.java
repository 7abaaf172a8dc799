package io.jlvs.bench.health;

import io.jlvs.api.HealthView;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.health.CheckFactory;
import io.jlvs.daemon.health.HealthMonitor;
import io.jlvs.daemon.health.RealServerSwitch;
import io.jlvs.daemon.health.ScriptRunner;
import io.jlvs.daemon.health.Ticker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What health checking costs: the daemon's real checker machinery (HealthMonitor, TCP_CHECK and
 * HTTP_GET on virtual threads) against {@code count} loopback real servers served by another
 * process, every one checked every second; reports this process's CPU seconds per wall second as a
 * fraction of one core. Issue 6's target: under 0.05 for 1000 servers.
 *
 * <p>Usage: {@code HealthCheckBench [count=1000] [seconds=20] [basePort=20000]}
 */
public final class HealthCheckBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int base = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process servers = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LoopbackServers.class.getName(),
                        Integer.toString(base),
                        Integer.toString(count))
                .redirectErrorStream(true)
                .start();
        try {
            String first = new BufferedReader(new InputStreamReader(servers.getInputStream())).readLine();
            if (!"listening".equals(first)) {
                throw new IllegalStateException("the loopback servers did not start: " + first);
            }
            run(count, seconds, base);
        } finally {
            servers.destroyForcibly();
        }
    }

    static void run(int count, int seconds, int base) throws Exception {
        StringBuilder conf = new StringBuilder(
                "virtual_server 198.18.0.100 80 {\n lb_algo rr\n lb_kind NAT\n" + " protocol TCP\n delay_loop 1\n");
        for (int i = 0; i < count; i++) {
            conf.append(" real_server 127.0.0.1 ").append(base + i).append(" {\n");
            if (i % 2 == 0) {
                conf.append("  TCP_CHECK {\n   connect_timeout 1\n  }\n");
            } else {
                conf.append("  HTTP_GET {\n   connect_timeout 1\n   url {\n    path /\n"
                        + "    digest 2f39a0f6b7d4c29e8e0abcbd5e0c4a0f\n    status_code 200\n   }\n  }\n");
            }
            conf.append(" }\n");
        }
        conf.append("}\n");
        // The digest above is deliberately not the page's: fix it to the real one so checks pass.
        String page = "ok\n";
        String digest = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(page.getBytes()));
        KeepalivedConfig cfg = ConfigLoader.parse(
                        Path.of("bench.conf"), conf.toString().replace("2f39a0f6b7d4c29e8e0abcbd5e0c4a0f", digest))
                .config();
        AtomicLong switches = new AtomicLong();
        RealServerSwitch counting = new RealServerSwitch() {
            @Override
            public void up(ServiceKey service, RealServerConfig server, String reason) {
                switches.incrementAndGet();
            }

            @Override
            public void down(ServiceKey service, RealServerConfig server, Removal how, String reason) {
                switches.incrementAndGet();
            }
        };
        ScriptRunner scripts = new ScriptRunner(Optional.empty(), Optional.empty());
        HealthMonitor m = new HealthMonitor(cfg, counting, scripts, CheckFactory.standard(scripts), Ticker.SYSTEM);
        m.table();
        m.start();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(3000); // warm-up spreads the first checks over one delay loop, and JIT warms up
        long checks0 = checks(m.view());
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - t0;
        long done = checks(m.view()) - checks0;
        long failed = failed(m.view());
        m.stop();
        double core = cpu / (double) wall;
        System.out.printf(
                "real servers: %d (half TCP_CHECK, half HTTP_GET), delay_loop 1 s, measured %d s%n", count, seconds);
        System.out.printf(
                "checks: %d (%.0f/s), failed: %d, table changes: %d%n",
                done, done / (wall / 1e9), failed, switches.get());
        System.out.printf("CPU: %.3f s per wall second = %.1f %% of one core (target < 5 %%)%n", core, core * 100);
    }

    private static long checks(HealthView v) {
        return v.services().stream()
                .flatMap(s -> s.realServers().stream())
                .flatMap(r -> r.checkers().stream())
                .mapToLong(HealthView.Checker::checks)
                .sum();
    }

    private static long failed(HealthView v) {
        List<HealthView.Checker> all = v.services().stream()
                .flatMap(s -> s.realServers().stream())
                .flatMap(r -> r.checkers().stream())
                .toList();
        return all.stream().mapToLong(HealthView.Checker::failedChecks).sum();
    }
}
