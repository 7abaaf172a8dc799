package io.jlvs.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every annotated example is a configuration the shipped jlvsd accepts (bin/jlvsd --check). */
class ExamplesIT {
    private static final Path ROOT =
            Path.of(System.getProperty("jlvs.root", ".")).toAbsolutePath();

    @Test
    void everyExampleConfigurationChecksOk() throws Exception {
        List<Path> examples;
        try (Stream<Path> s = Files.list(ROOT.resolve("examples"))) {
            examples = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
        for (Path conf : examples) {
            Process p = new ProcessBuilder(ROOT.resolve("bin/jlvsd").toString(), "--check", "--config", conf.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s\n%s", conf, out).isZero();
            assertThat(out).contains("configuration OK");
        }
    }

    @Test
    void aBrokenConfigurationIsRefusedWithFileLineAndColumn() throws Exception {
        Path bad = Files.createTempFile("jlvs-bad", ".conf");
        Files.writeString(
                bad,
                "virtual_server 198.18.0.100 80 {\n    lb_algo rr\n    real_server 198.18.1.11 70000 {\n    }\n}\n");
        Process p = new ProcessBuilder(ROOT.resolve("bin/jlvsd").toString(), "--check", "--config", bad.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(78);
        assertThat(out).contains(bad.getFileName() + ":3:");
        Files.delete(bad);
    }
}
