package io.jlvs.daemon.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Timeouts;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a configuration sets beside the table, at start (its build commands) and at each reload. */
class ConfigReloadTest {
    static final String SERVICE = """
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

    private final Registry registry = new Registry(4096, new CounterStatsSource());

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("keepalived.conf"), text);
    }

    private static String withTimeouts(String lvsTimeouts) {
        return "global_defs {\n    lvs_timeouts " + lvsTimeouts + "\n}\n" + SERVICE;
    }

    @Test
    void lvsTimeoutsAreSetAtStartAndAtEachReloadAsKeepalivedDoes() throws Exception {
        var loaded = ConfigLoader.load(write(withTimeouts("tcp 7200 udp 60")));
        registry.restore(ConfigCommands.of(loaded));
        // One not given keeps its value, as ipvsadm --set 0 does.
        assertThat(registry.timeouts()).isEqualTo(new Timeouts(7200, Timeouts.DEFAULTS.tcpFin(), 60));

        ConfigReload reload = new ConfigReload(dir.resolve("keepalived.conf"), registry, loaded, null, null);
        assertThat(reload.reload()).as("the same file").isEqualTo("no change");

        write(withTimeouts("tcpfin 30"));
        assertThat(reload.reload()).isEqualTo("1 change(s)");
        assertThat(registry.timeouts()).isEqualTo(new Timeouts(7200, 30, 60));

        // A reload without lvs_timeouts puts the defaults back (keepalived restores what it found).
        write(SERVICE);
        assertThat(reload.reload()).isEqualTo("1 change(s)");
        assertThat(registry.timeouts()).isEqualTo(Timeouts.DEFAULTS);
    }
}
