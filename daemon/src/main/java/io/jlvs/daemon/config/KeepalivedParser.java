package io.jlvs.daemon.config;

import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.config.Drafts.VirtualServerDraft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The top level of keepalived.conf as far as LVS goes: {@code global_defs}, {@code SSL}, {@code
 * virtual_server_group}, {@code virtual_server}, alibaba's {@code local_address_group} and jlvs's
 * {@code jlvs_defs}. keepalived's other top-level blocks (VRRP, BFD, static addresses, ...) belong to
 * its other processes and are skipped, as keepalived's checker process skips them.
 */
final class KeepalivedParser extends ParserSupport {

    /** keepalived root keywords that are not about LVS. */
    static final Set<String> FOREIGN_ROOT = Set.of(
            "vrrp_instance",
            "vrrp_sync_group",
            "vrrp_script",
            "vrrp_track_file",
            "vrrp_track_process",
            "static_ipaddress",
            "static_routes",
            "static_rules",
            "linkbeat_interfaces",
            "linkbeat_use_polling",
            "interface_up_down_delays",
            "track_file",
            "track_group",
            "garp_group",
            "bfd_instance",
            "net_namespace",
            "net_namespace_ipvs",
            "namespace_with_ipsets",
            "use_pid_dir",
            "instance",
            "child_wait_time");

    /** global_defs keywords keepalived knows that do not concern LVS: accepted, ignored. */
    static final Set<String> FOREIGN_GLOBAL = Set.of(
            "bfd_cpu_affinity",
            "bfd_no_swap",
            "bfd_priority",
            "bfd_process_name",
            "bfd_rlimit_rtime",
            "bfd_rlimit_rttime",
            "bfd_rt_priority",
            "checker_cpu_affinity",
            "checker_no_swap",
            "checker_priority",
            "checker_process_name",
            "checker_rlimit_rtime",
            "checker_rlimit_rttime",
            "checker_rt_priority",
            "config_save_dir",
            "data_use_instance",
            "dbus_no_interface_name",
            "dbus_service_name",
            "default_interface",
            "disable_local_igmp",
            "dynamic_interfaces",
            "enable_dbus",
            "enable_script_security",
            "enable_snmp_checker",
            "enable_snmp_keepalived",
            "enable_snmp_rfc",
            "enable_snmp_rfcv2",
            "enable_snmp_rfcv3",
            "enable_snmp_vrrp",
            "enable_traps",
            "fifo_write_vrrp_states_on_reload",
            "iproute_etc_dir",
            "iproute_usr_dir",
            "json_dump_file",
            "json_version",
            "log_unknown_vrids",
            "lvs_netlink_cmd_rcv_bufs",
            "lvs_netlink_cmd_rcv_bufs_force",
            "lvs_netlink_monitor_rcv_bufs",
            "lvs_netlink_monitor_rcv_bufs_force",
            "lvs_notify_fifo",
            "lvs_notify_fifo_script",
            "lvs_process_name",
            "max_auto_priority",
            "min_auto_priority_delay",
            "nftables",
            "nftables_counters",
            "nftables_ifindex",
            "nftables_ipvs",
            "nftables_ipvs_priority",
            "nftables_ipvs_start_fwmark",
            "nftables_priority",
            "no_checker_emails",
            "no_email_faults",
            "notify_fifo",
            "notify_fifo_script",
            "process_monitor_rcv_bufs",
            "process_monitor_rcv_bufs_force",
            "process_name",
            "process_names",
            "random_seed",
            "reload_check_config",
            "reload_file",
            "reload_repeat",
            "reload_time_file",
            "rs_init_notifies",
            "set_supplementary_groups",
            "shutdown_script",
            "shutdown_script_timeout",
            "smtp_alert_vrrp",
            "snmp_rs_stats_update_interval",
            "snmp_socket",
            "snmp_vs_stats_update_interval",
            "startup_script",
            "startup_script_timeout",
            "state_dump_file",
            "stats_dump_file",
            "tmp_config_directory",
            "umask",
            "use_symlink_paths",
            "v3_checksum_as_v2",
            "vmac_addr_prefix",
            "vmac_prefix",
            "vrrp_check_unicast_src",
            "vrrp_cpu_affinity",
            "vrrp_delay_after_boot",
            "vrrp_down_timer_adverts",
            "vrrp_garp_extra_if",
            "vrrp_garp_interval",
            "vrrp_garp_lower_prio_delay",
            "vrrp_garp_lower_prio_repeat",
            "vrrp_garp_master_delay",
            "vrrp_garp_master_refresh",
            "vrrp_garp_master_refresh_repeat",
            "vrrp_garp_master_repeat",
            "vrrp_gna_interval",
            "vrrp_higher_prio_send_advert",
            "vrrp_ipsets",
            "vrrp_iptables",
            "vrrp_lower_prio_no_advert",
            "vrrp_mcast_group4",
            "vrrp_mcast_group6",
            "vrrp_min_garp",
            "vrrp_netlink_cmd_rcv_bufs",
            "vrrp_netlink_cmd_rcv_bufs_force",
            "vrrp_netlink_monitor_rcv_bufs",
            "vrrp_netlink_monitor_rcv_bufs_force",
            "vrrp_no_swap",
            "vrrp_notify_fifo",
            "vrrp_notify_fifo_script",
            "vrrp_notify_priority_changes",
            "vrrp_owner_ignore_adverts",
            "vrrp_priority",
            "vrrp_process_name",
            "vrrp_rlimit_rtime",
            "vrrp_rlimit_rttime",
            "vrrp_rt_priority",
            "vrrp_rx_bufs_multiplier",
            "vrrp_rx_bufs_policy",
            "vrrp_skip_check_adv_addr",
            "vrrp_startup_delay",
            "vrrp_strict",
            "vrrp_version",
            "vrrp_vmac_garp_intvl");

