package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncludeGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "*.conf, a.conf, true",
        "*.conf, a.conf.bak, false",
        "*.conf, .a.conf, false",
        ".*.conf, .a.conf, true",
        "?.conf, a.conf, true",
        "?.conf, ab.conf, false",
        "?conf, .conf, false",
        "[ab].conf, b.conf, true",
        "[!ab].conf, c.conf, true",
        "[^ab].conf, a.conf, false",
        "[a-c]x, bx, true",
        "[a-c]x, dx, false",
        "[]]x, ]x, true",
        "[x, [x, true",
        "a\\*b, a*b, true",
        "a\\*b, axb, false",
        "*a*b, xxaxxb, true",
        "*, '', true",
        "**, abc, true"
    })
    void fnmatch(String pattern, String name, boolean matches) {
        assertThat(IncludeGlob.fnmatch(pattern, 0, name, 0)).isEqualTo(matches);
    }

    @Test
    void braceExpansionKeepsOrderAndNests() {
        List<String> out = new ArrayList<>();
        assertThat(IncludeGlob.expandBraces("{foo/{,cat,dog},bar}.conf", out)).isTrue();
        assertThat(out).containsExactly("foo/.conf", "foo/cat.conf", "foo/dog.conf", "bar.conf");
        out.clear();
        IncludeGlob.expandBraces("a{}b{c", out);
        assertThat(out).containsExactly("a{}b{c");
        out.clear();
        IncludeGlob.expandBraces("x\\{a,b}", out);
        assertThat(out).containsExactly("x\\{a,b}");
    }

    @Test
    void braceExpansionIsBounded() {
        List<String> out = new ArrayList<>();
        String pattern = "{a,b}".repeat(11); // 2048 alternatives
        assertThat(IncludeGlob.expandBraces(pattern, out)).isFalse();
        assertThat(out).hasSizeLessThanOrEqualTo(IncludeGlob.MAX_ALTERNATIVES);
    }

    @Test
    void globReportsMissingLiteralsAndWildcards(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("d1"));
        Files.createDirectories(dir.resolve("d2"));
        Files.writeString(dir.resolve("d2/z.conf"), "");
        Files.writeString(dir.resolve("d1/y.conf"), "");
        Files.writeString(dir.resolve("d1/x.conf"), "");
        IncludeGlob.Result all = IncludeGlob.glob(dir, "d*/*.conf");
        assertThat(all.matches())
                .containsExactly(dir.resolve("d1/x.conf"), dir.resolve("d1/y.conf"), dir.resolve("d2/z.conf"));
        assertThat(all.wildcards()).isTrue();
        assertThat(all.missing()).isZero();
        IncludeGlob.Result literal = IncludeGlob.glob(dir, "d1/nope.conf");
        assertThat(literal.matches()).isEmpty();
        assertThat(literal.missing()).isEqualTo(1);
        assertThat(literal.wildcards()).isFalse();
        IncludeGlob.Result nothing = IncludeGlob.glob(dir, "d1/*.none");
        assertThat(nothing.matches()).isEmpty();
        assertThat(nothing.missing()).isZero();
        IncludeGlob.Result abs = IncludeGlob.glob(Path.of("/nonexistent"), dir + "/d2/./z.conf");
        assertThat(abs.matches()).containsExactly(dir.resolve("d2/z.conf"));
    }
}
