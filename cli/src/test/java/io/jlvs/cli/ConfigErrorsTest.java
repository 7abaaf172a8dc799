package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.Jlvsd;
import io.jlvs.daemon.apply.ConfigCommands;
import io.jlvs.daemon.apply.ConfigReload;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.registry.RegistrySnapshot;
import io.jlvs.daemon.sysctl.Sysctls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every bad keepalived.conf of issue 5's list (missing argument, bad address, port out of range,
 * unknown scheduler, duplicate service, unbalanced braces, include loop) is refused with the file,
 * line, column and keyword: {@code jlvsd --check} exits 78 (EX_CONFIG), and {@code jlvsadm
 * --reload} against a running table exits non-zero, says why, and changes nothing. (The command
 * line's own bad inputs are JlvsadmErrorsTest's.)
 */
class ConfigErrorsTest {
    static final String GOOD = """
            virtual_server 192.0.2.1 80 {
                lb_algo rr
                lb_kind NAT
                protocol TCP
                real_server 10.0.0.1 80 {
                    weight 1
                }
            }
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad(
                        "missing argument",
                        GOOD.replace("lb_algo rr", "lb_algo"),
                        "2:5: virtual_server: lb_algo needs a value"),
                bad(
                        "missing argument in a real_server",
                        GOOD.replace("weight 1", "weight"),
                        "6:9: real_server: weight needs a value"),
                bad(
                        "bad address",
                        GOOD.replace("192.0.2.1 80", "192.0.2.300 80"),
                        "1:16: virtual_server: '192.0.2.300' is not an IP address"),
                bad(
                        "port out of range",
                        GOOD.replace("192.0.2.1 80", "192.0.2.1 65536"),
                        "1:26: virtual_server: port 65536 out of range 1..65535"),
                bad(
                        "unknown scheduler",
                        GOOD.replace("lb_algo rr", "lb_algo nosuch"),
                        "2:13: virtual_server: lb_algo 'nosuch' unknown"),
                bad(
                        "duplicate service",
                        GOOD + GOOD,
                        "9:1: virtual_server: TCP 192.0.2.1:80 already defined at {dir}/keepalived.conf:1:1"),
                bad(
                        "unclosed brace",
                        GOOD.substring(0, GOOD.lastIndexOf('}')),
                        "1:1: virtual_server: block opened at {dir}/keepalived.conf:1:29 is never closed"),
                bad("extra closing brace", GOOD + "}\n", "9:1: }: no open block to close"));
    }

    static Arguments bad(String what, String text, String message) {
        return Arguments.of(what, Map.of("keepalived.conf", text), "{dir}/keepalived.conf:" + message);
    }

    static Stream<Arguments> includeLoop() {
        return Stream.of(Arguments.of(
                "include loop",
                Map.of("keepalived.conf", "include b.conf\n", "b.conf", GOOD + "include keepalived.conf\n"),
                "{dir}/b.conf:9:1: include: include loop: {dir}/keepalived.conf -> {dir}/b.conf"
                        + " -> {dir}/keepalived.conf"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"badConfigs", "includeLoop"})
    void isRefusedWithItsPositionAndChangesNothing(String what, Map<String, String> files, String message)
            throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        try (TestDaemon jlvsd = running(conf)) {
            for (var f : files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            String expected = message.replace("{dir}", dir.toString());

            Check check = check(conf);
            assertThat(check.exit()).as(what).isEqualTo(78);
            assertThat(check.err()).as(what).contains(expected);

            RegistrySnapshot before = jlvsd.registry.snapshot();
            TestDaemon.Result r = jlvsd.run("--reload");
            assertThat(r.exit()).as(what).isEqualTo(1);
            assertThat(r.out()).as(what).isEmpty();
            assertThat(r.err()).as(what).contains("reload failed").contains(expected);
            assertThat(jlvsd.registry.snapshot()).as(what).isSameAs(before);
        }
    }

    @Test
    void aGoodReloadAfterARefusedOneApplies() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        try (TestDaemon jlvsd = running(conf)) {
            Files.writeString(conf, GOOD + "}\n");
            assertThat(jlvsd.run("--reload").exit()).isEqualTo(1);
            Files.writeString(conf, GOOD.replace("weight 1", "weight 7"));
            TestDaemon.Result r = jlvsd.run("--reload");
            assertThat(r.exit()).as(r.err()).isZero();
            TestDaemon.Result saved = jlvsd.run("-S", "-n");
            assertThat(saved.out()).as(saved.err()).contains("-r 10.0.0.1:80 -m -w 7");
        }
    }

    /** keepalived warns about a keyword it does not know and goes on; so does jlvsd. */
    @Test
    void anUnknownKeywordIsWarnedAboutAndIgnoredAsKeepalivedDoes() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, GOOD.replace("lb_kind NAT", "lb_kind NAT\n    lb_kindd DR"));
        var loaded = ConfigLoader.read(conf);
        assertThat(loaded.warnings())
                .extracting(Object::toString)
                .contains(conf + ":4:5: virtual_server: unknown keyword 'lb_kindd' - ignored");
        assertThat(check(conf).exit()).isZero();
    }

    /** A jlvsd admin end whose table was loaded from GOOD in {@code conf}, reloading it as jlvsd does. */
    private TestDaemon running(Path conf) throws Exception {
        Files.writeString(conf, GOOD);
        KeepalivedConfig loaded = ConfigLoader.load(conf);
        AtomicReference<ConfigReload> reload = new AtomicReference<>();
        TestDaemon jlvsd = new TestDaemon(dir, () -> reload.get().reload());
        jlvsd.registry.restore(ConfigCommands.of(loaded));
        reload.set(new ConfigReload(
                conf, jlvsd.registry, new Sysctls(false, false, SynProxySettings.DEFAULTS), loaded, null, null));
        return jlvsd;
    }

    record Check(int exit, String err) {}

    /** {@code jlvsd --check --config FILE}, in process. */
    static Check check(Path conf) throws IOException {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            exit = new CommandLine(new Jlvsd()).execute("--check", "--config", conf.toString());
        } finally {
            System.setErr(saved);
        }
        return new Check(exit, err.toString(StandardCharsets.UTF_8));
    }
}