    /** IP_VS_IFNAME_MAXLEN - 1, the kernel's limit for the sync daemon's interface. */
    static final int MAX_SYNC_IFNAME = 15;

    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    private static final Pattern IF_NAME = Pattern.compile("[^/\\s:]{1,15}");

    private final VirtualServerParser virtualServers;

    // global_defs
    private String routerId;
    private final List<String> emails = new ArrayList<>();
    private String emailFrom;
    private String smtpServer;
    private int smtpPort = Notification.DEFAULT_SMTP_PORT;
    private String smtpHelo;
    private Duration smtpConnectTimeout = Notification.DEFAULT_SMTP_CONNECT_TIMEOUT;
    private Boolean smtpAlert;
    private Boolean smtpAlertChecker;
    private boolean checkerLogAllFailures;
    private String scriptUser;
    private String scriptGroup;
    private OptionalInt tcpTimeout = OptionalInt.empty();
    private OptionalInt tcpFinTimeout = OptionalInt.empty();
    private OptionalInt udpTimeout = OptionalInt.empty();
    private boolean lvsFlush;
    private GlobalDefs.FlushOnStop flushOnStop = GlobalDefs.FlushOnStop.NONE;
    private LvsSyncDaemon syncDaemon;

    // jlvs_defs
    private final Set<String> interfaces = new LinkedHashSet<>();
    private int workers = JlvsDefs.DEFAULT_WORKERS;
    private int connTableSize = JlvsDefs.DEFAULT_CONN_TABLE_SIZE;
    private Path adminSocket = JlvsDefs.DEFAULT_ADMIN_SOCKET;
    private Endpoint metricsListen = JlvsDefs.DEFAULT_METRICS_LISTEN;
    private boolean expireNodestConn;
    private boolean expireQuiescentTemplate;
    private SynProxySettings synProxy = SynProxySettings.DEFAULTS;

    private SslContext ssl;
    private final List<VirtualServerGroup> groups = new ArrayList<>();
    private final List<LocalAddressGroup> localGroups = new ArrayList<>();
    private final List<VirtualServerDraft> drafts = new ArrayList<>();

    KeepalivedParser(Diagnostics diag) {
        super(diag);
        this.virtualServers = new VirtualServerParser(diag);
    }

