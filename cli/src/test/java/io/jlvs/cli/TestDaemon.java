package io.jlvs.cli;

import io.jlvs.api.Endpoint;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.admin.AccessPolicy;
import io.jlvs.daemon.admin.AdminHandler;
import io.jlvs.daemon.admin.AdminServer;
import io.jlvs.daemon.admin.Reloader;
import io.jlvs.daemon.registry.CounterBlock;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.registry.VirtualServiceEntry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real jlvsd admin end (registry, stats source, admin server on a temporary Unix socket) and
 * the real jlvsadm run in-process against it.
 */
final class TestDaemon implements AutoCloseable {
    record Result(int exit, String out, String err) {}

    final CounterStatsSource stats = new CounterStatsSource();
    final Registry registry = new Registry(4096, stats);
    final Path socket;
    private final AdminServer server;

    TestDaemon(Path dir) throws IOException {
        this(dir, null);
    }

    TestDaemon(Path dir, Reloader reloader) throws IOException {
        this(dir, reloader, null);
    }

    /** @param sysctls the settings {@code --sysctl} reads and sets, or null for none */
    TestDaemon(Path dir, Reloader reloader, Sysctls sysctls) throws IOException {
        socket = dir.resolve("jlvsd.sock");
        server = AdminServer.start(
                socket,
                new AdminHandler(
                        registry, reloader, null, sysctls, () -> new io.jlvs.api.HealthView(java.util.List.of())),
                AccessPolicy.rootOrDaemonUser());
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        return jlvsadm(Map.of("JLVS_SOCKET", socket.toString()), stdin, args);
    }

    static Result jlvsadm(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Jlvsadm(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        env,
                        new FakeNames())
                .run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs each line as one jlvsadm command line and insists each succeeds. */
    void setUp(String... lines) {
        for (String line : lines) {
            Result r = run(line.trim().split("\\s+"));
            if (r.exit() != 0) {
                throw new AssertionError("jlvsadm " + line + " exited " + r.exit() + ": " + r.err());
            }
        }
    }

    VirtualServiceEntry service(ServiceKey key) {
        return registry.snapshot().service(key).orElseThrow();
    }

    CounterBlock serviceBlock(ServiceKey key) {
        return stats.block(service(key).id());
    }

    CounterBlock realServerBlock(ServiceKey key, Endpoint server) {
        return stats.block(service(key).realServer(server).orElseThrow().id());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
