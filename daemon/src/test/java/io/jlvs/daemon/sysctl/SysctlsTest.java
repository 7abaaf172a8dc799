package io.jlvs.daemon.sysctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.synproxy.SynProxySettings;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SysctlsTest {
    private final Sysctls sysctls = new Sysctls(true, false, SynProxySettings.DEFAULTS);

    @Test
    void everySettingIsListedByNameWithItsStartingValue() {
        assertThat(sysctls.all())
                .containsExactly(
                        java.util.Map.entry("conn_reuse_mode", "1"),
                        java.util.Map.entry("drain_busy_after_ms", "1000"),
                        java.util.Map.entry("drain_closes_per_second", "1000"),
                        java.util.Map.entry("drain_idle_grace_ms", "500"),
                        java.util.Map.entry("drain_timeout", "300"),
                        java.util.Map.entry("expire_nodest_conn", "1"),
                        java.util.Map.entry("expire_quiescent_template", "0"),
                        java.util.Map.entry("synproxy_ack_skb_store_thresh", "3"),
                        java.util.Map.entry("synproxy_ack_storm_thresh", "10"),
                        java.util.Map.entry("synproxy_defer", "0"),
                        java.util.Map.entry("synproxy_init_mss", "1452"),
                        java.util.Map.entry("synproxy_sack", "1"),
                        java.util.Map.entry("synproxy_syn_retry", "3"),
                        java.util.Map.entry("synproxy_synack_ttl", "63"),
                        java.util.Map.entry("synproxy_timestamp", "1"),
                        java.util.Map.entry("synproxy_wscale", "7"));
        assertThat(sysctls.expireNodestConn()).isTrue();
        assertThat(sysctls.expireQuiescentTemplate()).isFalse();
        assertThat(sysctls.drainTimeoutMillis()).isEqualTo(300_000);
        assertThat(sysctls.connReuseMode()).isEqualTo(1);
    }

    @Test
    void synProxySettingsStartFromJlvsDefsAndChangeByName() throws Exception {
        SynProxySettings defs = new SynProxySettings(1400, false, 3, true, 64, true, 2, 0, 5);
        Sysctls s = new Sysctls(false, false, defs);
        assertThat(s.synProxy()).isEqualTo(defs);
        AtomicInteger changes = new AtomicInteger();
        s.onChange(changes::incrementAndGet);
        s.set("synproxy_wscale", "9");
        s.set("synproxy_sack", "1");
        assertThat(s.synProxy().wscale()).isEqualTo(9);
        assertThat(s.synProxy().sack()).isTrue();
        assertThat(s.synProxy().initMss()).isEqualTo(1400);
        assertThat(changes).hasValue(2);
        assertThatThrownBy(() -> s.set("synproxy_syn_retry", "7"))
                .hasMessageContaining("synproxy_syn_retry: 7 is out of range 0..6");
        assertThatThrownBy(() -> s.set("synproxy_wscale", "15")).hasMessageContaining("0..14");
        assertThat(s.synProxy().wscale()).isEqualTo(9);
    }

    @Test
    void aDrainTakesTheSettingsUnlessItGivesItsOwnIdleGrace() throws Exception {
        sysctls.set("drain_idle_grace_ms", "750");
        sysctls.set("drain_busy_after_ms", " 2000 ");
        sysctls.set("drain_closes_per_second", "10");
        DrainSpec d = sysctls.drainSpec(5000, null);
        assertThat(d.timeoutMillis()).isEqualTo(5000);
        assertThat(d.idleGraceMillis()).isEqualTo(750);
        assertThat(d.busyAfterMillis()).isEqualTo(2000);
        assertThat(d.closesPerSecond()).isEqualTo(10);
        assertThat(sysctls.drainSpec(5000, 100L).idleGraceMillis()).isEqualTo(100);
    }

    @Test
    void aChangeIsAppliedAndTold() throws Exception {
        AtomicInteger told = new AtomicInteger();
        sysctls.onChange(told::incrementAndGet);
        sysctls.set("expire_quiescent_template", "1");
        sysctls.set("drain_timeout", "60");
        sysctls.set("conn_reuse_mode", "0");
        assertThat(told).hasValue(3);
        assertThat(sysctls.connReuseMode()).isZero();
        assertThat(sysctls.expireQuiescentTemplate()).isTrue();
        assertThat(sysctls.drainTimeoutMillis()).isEqualTo(60_000);
    }

    @Test
    void aRefusedChangeNamesTheRangeAndChangesNothing() {
        AtomicInteger told = new AtomicInteger();
        sysctls.onChange(told::incrementAndGet);
        assertThatThrownBy(() -> sysctls.set("expire_nodest_conn", "2"))
                .isInstanceOf(Sysctls.BadSetting.class)
                .hasMessage("expire_nodest_conn: 2 is out of range 0..1"
                        + " (1: flows of a removed real server are reset to both ends at once)");
        assertThatThrownBy(() -> sysctls.set("drain_closes_per_second", "0"))
                .hasMessageStartingWith("drain_closes_per_second: 0 is out of range 1..10000000");
        assertThatThrownBy(() -> sysctls.set("drain_timeout", "soon"))
                .hasMessageStartingWith("drain_timeout: `soon' is not a number (seconds:");
        assertThatThrownBy(() -> sysctls.set("expire_nodest", "1"))
                .hasMessage("unknown setting `expire_nodest'; known: conn_reuse_mode, drain_busy_after_ms,"
                        + " drain_closes_per_second,"
                        + " drain_idle_grace_ms, drain_timeout, expire_nodest_conn, expire_quiescent_template,"
                        + " synproxy_ack_skb_store_thresh, synproxy_ack_storm_thresh, synproxy_defer,"
                        + " synproxy_init_mss, synproxy_sack, synproxy_syn_retry, synproxy_synack_ttl,"
                        + " synproxy_timestamp, synproxy_wscale");
        assertThatThrownBy(() -> sysctls.set("conn_reuse_mode", "4"))
                .hasMessageStartingWith("conn_reuse_mode: 4 is out of range 0..3");
        assertThat(told).hasValue(0);
        assertThat(sysctls.expireNodestConn()).isTrue();
    }

    @Test
    void aDrainIsHeldToTheRangesOfItsSettings() throws Exception {
        Sysctls sysctls = new Sysctls(false, false, SynProxySettings.DEFAULTS);
        assertThatThrownBy(() -> sysctls.drainSpec(5000, 3_600_001L))
                .isInstanceOf(Sysctls.BadSetting.class)
                .hasMessage("idle grace (ms): 3600001 is out of range 0..3600000");
        assertThatThrownBy(() -> sysctls.drainSpec(86400L * 31 * 1000 + 1, null))
                .hasMessageStartingWith("drain timeout (ms): ");
        assertThat(sysctls.drainSpec(86400L * 31 * 1000, 3_600_000L).idleGraceMillis())
                .isEqualTo(3_600_000);
    }
}