    void parse(List<Statement> root) {
        for (Statement st : root) {
            switch (st.name()) {
                case "global_defs" -> block(st, this::globalDefs);
                case "jlvs_defs" -> block(st, this::jlvsDefs);
                case "SSL" -> ssl(st);
                case "virtual_server_group" -> virtualServerGroup(st);
                case "local_address_group" -> localAddressGroup(st);
                case "virtual_server" -> {
                    VirtualServerDraft d = virtualServers.parse(st);
                    if (d != null) {
                        drafts.add(d);
                    }
                }
                default -> {
                    if (!FOREIGN_ROOT.contains(st.name())) {
                        unknown(st, null);
                    }
                }
            }
        }
    }

    GlobalDefs globalDefs() {
        return new GlobalDefs(
                Optional.ofNullable(routerId),
                new Notification(
                        emails,
                        Optional.ofNullable(emailFrom),
                        Optional.ofNullable(smtpServer),
                        smtpPort,
                        Optional.ofNullable(smtpHelo),
                        smtpConnectTimeout,
                        Optional.ofNullable(smtpAlert),
                        Optional.ofNullable(smtpAlertChecker)),
                new LvsTimeouts(tcpTimeout, tcpFinTimeout, udpTimeout),
                lvsFlush,
                flushOnStop,
                Optional.ofNullable(syncDaemon),
                checkerLogAllFailures,
                Optional.ofNullable(scriptUser),
                Optional.ofNullable(scriptGroup));
    }

    JlvsDefs jlvsDefs() {
        return new JlvsDefs(
                List.copyOf(interfaces),
                workers,
                connTableSize,
                adminSocket,
                metricsListen,
                expireNodestConn,
                expireQuiescentTemplate,
                synProxy);
    }

    Optional<SslContext> ssl() {
        return Optional.ofNullable(ssl);
    }

    List<VirtualServerGroup> virtualServerGroups() {
        return groups;
    }

    List<LocalAddressGroup> localAddressGroups() {
        return localGroups;
    }

    List<VirtualServerDraft> virtualServerDrafts() {
        return drafts;
    }

    private interface BlockHandler {
        void statement(Statement s, String block);
    }

    private void block(Statement st, BlockHandler handler) {
        if (!needBlock(st, null)) {
            return;
        }
        extraArgs(st, null, 0);
        for (Statement s : st.block) {
            handler.statement(s, st.name());
        }
    }

