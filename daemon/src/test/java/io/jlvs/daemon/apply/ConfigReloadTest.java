package io.jlvs.daemon.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Timeouts;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.JlvsDefs;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a configuration sets beside the table, at start (its build commands) and at each reload. */
class ConfigReloadTest {
    static final String SERVICE =
            "virtual_server 192.0.2.1 80 {\n lb_algo rr\n lb_kind NAT\n real_server 10.0.0.1 80 { weight 1 }\n}\n";

    @TempDir
    Path dir;

    private final Registry registry = new Registry(4096, new CounterStatsSource());

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("keepalived.conf"), text);
    }

    private ConfigReload reloader(KeepalivedConfig loaded, Sysctls sysctls) {
        return new ConfigReload(dir.resolve("keepalived.conf"), registry, sysctls, loaded, null, null);
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

        ConfigReload reload = reloader(loaded, new Sysctls(false, false, SynProxySettings.DEFAULTS));
        assertThat(reload.reload()).as("the same file").isEqualTo("no change");

        write(withTimeouts("tcpfin 30"));
        assertThat(reload.reload()).isEqualTo("1 change(s)");
        assertThat(registry.timeouts()).isEqualTo(new Timeouts(7200, 30, 60));

        // A reload without lvs_timeouts puts the defaults back (keepalived restores what it found).
        write(SERVICE);
        assertThat(reload.reload()).isEqualTo("1 change(s)");
        assertThat(registry.timeouts()).isEqualTo(Timeouts.DEFAULTS);
    }

    @Test
    void aReloadSetsTheJlvsDefsSettingsItChangesAndLeavesTheOthersAsJlvsadmSetThem() throws Exception {
        var loaded = ConfigLoader.load(write("jlvs_defs {\n    synproxy_wscale 9\n}\n" + SERVICE));
        registry.restore(ConfigCommands.of(loaded));
        JlvsDefs defs = loaded.jlvsDefs();
        Sysctls sysctls = new Sysctls(defs.expireNodestConn(), defs.expireQuiescentTemplate(), defs.synProxy());
        ConfigReload reload = reloader(loaded, sysctls);
        sysctls.set("synproxy_wscale", "5"); // jlvsadm --sysctl
        sysctls.set("synproxy_sack", "0");

        // workers takes a restart: logged, not counted.
        write("jlvs_defs {\n    synproxy_wscale 9\n    expire_nodest_conn 1\n    workers 4\n}\n" + SERVICE);
        assertThat(reload.reload()).isEqualTo("0 change(s), 1 setting(s)");
        assertThat(sysctls.expireNodestConn()).isTrue();
        assertThat(sysctls.synProxy().wscale()).as("not changed in the file").isEqualTo(5);
        assertThat(sysctls.synProxy().sack()).isFalse();

        write("jlvs_defs {\n    synproxy_wscale 8\n    expire_nodest_conn 1\n    workers 4\n}\n" + SERVICE);
        assertThat(reload.reload()).isEqualTo("0 change(s), 1 setting(s)");
        assertThat(sysctls.synProxy().wscale()).isEqualTo(8);
        assertThat(sysctls.synProxy().sack()).isFalse();
    }
}
