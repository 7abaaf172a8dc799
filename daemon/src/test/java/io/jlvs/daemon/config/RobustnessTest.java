package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the text, the loader either returns a configuration or throws a ConfigException with at
 * least one positioned error: no other exception, no partial result. Includes are kept out of the
 * generated text so the properties read nothing outside their own directory.
 */
class RobustnessTest {
    private static Path sandbox;
    private static List<String> validTexts;

    @BeforeContainer
    static void setUp() throws IOException {
        sandbox = Files.createTempDirectory("jlvs-config-props");
        List<String> texts = new ArrayList<>();
        for (Path dir : List.of(ExamplesTest.examples(), samplesDir())) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(p -> {
                    try {
                        texts.add(Files.readString(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        validTexts = List.copyOf(texts);
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(sandbox)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static Path samplesDir() {
        try {
            return Path.of(RobustnessTest.class.getResource("/config/samples").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads and checks the only two allowed outcomes. */
    private static void loadsOrRefuses(String text) {
        Path origin = sandbox.resolve("fuzz.conf");
        try {
            LoadResult r = ConfigLoader.parse(origin, text);
            assertThat(r.config()).isNotNull();
            for (VirtualServer vs : r.config().virtualServers()) {
                assertThat(vs.realServers()).isNotEmpty();
                assertThat(vs.name()).isNotBlank();
            }
        } catch (ConfigException e) {
            assertThat(e.errors()).isNotEmpty();
            for (ConfigMessage m : e.errors()) {
                assertThat(m.position().file()).isEqualTo(origin.toString());
                assertThat(m.position().line()).isPositive();
                assertThat(m.position().column()).isPositive();
                assertThat(m.message()).isNotBlank();
            }
        }
    }

    private static final List<String> WORDS = List.of(
            "global_defs",
            "jlvs_defs",
            "virtual_server",
            "virtual_server_group",
            "local_address_group",
            "real_server",
            "lb_algo",
            "lb_kind",
            "lvs_method",
            "protocol",
            "weight",
            "TCP_CHECK",
            "HTTP_GET",
            "SSL_GET",
            "MISC_CHECK",
            "UDP_CHECK",
            "DNS_CHECK",
            "SMTP_CHECK",
            "url",
            "path",
            "digest",
            "status_code",
            "connect_port",
            "connect_ip",
            "bindto",
            "delay_loop",
            "retry",
            "misc_path",
            "notify_up",
            "quorum",
            "hysteresis",
            "sorry_server",
            "persistence_timeout",
            "persistence_granularity",
            "fwmark",
            "group",
            "laddr_group_name",
            "syn_proxy",
            "client_address",
            "toa_in_syn",
            "toa_ipv6_kind",
            "drain_timeout",
            "slow_start",
            "idle_grace",
            "lvs_timeouts",
            "lvs_sync_daemon",
            "interface",
            "workers",
            "metrics_listen",
            "regex",
            "payload",
            "require_reply",
            "host",
            "TCP",
            "UDP",
            "NAT",
            "DR",
            "TUN",
            "FNAT",
            "rr",
            "wlc",
            "sh",
            "type",
            "gue",
            "port",
            "0",
            "1",
            "80",
            "65536",
            "-1",
            "1.5",
            "10.0.0.1",
            "10.0.0.1-9",
            "10.0.0.0/24",
            "2001:db8::1",
            "::",
            "255.255.255.0",
            "toa",
            "proxy_v2",
            "on",
            "off",
            "{",
            "}",
            "{",
            "}",
            "\"",
            "'",
            "#",
            "!",
            "\\",
            "@",
            "@^x",
            "$X=1",
            "~SEQ",
            "\n",
            "\n",
            "\n",
            " ",
            " ",
            " ",
            "\t",
            "\r\n",
            "\0",
            "é");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(WORDS).list().ofMaxSize(120).map(l -> String.join(" ", l));
    }

    @Property(tries = 1000)
    void tokenSoupNeverThrowsAnythingElse(@ForAll("tokenSoup") String text) {
        loadsOrRefuses(text);
    }

    @Property(tries = 1000)
    void randomCharactersNeverThrowAnythingElse(@ForAll("configCharacters") String text) {
        loadsOrRefuses(text);
    }

    @Provide
    Arbitrary<String> configCharacters() {
        return Arbitraries.strings()
                .withChars("abcdefgilmnoprstuvwxy_-.:/0123456789{}\"'#!\\@$~ \t\n\r*?[]")
                .ofMaxLength(400);
    }

    @Provide
    Arbitrary<String> truncated() {
        return Arbitraries.integers().between(0, validTexts.size() - 1).flatMap(i -> {
            String t = validTexts.get(i);
            return Arbitraries.integers().between(0, t.length()).map(cut -> t.substring(0, cut));
        });
    }

    @Property(tries = 1000)
    void truncationsOfValidConfigsNeverThrowAnythingElse(@ForAll("truncated") String text) {
        loadsOrRefuses(text);
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> base = Arbitraries.of(validTexts);
        Arbitrary<Integer> edits = Arbitraries.integers().between(1, 8);
        return Combinators.combine(base, edits, Arbitraries.randomValue(r -> r)).as((t, n, random) -> {
            StringBuilder sb = new StringBuilder(t);
            String alphabet = "{}\"'#!\\ \n0123456789abz.:-/";
            for (int k = 0; k < n && !sb.isEmpty(); k++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            return sb.toString();
        });
    }

    @Property(tries = 1000)
    void smallEditsOfValidConfigsNeverThrowAnythingElse(@ForAll("mutated") String text) {
        loadsOrRefuses(text);
    }

    @Property(tries = 50)
    void everyValidConfigLoadsAndItsDiffWithItselfIsEmpty(@ForAll("validText") String text) throws Exception {
        KeepalivedConfig c =
                ConfigLoader.parse(sandbox.resolve("valid.conf"), text).config();
        assertThat(ConfigDiff.between(c, c).isEmpty()).isTrue();
    }

    @Provide
    Arbitrary<String> validText() {
        return Arbitraries.of(validTexts);
    }

    @Property(tries = 30)
    void deepNestingIsNoProblem(@ForAll("depth") int depth) {
        loadsOrRefuses("{".repeat(depth) + "\n" + "}".repeat(depth / 2));
        loadsOrRefuses("virtual_server 10.0.0.1 80 {\n".repeat(depth));
    }

    @Provide
    Arbitrary<Integer> depth() {
        return Arbitraries.integers().between(1, 5_000);
    }
}