    private void globalDefs(Statement s, String ctx) {
        switch (s.name()) {
            case "router_id" -> routerId = stringOr(s, ctx, routerId);
            case "notification_email" -> {
                if (needBlock(s, ctx)) {
                    extraArgs(s, ctx, 0);
                    for (Statement e : s.block) {
                        if (leaf(e, ctx)) {
                            for (Token t : e.line.tokens()) {
                                emails.add(t.text());
                            }
                        }
                    }
                    if (s.block.isEmpty()) {
                        warning(s.position(), ctx, "notification_email block is empty");
                    }
                }
            }
            case "notification_email_from" -> emailFrom = stringOr(s, ctx, emailFrom);
            case "smtp_server" -> {
                if (leaf(s, ctx) && needArgs(s, ctx, 1)) {
                    extraArgs(s, ctx, 2);
                    String host = s.arg(0).text();
                    if (IpAddress.parse(host).isEmpty() && !isHostName(host)) {
                        error(s.arg(0).position(), ctx, "smtp_server '" + host + "' is not an address or host name");
                    } else {
                        Integer port = s.argCount() > 1
                                ? port(s.arg(1), ctx, "smtp_server port", false)
                                : Integer.valueOf(Notification.DEFAULT_SMTP_PORT);
                        if (port != null) {
                            smtpServer = host;
                            smtpPort = port;
                        }
                    }
                }
            }
            case "smtp_helo_name" -> smtpHelo = stringOr(s, ctx, smtpHelo);
            case "smtp_connect_timeout" -> {
                if (value(s, ctx, 1)) {
                    Long t = unsigned(s.arg(0), ctx, s.name(), 0, 0xFFFF_FFFFL / 1_000_000);
                    if (t != null && t == 0) {
                        warning(s.arg(0).position(), ctx, "smtp_connect_timeout must be greater than 0 - using 1");
                        smtpConnectTimeout = Duration.ofSeconds(1);
                    } else if (t != null) {
                        smtpConnectTimeout = Duration.ofSeconds(t);
                    }
                }
            }
            case "smtp_alert" -> smtpAlert = flagOr(s, ctx, smtpAlert);
            case "smtp_alert_checker" -> smtpAlertChecker = flagOr(s, ctx, smtpAlertChecker);
            case "checker_log_all_failures" -> checkerLogAllFailures = flagOr(s, ctx, checkerLogAllFailures);
            case "script_user" -> {
                // script_user USER [GROUP] (or USER:GROUP): who runs scripts that name no user.
                if (leaf(s, ctx) && needArgs(s, ctx, 1)) {
                    extraArgs(s, ctx, 2);
                    String[] ug = s.arg(0).text().split(":", 2);
                    scriptUser = ug[0];
                    scriptGroup = ug.length > 1 && !ug[1].isEmpty()
                            ? ug[1]
                            : s.argCount() > 1 ? s.arg(1).text().replaceFirst("^:", "") : null;
                }
            }
            case "lvs_timeouts" -> lvsTimeouts(s, ctx);
            case "lvs_flush" -> lvsFlush |= bareFlag(s, ctx);
            case "lvs_flush_on_stop", "lvs_flush_onstop" -> {
                if (leaf(s, ctx)) {
                    if (s.name().equals("lvs_flush_onstop")) {
                        warning(s.position(), ctx, "lvs_flush_onstop is deprecated - please use lvs_flush_on_stop");
                    }
                    extraArgs(s, ctx, 1);
                    if (s.argCount() == 0) {
                        flushOnStop = GlobalDefs.FlushOnStop.FULL;
                    } else if (s.arg(0).text().equals("VS")) {
                        flushOnStop = GlobalDefs.FlushOnStop.VS;
                    } else {
                        error(
                                s.arg(0).position(),
                                ctx,
                                s.name() + " '" + s.arg(0).text() + "' unknown (VS or nothing)");
                    }
                }
            }
            case "lvs_sync_daemon" -> lvsSyncDaemon(s, ctx);
            case "include_check" -> {
                // Applied by the reader while it reads, so it governs the includes that follow.
                leaf(s, ctx);
            }
            default -> {
                if (!FOREIGN_GLOBAL.contains(s.name())) {
                    unknown(s, ctx);
                }
            }
        }
    }

    /** {@code lvs_timeouts [tcp N] [tcpfin N] [udp N]}, at least one, seconds up to 31 days. */
    private void lvsTimeouts(Statement s, String ctx) {
        if (!leaf(s, ctx)) {
            return;
        }
        if (s.argCount() < 2) {
            error(s.position(), ctx, "lvs_timeouts needs at least one of tcp|tcpfin|udp SECONDS");
            return;
        }
        for (int i = 0; i < s.argCount(); i++) {
            Token o = s.arg(i);
            String opt = o.text();
            if (!opt.equals("tcp") && !opt.equals("tcpfin") && !opt.equals("udp")) {
                error(o.position(), ctx, "lvs_timeouts option '" + opt + "' unknown (tcp|tcpfin|udp)");
                continue;
            }
            if (i + 1 >= s.argCount()) {
                error(o.position(), ctx, "lvs_timeouts " + opt + " needs a value");
                continue;
            }
            Integer v = unsignedInt(s.arg(++i), ctx, "lvs_timeouts " + opt, 0, LVS_MAX_TIMEOUT);
            if (v == null) {
                continue;
            }
            switch (opt) {
                case "tcp" -> tcpTimeout = OptionalInt.of(v);
                case "tcpfin" -> tcpFinTimeout = OptionalInt.of(v);
                default -> udpTimeout = OptionalInt.of(v);
            }
        }
    }

