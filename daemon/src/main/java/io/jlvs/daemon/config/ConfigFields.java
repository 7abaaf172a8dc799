package io.jlvs.daemon.config;

import io.jlvs.core.synproxy.SynProxySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders the model as keyword → value text, the operator's own words, so a diff reads "lb_algo rr
 * -> wrr" rather than naming record components. Only what can change without changing identity is
 * listed (a service's address and protocol, a real server's address and port, are its identity).
 */
final class ConfigFields {
    private ConfigFields() {}

    static Map<String, String> global(KeepalivedConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        GlobalDefs g = c.globalDefs();
        Notification n = g.notification();
        m.put("global_defs router_id", opt(g.routerId()));
        m.put("global_defs notification_email", String.join(" ", n.emails()));
        m.put("global_defs notification_email_from", opt(n.emailFrom()));
        m.put(
                "global_defs smtp_server",
                n.smtpServer().map(h -> h + " " + n.smtpPort()).orElse(""));
        m.put("global_defs smtp_helo_name", opt(n.smtpHeloName()));
        m.put("global_defs smtp_connect_timeout", Durations.format(n.smtpConnectTimeout()));
        m.put("global_defs smtp_alert", opt(n.smtpAlert()));
        m.put("global_defs smtp_alert_checker", opt(n.smtpAlertChecker()));
        m.put("global_defs lvs_timeouts", g.lvsTimeouts().toString());
        m.put("global_defs lvs_flush", Boolean.toString(g.lvsFlush()));
        m.put("global_defs lvs_flush_on_stop", g.lvsFlushOnStop().name());
        m.put("global_defs lvs_sync_daemon", opt(g.lvsSyncDaemon()));
        m.put("global_defs checker_log_all_failures", Boolean.toString(g.checkerLogAllFailures()));
        JlvsDefs j = c.jlvsDefs();
        m.put("jlvs_defs interface", String.join(" ", j.interfaces()));
        m.put("jlvs_defs workers", Integer.toString(j.workers()));
        m.put("jlvs_defs conn_table_size", Integer.toString(j.connTableSize()));
        m.put("jlvs_defs admin_socket", j.adminSocket().toString());
        m.put("jlvs_defs metrics_listen", j.metricsListen().toString());
        m.put("jlvs_defs expire_nodest_conn", j.expireNodestConn() ? "1" : "0");
        m.put("jlvs_defs expire_quiescent_template", j.expireQuiescentTemplate() ? "1" : "0");
        for (SynProxySettings.Field f : SynProxySettings.Field.values()) {
            m.put("jlvs_defs " + f.sysctl, Integer.toString(j.synProxy().get(f)));
        }
        m.put(
                "SSL",
                c.ssl()
                        .map(s -> "password " + (s.password().isPresent() ? "(set)" : "-") + " ca " + opt(s.ca())
                                + " certificate " + opt(s.certificate()) + " key " + opt(s.key()))
                        .orElse(""));
        for (VirtualServerGroup vsg : c.virtualServerGroups()) {
            m.put("virtual_server_group " + vsg.name(), group(vsg));
        }
        for (LocalAddressGroup lag : c.localAddressGroups()) {
            m.put("local_address_group " + lag.name(), group(lag));
        }
        return m;
    }

    static String group(VirtualServerGroup g) {
        String a = g.addresses().stream().map(Object::toString).collect(Collectors.joining(", "));
        String f = g.fwmarks().stream().map(Object::toString).collect(Collectors.joining(", "));
        return a.isEmpty() ? f : f.isEmpty() ? a : a + ", " + f;
    }

    static String group(LocalAddressGroup g) {
        return g.entries().stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    static Map<String, String> service(VirtualServer v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lb_algo", v.scheduler());
        m.put(
                "scheduler flags",
                v.schedulerFlags().stream().sorted().map(SchedulerFlag::keyword).collect(Collectors.joining(" ")));
        m.put("ops", Boolean.toString(v.onePacket()));
        m.put("lb_kind", v.method().toString());
        m.put("persistence_timeout", Integer.toString(v.persistence().timeout()));
        m.put("persistence_engine", opt(v.persistence().engine()));
        m.put("persistence_granularity", v.persistence().granularity().toString());
        m.put(
                "sorry_server",
                v.sorryServer()
                        .map(s -> s.endpoint() + " " + s.method() + (s.inhibit() ? " inhibit" : ""))
                        .orElse(""));
        Quorum q = v.quorum();
        m.put("quorum", Long.toString(q.quorum()));
        m.put("hysteresis", Long.toString(q.hysteresis()));
        m.put("quorum_up", opt(q.up()));
        m.put("quorum_down", opt(q.down()));
        m.put("alpha", Boolean.toString(q.alpha()));
        m.put("omega", Boolean.toString(q.omega()));
        m.put("delay_loop", Durations.format(v.delayLoop()));
        m.put("inhibit_on_failure", Boolean.toString(v.inhibitOnFailure()));
        m.put("ha_suspend", Boolean.toString(v.haSuspend()));
        m.put("virtualhost", opt(v.virtualhost()));
        m.put("smtp_alert", Boolean.toString(v.smtpAlert()));
        m.put("snmp_name", opt(v.snmpName()));
        m.put("laddr_group_name", opt(v.localAddressGroup()));
        m.put("syn_proxy", Boolean.toString(v.synProxy()));
        m.put(
                "est_timeout",
                v.establishedTimeout().isPresent()
                        ? Integer.toString(v.establishedTimeout().getAsInt())
                        : "");
        m.put("client_address", v.clientAddress().mode().keyword());
        m.put("toa_in_syn", Boolean.toString(v.clientAddress().toaInSyn()));
        m.put("toa_ipv6_kind", Integer.toString(v.clientAddress().toaIpv6Kind()));
        m.put("drain_timeout", v.drain().drainTimeout().map(Durations::format).orElse(""));
        m.put("idle_grace", v.drain().idleGrace().map(Durations::format).orElse(""));
        m.put("drain_on_failure", Boolean.toString(v.drain().drainOnFailure()));
        m.put("drain_on_removal", Boolean.toString(v.drain().drainOnRemoval()));
        return m;
    }

    static Map<String, String> real(RealServer r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("weight", Integer.toString(r.weight()));
        m.put("lvs_method", r.method().toString());
        m.put("uthreshold", Long.toString(r.upperThreshold()));
        m.put("lthreshold", Long.toString(r.lowerThreshold()));
        m.put("slow_start", Integer.toString(r.slowStart()));
        m.put("inhibit_on_failure", Boolean.toString(r.inhibitOnFailure()));
        m.put("alpha", Boolean.toString(r.alpha()));
        m.put("notify_up", opt(r.notifyUp()));
        m.put("notify_down", opt(r.notifyDown()));
        m.put("virtualhost", opt(r.virtualhost()));
        m.put("smtp_alert", Boolean.toString(r.smtpAlert()));
        m.put("snmp_name", opt(r.snmpName()));
        m.put("checkers", checkers(r.checkers()));
        return m;
    }

    static String checkers(List<Checker> checkers) {
        return checkers.isEmpty()
                ? "none"
                : checkers.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    private static String opt(Optional<?> o) {
        return o.map(Object::toString).orElse("");
    }
}
