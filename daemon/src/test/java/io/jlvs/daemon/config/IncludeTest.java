package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's include: glob, relative to the including file, spliced at any depth, loops refused. */
class IncludeTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String service(String address, String reals) {
        return "virtual_server " + address + " 80 {\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n" + reals
                + "}\n";
    }

    private static String real(String address) {
        return "    real_server " + address + " 80 {\n    }\n";
    }

    private static List<String> errors(Path main) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.read(main));
        assertThat(e).as("expected a refusal").isNotNull();
        return e.errors().stream().map(ConfigMessage::format).toList();
    }

    private static List<String> warnings(Path main) throws ConfigException {
        return ConfigLoader.read(main).warnings().stream()
                .map(ConfigMessage::format)
                .toList();
    }

    @Test
    void globsAreSortedAndRelativeToTheIncludingFile() throws Exception {
        write("etc/conf.d/20-b.conf", service("10.0.0.2", real("10.0.1.2")));
        write("etc/conf.d/10-a.conf", service("10.0.0.1", real("10.0.1.1")) + "include sub/*.conf\n");
        write("etc/conf.d/sub/c.conf", service("10.0.0.3", real("10.0.1.3")));
        write("etc/conf.d/.hidden.conf", service("10.0.0.9", real("10.0.1.9")));
        write("etc/conf.d/notes.txt", "not config");
        Path main = write("etc/keepalived.conf", "include conf.d/*.conf\n");
        KeepalivedConfig c = ConfigLoader.load(main);
        assertThat(c.virtualServers())
                .extracting(VirtualServer::name)
                .containsExactly("TCP 10.0.0.1:80", "TCP 10.0.0.3:80", "TCP 10.0.0.2:80");
    }

    @Test
    void anIncludeIsSplicedWhereItStandsEvenInsideABlock() throws Exception {
        write("reals/web.conf", real("10.0.1.1") + real("10.0.1.2"));
        Path main = write("main.conf", service("10.0.0.1", "    include reals/web.conf\n" + real("10.0.1.3")));
        VirtualServer vs = ConfigLoader.load(main).virtualServers().getFirst();
        assertThat(vs.realServers())
                .extracting(r -> r.endpoint().toString())
                .containsExactly("10.0.1.1:80", "10.0.1.2:80", "10.0.1.3:80");
        // The included file's lines keep their own file and line in the model.
        assertThat(vs.realServers().getFirst().position())
                .isEqualTo(new SourcePosition(dir.resolve("reals/web.conf").toString(), 1, 5));
    }

    @Test
    void braceAlternativesAndQuotedPatterns() throws Exception {
        write("b.conf", service("10.0.0.2", real("10.0.1.2")));
        write("a.conf", service("10.0.0.1", real("10.0.1.1")));
        write("x/c.conf", service("10.0.0.3", real("10.0.1.3")));
        Path main = write("main.conf", "include {b,a,x/{c,d}}.conf\ninclude \"" + dir.resolve("x") + "/c?conf\"\n");
        // glob's GLOB_BRACE keeps the order of the alternatives; x/c.conf is listed twice on purpose.
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.read(main));
        assertThat(e.errors())
                .extracting(ConfigMessage::format)
                .containsExactly(dir.resolve("x/c.conf") + ":1:1: virtual_server: TCP 10.0.0.3:80 already defined at "
                        + dir.resolve("x/c.conf") + ":1:1");
        assertThat(e.warnings())
                .extracting(ConfigMessage::format)
                .contains(main + ":1:1: include: some files of '{b,a,x/{c,d}}.conf' are missing");
    }

    @Test
    void aMissingFileIsAWarningAsInKeepalived() throws Exception {
        Path main = write(
                "main.conf",
                service("10.0.0.1", real("10.0.1.1")) + "include missing.conf\ninclude none/*.conf\n" + "include " + dir
                        + "/*.nothing\n");
        assertThat(warnings(main))
                .containsExactly(
                        main + ":8:1: include: no file matches 'missing.conf' - skipping",
                        main + ":9:1: include: no file matches 'none/*.conf' - skipping");
    }

    @Test
    void includeVariantsAndIncludeCheckMakeThemErrors() throws Exception {
        Path m1 = write("m1.conf", "includem missing.conf\n");
        assertThat(errors(m1)).containsExactly(m1 + ":1:1: includem: no file matches 'missing.conf' - skipping");
        Path m2 = write("m2.conf", "includew *.nothing\n");
        assertThat(errors(m2)).containsExactly(m2 + ":1:1: includew: no file matches '*.nothing'");
        Path m3 = write("m3.conf", "global_defs {\n    include_check\n}\ninclude missing.conf\n");
        assertThat(errors(m3)).containsExactly(m3 + ":4:1: include: no file matches 'missing.conf' - skipping");
        Path m4 = write("m4.conf", "global_defs {\n    include_check bogus\n    include_check read match\n}\n");
        assertThat(errors(m4))
                .containsExactly(
                        m4 + ":2:19: include_check: 'bogus' unknown (read|match|wildcard_match|brace_match)",
                        m4 + ":3:24: include_check: 'match' needs + or - after the first check");
    }

    @Test
    void includeCheckPlusMinus() throws Exception {
        Path m = write(
                "m.conf",
                "global_defs {\n    include_check wildcard_match\n    include_check -wildcard_match +match\n}\n"
                        + "include *.nothing\ninclude missing.conf\n");
        assertThat(errors(m)).containsExactly(m + ":6:1: include: no file matches 'missing.conf' - skipping");
    }

    @Test
    void directoriesAndExecutablesAreSkipped() throws Exception {
        Files.createDirectories(dir.resolve("d/sub.conf"));
        Path script = write("d/run.conf", service("10.0.0.5", real("10.0.1.5")));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        write("d/ok.conf", service("10.0.0.1", real("10.0.1.1")));
        Path main = write("main.conf", "include d/*\n");
        LoadResult r = ConfigLoader.read(main);
        assertThat(r.config().virtualServers()).extracting(VirtualServer::name).containsExactly("TCP 10.0.0.1:80");
        assertThat(r.warnings())
                .extracting(ConfigMessage::format)
                .containsExactly(
                        main + ":1:1: include: '" + dir.resolve("d/run.conf") + "' is not a regular non-executable file"
                                + " - skipping",
                        main + ":1:1: include: '" + dir.resolve("d/sub.conf") + "' is a directory - skipping");
        Path strict = write("strict.conf", "includer d/sub.conf\n");
        assertThat(errors(strict))
                .containsExactly(
                        strict + ":1:1: includer: '" + dir.resolve("d/sub.conf") + "' is a directory - skipping");
    }

    @Test
    void includeLoopsAreRefused() throws Exception {
        Path a = write("a.conf", "include b.conf\n");
        Path b = write("b.conf", "# b\ninclude a.conf\n");
        assertThat(errors(a)).containsExactly(b + ":2:1: include: include loop: " + a + " -> " + b + " -> " + a);
        Path self = write("self.conf", "\n\ninclude self.conf\n");
        assertThat(errors(self)).containsExactly(self + ":3:1: include: include loop: " + self + " -> " + self);
    }

    @Test
    void theSameFileMayBeIncludedTwiceWhenItIsNotALoop() throws Exception {
        write("reals.conf", real("10.0.1.1"));
        Path main = write(
                "main.conf", service("10.0.0.1", "include reals.conf\n") + service("10.0.0.2", "include reals.conf\n"));
        assertThat(ConfigLoader.load(main).virtualServers()).hasSize(2);
    }

    @Test
    void errorsInIncludedFilesNameThatFile() throws Exception {
        Path inc = write("inc/bad.conf", "\n    real_server 10.0.1.1 80 {\n        weight 99999\n    }\n");
        Path main = write("main.conf", service("10.0.0.1", "    include inc/bad.conf\n") + "}\n");
        assertThat(errors(main))
                .containsExactly(
                        inc + ":3:16: real_server: weight 99999 out of range 0..65535",
                        main + ":7:1: }: no open block to close");
    }

    @Test
    void includeWithoutAFileNameAndTheMainFileMissing() throws Exception {
        Path main = write("main.conf", "include\n");
        assertThat(errors(main)).containsExactly(main + ":1:1: include: needs a file name or pattern");
        Path none = dir.resolve("none.conf");
        assertThat(errors(none)).containsExactly(none + ": no such configuration file");
        assertThat(errors(dir)).containsExactly(dir + ": is a directory, not a configuration file");
    }
}