    /** {@code lvs_sync_daemon IF [[inst] NAME] [id N] [maxlen N] [port N] [ttl N] [group IP]}. */
    private void lvsSyncDaemon(Statement s, String ctx) {
        if (!leaf(s, ctx) || !needArgs(s, ctx, 1)) {
            return;
        }
        if (syncDaemon != null) {
            warning(s.position(), ctx, "lvs_sync_daemon given twice - the first one is used");
            return;
        }
        Token ifToken = s.arg(0);
        if (ifToken.text().length() > MAX_SYNC_IFNAME) {
            error(
                    ifToken.position(),
                    ctx,
                    "lvs_sync_daemon interface '" + ifToken.text() + "' is longer than " + MAX_SYNC_IFNAME
                            + " characters");
            return;
        }
        String instance = null;
        Integer syncId = null;
        Integer maxLen = null;
        int port = LvsSyncDaemon.DEFAULT_PORT;
        int ttl = LvsSyncDaemon.DEFAULT_TTL;
        IpAddress group = LvsSyncDaemon.DEFAULT_GROUP;
        boolean ok = true;
        for (int i = 1; i < s.argCount(); i++) {
            Token o = s.arg(i);
            String opt = o.text();
            boolean keyword = opt.equals("inst")
                    || opt.equals("id")
                    || opt.equals("maxlen")
                    || opt.equals("port")
                    || opt.equals("ttl")
                    || opt.equals("group");
            if (keyword && i + 1 >= s.argCount()) {
                error(o.position(), ctx, "lvs_sync_daemon " + opt + " needs a value");
                ok = false;
                break;
            }
            switch (opt) {
                case "inst" -> instance = s.arg(++i).text();
                case "id" -> {
                    syncId = unsignedInt(s.arg(++i), ctx, "lvs_sync_daemon id", 0, 255);
                    ok &= syncId != null;
                }
                case "maxlen" -> {
                    maxLen = unsignedInt(s.arg(++i), ctx, "lvs_sync_daemon maxlen", 1, 65535 - 20 - 8);
                    ok &= maxLen != null;
                }
                case "port" -> {
                    Integer p = port(s.arg(++i), ctx, "lvs_sync_daemon port", false);
                    ok &= p != null;
                    port = p == null ? port : p;
                }
                case "ttl" -> {
                    Integer t = unsignedInt(s.arg(++i), ctx, "lvs_sync_daemon ttl", 1, 255);
                    ok &= t != null;
                    ttl = t == null ? ttl : t;
                }
                case "group" -> {
                    IpAddress g = address(s.arg(++i), ctx, "lvs_sync_daemon group");
                    if (g != null && !isMulticast(g)) {
                        error(s.arg(i).position(), ctx, "lvs_sync_daemon group " + g + " is not a multicast address");
                        g = null;
                    }
                    ok &= g != null;
                    group = g == null ? group : g;
                }
                default -> {
                    // keepalived's older form: lvs_sync_daemon IF VRRP_INSTANCE [SYNC_ID].
                    if (i == 1) {
                        instance = opt;
                    } else if (i == 2 && syncId == null) {
                        warning(o.position(), ctx, "please write 'id' before the lvs_sync_daemon sync id");
                        syncId = unsignedInt(o, ctx, "lvs_sync_daemon id", 0, 255);
                        ok &= syncId != null;
                    } else {
                        error(o.position(), ctx, "lvs_sync_daemon option '" + opt + "' unknown");
                        ok = false;
                    }
                }
            }
        }
        if (ok) {
            syncDaemon = new LvsSyncDaemon(
                    ifToken.text(),
                    Optional.ofNullable(instance),
                    syncId == null ? OptionalInt.empty() : OptionalInt.of(syncId),
                    maxLen == null ? OptionalInt.empty() : OptionalInt.of(maxLen),
                    port,
                    ttl,
                    group);
        }
    }

