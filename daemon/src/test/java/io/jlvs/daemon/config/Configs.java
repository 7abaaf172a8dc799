package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

/** Test helpers: parse text as {@code test.conf}, collect rendered errors and warnings. */
final class Configs {
    static final Path ORIGIN = Path.of("test.conf");

    private Configs() {}

    static LoadResult parse(String text) {
        try {
            return ConfigLoader.parse(ORIGIN, text);
        } catch (ConfigException e) {
            throw new AssertionError("expected the configuration to load:\n" + e.getMessage(), e);
        }
    }

    static KeepalivedConfig config(String text) {
        return parse(text).config();
    }

    static List<String> warnings(String text) {
        return parse(text).warnings().stream().map(ConfigMessage::format).toList();
    }

    static ConfigException refused(String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(ORIGIN, text));
        assertThat(e).as("expected the configuration to be refused").isNotNull();
        return e;
    }

    static List<String> errors(String text) {
        return refused(text).errors().stream().map(ConfigMessage::format).toList();
    }

    /** A complete NAT service around {@code body} (lines inside virtual_server). */
    static String service(String body) {
        return "virtual_server 10.0.0.1 80 {\n"
                + "    lb_algo rr\n"
                + "    lb_kind NAT\n"
                + "    protocol TCP\n"
                + body
                + "\n    real_server 10.0.1.1 80 {\n"
                + "    }\n"
                + "}\n";
    }

    /** The single service of a configuration. */
    static VirtualServer onlyService(String text) {
        KeepalivedConfig c = config(text);
        assertThat(c.virtualServers()).hasSize(1);
        return c.virtualServers().getFirst();
    }
}
