package io.jlvs.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lib/java.sh, the JDK choice every script makes: JAVA_HOME when it is 25+, else the newest
 * 25+ in the JVM directory, else a clear message. Exercised on fake JDK trees so the rule is
 * checked on any machine, whatever JDKs it has.
 */
class JavaSelectionIT {
    private static final Path ROOT =
            Path.of(System.getProperty("jlvs.root", ".")).toAbsolutePath();

    @TempDir
    Path jvms;

    @Test
    void prefersJavaHomeWhenItIsNewEnough() throws Exception {
        Path jdk26 = fakeJdk("jdk-26", "26.0.1");
        fakeJdk("jdk-27", "27");
        assertThat(select(Map.of("JAVA_HOME", jdk26.toString()))).isEqualTo(new Outcome(0, jdk26.toString(), ""));
    }

    @Test
    void ignoresAnOldJavaHomeAndPicksTheNewestSuitableJdk() throws Exception {
        Path jdk17 = fakeJdk("java-17", "17.0.15");
        fakeJdk("jdk-25", "25.0.3");
        Path jdk26 = fakeJdk("jdk-26", "26");
        Outcome o = select(Map.of("JAVA_HOME", jdk17.toString()));
        assertThat(o.exit()).isZero();
        assertThat(o.javaHome()).isEqualTo(jdk26.toString());
    }

    @Test
    void failsWithAClearMessageWhereThereIsNoJdk25() throws Exception {
        fakeJdk("java-17", "17.0.15");
        fakeJdk("java-21", "21.0.2");
        Outcome o = select(Map.of());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.stderr()).contains("no JDK 25 or newer found").contains(jvms.toString());
    }

    @Test
    void mavenWrapperRefusesToRunWithoutJdk25() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-v");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("JLVS_JVM_DIR", jvms.toString());
        Outcome o = run(pb);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.stderr()).contains("no JDK 25 or newer found");
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Outcome select(Map<String, String> env) throws Exception {
        String script = ". '" + ROOT.resolve("bin/lib/java.sh") + "' && jlvs_select_java && printf %s \"$JAVA_HOME\"";
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script);
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        pb.environment().put("JLVS_JVM_DIR", jvms.toString());
        return run(pb);
    }

    private static Outcome run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), out, err);
    }

    record Outcome(int exit, String javaHome, String stderr) {}
}