    /** Letters, digits, '.' and '-', starting and ending with a letter or digit (RFC 1123 §2.1). */
    private static boolean isHostName(String h) {
        if (h.isEmpty()
                || !Character.isLetterOrDigit(h.charAt(0))
                || !Character.isLetterOrDigit(h.charAt(h.length() - 1))) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c > 0x7F || !(Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMulticast(IpAddress a) {
        return a.isV4() ? (a.v4() >>> 28) == 0xE : (a.hi() >>> 56) == 0xFF;
    }

    private void jlvsDefs(Statement s, String ctx) {
        switch (s.name()) {
            case "interface" -> {
                String v = string(s, ctx);
                if (v != null && !IF_NAME.matcher(v).matches()) {
                    error(
                            s.arg(0).position(),
                            ctx,
                            "interface '" + v + "' is not an interface name (1-15 characters, no '/', ':' or spaces)");
                } else if (v != null && !interfaces.add(v)) {
                    warning(s.arg(0).position(), ctx, "interface " + v + " given twice");
                }
            }
            case "workers" -> workers = unsignedIntOr(s, ctx, 1, JlvsDefs.MAX_WORKERS, workers);
            case "conn_table_size" ->
                connTableSize = unsignedIntOr(s, ctx, 1, JlvsDefs.MAX_CONN_TABLE_SIZE, connTableSize);
            case "admin_socket" -> {
                String v = string(s, ctx);
                if (v != null) {
                    if (!v.startsWith("/")) {
                        error(s.arg(0).position(), ctx, "admin_socket '" + v + "' is not an absolute path");
                    } else if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                        error(
                                s.arg(0).position(),
                                ctx,
                                "admin_socket path is longer than " + MAX_SOCKET_PATH
                                        + " bytes (the limit of a Unix socket address)");
                    } else {
                        adminSocket = Path.of(v);
                    }
                }
            }
            case "metrics_listen" -> {
                String v = string(s, ctx);
                if (v != null) {
                    Endpoint e = hostPort(s.arg(0), ctx);
                    if (e != null) {
                        metricsListen = e;
                    }
                }
            }
            case "expire_nodest_conn", "expire_quiescent_template" -> {
                String v = string(s, ctx);
                if (v != null) {
                    Boolean b =
                            switch (v) {
                                case "1", "on", "true", "yes" -> Boolean.TRUE;
                                case "0", "off", "false", "no" -> Boolean.FALSE;
                                default -> null;
                            };
                    if (b == null) {
                        error(s.arg(0).position(), ctx, s.name() + " '" + v + "' is not 0 or 1");
                    } else if (s.name().equals("expire_nodest_conn")) {
                        expireNodestConn = b;
                    } else {
                        expireQuiescentTemplate = b;
                    }
                }
            }
            default -> {
                var field = SynProxySettings.Field.bySysctl(s.name());
                if (field.isPresent()) {
                    SynProxySettings.Field f = field.get();
                    synProxy = synProxy.with(f, unsignedIntOr(s, ctx, f.min, f.max, synProxy.get(f)));
                    return;
                }
                // jlvs_defs is jlvs's own block: an unknown word in it is a typo, not a keyword of
                // another keepalived version.
                error(s.position(), ctx, "unknown keyword '" + s.name() + "'");
            }
        }
    }

    /** {@code ADDR:PORT} or {@code [ADDR6]:PORT}. */
    private Endpoint hostPort(Token t, String ctx) {
        String v = t.text();
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf("]:");
            if (close < 0) {
                error(t.position(), ctx, "metrics_listen '" + v + "' is not ADDRESS:PORT ([IPv6]:PORT)");
                return null;
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
        } else {
            int colon = v.lastIndexOf(':');
            if (colon < 0 || v.indexOf(':') != colon) {
                error(t.position(), ctx, "metrics_listen '" + v + "' is not ADDRESS:PORT ([IPv6]:PORT)");
                return null;
            }
            host = v.substring(0, colon);
            port = v.substring(colon + 1);
        }
        IpAddress a = address(new Token(host, t.position(), t.quoted()), ctx, "metrics_listen");
        Integer p = port(new Token(port, t.position(), t.quoted()), ctx, "metrics_listen port", false);
        return a == null || p == null ? null : new Endpoint(a, p);
    }

    private void ssl(Statement st) {
        if (!needBlock(st, null)) {
            return;
        }
        if (ssl != null) {
            warning(st.position(), "SSL", "SSL given twice - the last one is used");
        }
        String password = null;
        String ca = null;
        String certificate = null;
        String key = null;
        for (Statement s : st.block) {
            switch (s.name()) {
                case "password" -> password = string(s, "SSL");
                case "ca" -> ca = string(s, "SSL");
                case "certificate" -> certificate = string(s, "SSL");
                case "key" -> key = string(s, "SSL");
                default -> unknown(s, "SSL");
            }
        }
        ssl = new SslContext(
                Optional.ofNullable(password),
                Optional.ofNullable(ca),
                Optional.ofNullable(certificate),
                Optional.ofNullable(key));
    }

    private void virtualServerGroup(Statement st) {
        String ctx = "virtual_server_group";
        if (!needArgs(st, null, 1) || !needBlock(st, null)) {
            return;
        }
        extraArgs(st, null, 1);
        String name = st.arg(0).text();
        List<VirtualServerGroup.Entry> addresses = new ArrayList<>();
        List<VirtualServerGroup.FwmarkEntry> marks = new ArrayList<>();
        boolean ok = true;
        boolean v4 = false;
        boolean v6 = false;
        boolean markWithoutFamily = false;
        for (Statement s : st.block) {
            if (!leaf(s, ctx)) {
                ok = false;
                continue;
            }
            if (s.name().equals("fwmark")) {
                if (!needArgs(s, ctx, 1)) {
                    ok = false;
                    continue;
                }
                extraArgs(s, ctx, 2);
                Long mark = unsigned(s.arg(0), ctx, "fwmark", 0, 0xFFFF_FFFFL);
                AddressFamily family = null;
                if (s.argCount() > 1) {
                    family = AddressFamily.fromKeyword(s.arg(1).text());
                    if (family == null) {
                        error(
                                s.arg(1).position(),
                                ctx,
                                "fwmark family '" + s.arg(1).text() + "' unknown (inet|inet6)");
                        ok = false;
                        continue;
                    }
                }
                if (mark == null) {
                    ok = false;
                    continue;
                }
                v4 |= family == AddressFamily.INET;
                v6 |= family == AddressFamily.INET6;
                markWithoutFamily |= family == null;
                marks.add(new VirtualServerGroup.FwmarkEntry(mark, Optional.ofNullable(family)));
            } else {
                extraArgs(s, ctx, 1);
                AddressRange r = range(s.keyword(), ctx);
                Integer port = s.argCount() > 0 ? port(s.arg(0), ctx, null, true) : Integer.valueOf(0);
                if (r == null || port == null) {
                    ok = false;
                    continue;
                }
                v4 |= r.family() == AddressFamily.INET;
                v6 |= r.family() == AddressFamily.INET6;
                addresses.add(new VirtualServerGroup.Entry(r, port));
            }
        }
        if (!ok) {
            return;
        }
        if (addresses.isEmpty() && marks.isEmpty()) {
            error(st.position(), ctx, name + " has no entries");
            return;
        }
        if (v4 && v6 && markWithoutFamily) {
            error(st.position(), ctx, name + " has IPv4, IPv6 and a fwmark without family (inet|inet6)");
            return;
        }
        for (VirtualServerGroup g : groups) {
            if (g.name().equals(name)) {
                error(st.position(), ctx, name + " already defined at " + g.position());
                return;
            }
        }
        groups.add(new VirtualServerGroup(name, addresses, marks, st.position()));
    }

    private void localAddressGroup(Statement st) {
        String ctx = "local_address_group";
        if (!needArgs(st, null, 1) || !needBlock(st, null)) {
            return;
        }
        extraArgs(st, null, 1);
        String name = st.arg(0).text();
        List<LocalAddressGroup.Entry> entries = new ArrayList<>();
        boolean ok = true;
        java.math.BigInteger total = java.math.BigInteger.ZERO;
        for (Statement s : st.block) {
            if (!leaf(s, ctx)) {
                ok = false;
                continue;
            }
            extraArgs(s, ctx, 1);
            AddressRange r = range(s.keyword(), ctx);
            if (r == null) {
                ok = false;
                continue;
            }
            String ifName = null;
            if (s.argCount() > 0) {
                ifName = s.arg(0).text();
                if (!IF_NAME.matcher(ifName).matches()) {
                    error(s.arg(0).position(), ctx, "'" + ifName + "' is not an interface name");
                    ok = false;
                    continue;
                }
            }
            total = total.add(r.size());
            entries.add(new LocalAddressGroup.Entry(r, Optional.ofNullable(ifName)));
        }
        if (!ok) {
            return;
        }
        if (entries.isEmpty()) {
            error(st.position(), ctx, name + " has no addresses");
            return;
        }
        if (total.compareTo(java.math.BigInteger.valueOf(LocalAddressGroup.MAX_ADDRESSES)) > 0) {
            error(
                    st.position(),
                    ctx,
                    name + " holds " + total + " addresses, more than " + LocalAddressGroup.MAX_ADDRESSES);
            return;
        }
        for (LocalAddressGroup g : localGroups) {
            if (g.name().equals(name)) {
                error(st.position(), ctx, name + " already defined at " + g.position());
                return;
            }
        }
        localGroups.add(new LocalAddressGroup(name, entries, st.position()));
    }

    /**
     * An address, {@code a.b.c.d-e} (last octet; last hex group for IPv6), {@code first-last}, or
     * {@code addr/len}, with keepalived's checks: the end above the start, no host bits in a prefix.
     */
    AddressRange range(Token t, String ctx) {
        String s = t.text();
        int slash = s.indexOf('/');
        int dash = s.indexOf('-');
        if (slash >= 0) {
            IpAddress a = address(new Token(s.substring(0, slash), t.position(), false), ctx, null);
            if (a == null) {
                return null;
            }
            String len = s.substring(slash + 1);
            int max = a.isV4() ? 32 : 128;
            if (len.isEmpty()
                    || len.length() > 3
                    || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(len) < 1
                    || Integer.parseInt(len) > max) {
                error(t.position(), ctx, "'" + s + "': prefix length must be 1.." + max);
                return null;
            }
            int bits = Integer.parseInt(len);
            long hostHi;
            long hostLo;
            if (a.isV4()) {
                hostHi = 0;
                hostLo = bits == 32 ? 0 : (0xFFFF_FFFFL >>> bits);
            } else {
                hostHi = bits >= 64 ? 0 : (-1L >>> bits);
                hostLo = bits >= 64 ? (bits == 128 ? 0 : -1L >>> (bits - 64)) : -1L;
            }
            if ((a.hi() & hostHi) != 0 || (a.lo() & hostLo) != 0) {
                error(t.position(), ctx, "'" + s + "' has address bits set beyond the /" + bits + " prefix");
                return null;
            }
            return new AddressRange(a, new IpAddress(a.hi() | hostHi, a.lo() | hostLo));
        }
        if (dash < 0) {
            IpAddress a = address(t, ctx, null);
            return a == null ? null : AddressRange.of(a);
        }
        IpAddress first = address(new Token(s.substring(0, dash), t.position(), false), ctx, null);
        if (first == null) {
            return null;
        }
        String end = s.substring(dash + 1);
        boolean fullEnd = first.isV4() ? end.contains(".") : end.contains(":");
        if (fullEnd) {
            IpAddress last = address(new Token(end, t.position(), false), ctx, "range end");
            if (last == null) {
                return null;
            }
            if (last.isV4() != first.isV4()) {
                error(t.position(), ctx, "'" + s + "': range ends are of different address families");
                return null;
            }
            if (last.compareTo(first) < 0) {
                error(t.position(), ctx, "'" + s + "': range end is below its start");
                return null;
            }
            return new AddressRange(first, last);
        }
        int radix = first.isV4() ? 10 : 16;
        int limit = first.isV4() ? 255 : 0xFFFF;
        if (end.isEmpty()
                || end.length() > 4
                || !end.chars().allMatch(c -> Character.digit(c, radix) >= 0)
                || Integer.parseInt(end, radix) > limit) {
            error(
                    t.position(),
                    ctx,
                    "'" + s + "': range end must be " + (first.isV4() ? "0..255" : "a hex group 0..ffff"));
            return null;
        }
        int last = Integer.parseInt(end, radix);
        int start = first.isV4() ? (int) (first.lo() & 0xFF) : (int) (first.lo() & 0xFFFF);
        if (start >= last) {
            error(t.position(), ctx, "'" + s + "': range end is not above its start");
            return null;
        }
        long mask = first.isV4() ? 0xFFL : 0xFFFFL;
        return new AddressRange(first, new IpAddress(first.hi(), (first.lo() & ~mask) | last));
    }
}
