package io.jlvs.daemon.config;

import io.jlvs.api.RealServerConfig;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.daemon.config.Drafts.CheckerDraft;
import io.jlvs.daemon.config.Drafts.RealServerDraft;
import io.jlvs.daemon.config.Drafts.VirtualServerDraft;
import java.time.Duration;
import java.util.List;

/**
 * {@code virtual_server} blocks and their {@code real_server}s: keepalived's check_parser.c keywords,
 * the alibaba/LVS additions ({@code lb_kind FNAT}, {@code laddr_group_name}, {@code syn_proxy}, {@code
 * est_timeout}) and jlvs's ({@code client_address}, {@code drain_timeout}, {@code idle_grace}, {@code
 * drain_on_failure}, {@code drain_on_removal}, {@code slow_start}). Defaults and cross-checks come after, in {@link
 * ConfigResolver}, because keepalived applies them after the whole file is read.
 */
final class VirtualServerParser extends ParserSupport {

    /** keepalived's lvs_schedulers[]: every IPVS scheduler. */
    static final List<String> SCHEDULERS =
            List.of("rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf", "lblcr", "sed", "nq", "twos");

    /** IP_VS_PENAME_MAXLEN - 1. */
    static final int MAX_PE_NAME = 15;

    private static final String VS = "virtual_server";
    private static final String RS = "real_server";

    private final CheckerParser checkers;

    VirtualServerParser(Diagnostics diag) {
        super(diag);
        this.checkers = new CheckerParser(diag);
    }

    /** Null when the header is unusable; the block is still read so that its errors are reported. */
    VirtualServerDraft parse(Statement st) {
        VirtualServerDraft d = new VirtualServerDraft(st);
        boolean ok = header(st, d);
        if (!needBlock(st, null)) {
            return null;
        }
        for (Statement s : st.block) {
            keyword(s, d);
        }
        return ok ? d : null;
    }

    private boolean header(Statement st, VirtualServerDraft d) {
        if (st.argCount() == 0) {
            error(st.position(), VS, "needs an address [port], fwmark N or group NAME");
            return false;
        }
        Token first = st.arg(0);
        switch (first.text()) {
            case "group" -> {
                if (!needArgs(st, null, 2)) {
                    return false;
                }
                extraArgs(st, null, 2);
                d.address = new VirtualAddress.Group(st.arg(1).text());
                return true;
            }
            case "fwmark" -> {
                if (!needArgs(st, null, 2)) {
                    return false;
                }
                extraArgs(st, null, 2);
                Long mark = unsigned(st.arg(1), VS, "fwmark", 0, 0xFFFF_FFFFL);
                if (mark == null) {
                    return false;
                }
                d.address = new VirtualAddress.Fwmark(mark);
                return true;
            }
            default -> {
                extraArgs(st, null, 2);
                IpAddress a = address(first, VS, null);
                Integer port = st.argCount() > 1 ? port(st.arg(1), VS, null, true) : Integer.valueOf(0);
                if (a == null || port == null) {
                    return false;
                }
                d.address = new VirtualAddress.Ip(new Endpoint(a, port));
                return true;
            }
        }
    }

    private void keyword(Statement s, VirtualServerDraft d) {
        switch (s.name()) {
            case "ip_family" -> {
                String v = string(s, VS);
                if (v != null) {
                    AddressFamily f = AddressFamily.fromKeyword(v);
                    if (f == null) {
                        error(s.arg(0).position(), VS, "ip_family '" + v + "' unknown (inet|inet6)");
                    } else if (d.address instanceof VirtualAddress.Ip ip
                            && ip.endpoint().address().family() != f) {
                        error(
                                s.arg(0).position(),
                                VS,
                                "ip_family " + v + " conflicts with address "
                                        + ip.endpoint().address());
                    } else {
                        d.ipFamily = f;
                    }
                }
            }
            case "retry" -> d.retry = unsignedOr(s, VS, 1, 0xFFFF_FFFFL, d.retry);
            case "delay_before_retry" -> d.delayBeforeRetry = timerOr(s, VS, Duration.ZERO, d.delayBeforeRetry);
            case "warmup" -> d.warmup = timerOr(s, VS, Duration.ZERO, d.warmup);
            case "connect_timeout" -> d.connectTimeout = timerOr(s, VS, ONE_MICRO, d.connectTimeout);
            case "delay_loop" -> d.delayLoop = timerOr(s, VS, ONE_MICRO, d.delayLoop);
            case "inhibit_on_failure" -> d.inhibitOnFailure = flagOr(s, VS, d.inhibitOnFailure);
            case "lb_algo", "lvs_sched" -> {
                String v = string(s, VS);
                if (v != null) {
                    if (SCHEDULERS.contains(v)) {
                        d.scheduler = v;
                    } else {
                        error(
                                s.arg(0).position(),
                                VS,
                                s.name() + " '" + v + "' unknown (" + String.join("|", SCHEDULERS) + ")");
                    }
                }
            }
            case "hashed" -> {
                if (bareFlag(s, VS)) {
                    warning(s.position(), VS, "hashed has no effect - ignored");
                }
            }
            case "ops" -> {
                if (bareFlag(s, VS)) {
                    d.onePacket = true;
                    d.onePacketAt = s.keyword();
                }
            }
            case "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback" -> {
                if (bareFlag(s, VS)) {
                    d.flags.add(SchedulerFlag.fromKeyword(s.name()));
                    d.flagTokens.add(s.keyword());
                }
            }
            case "lb_kind", "lvs_method" -> {
                LvsMethod m = method(s, VS);
                if (m != null) {
                    d.method = m;
                }
            }
            case "persistence_engine" -> {
                String v = string(s, VS);
                if (v != null && v.length() > MAX_PE_NAME) {
                    error(
                            s.arg(0).position(),
                            VS,
                            "persistence_engine '" + v + "' is longer than " + MAX_PE_NAME + " characters");
                } else if (v != null) {
                    d.persistenceEngine = v;
                }
            }
            case "persistence_timeout" -> {
                if (leaf(s, VS)) {
                    extraArgs(s, VS, 1);
                    if (s.argCount() == 0) {
                        d.persistenceTimeout = Persistence.DEFAULT_TIMEOUT;
                    } else {
                        Integer t = unsignedInt(s.arg(0), VS, s.name(), 1, LVS_MAX_TIMEOUT);
                        if (t != null) {
                            d.persistenceTimeout = t;
                        }
                    }
                }
            }
            case "persistence_granularity" -> granularity(s, d);
            case "protocol" -> {
                String v = string(s, VS);
                if (v != null) {
                    Protocol p = Protocol.fromKeyword(v);
                    if (p == null) {
                        error(s.arg(0).position(), VS, "protocol '" + v + "' unknown (TCP|UDP|SCTP)");
                    } else {
                        d.protocol = p;
                        d.protocolAt = s.keyword();
                    }
                }
            }
            case "ha_suspend" -> {
                if (bareFlag(s, VS)) {
                    d.haSuspend = true;
                    d.haSuspendAt = s.keyword();
                }
            }
            case "smtp_alert" -> d.smtpAlert = flagOr(s, VS, d.smtpAlert);
            case "virtualhost" -> d.virtualhost = stringOr(s, VS, d.virtualhost);
            case "snmp_name" -> d.snmpName = stringOr(s, VS, d.snmpName);
            case "alpha" -> d.alpha |= bareFlag(s, VS);
            case "omega" -> d.omega |= bareFlag(s, VS);
            case "quorum_up" -> d.quorumUp = scriptOnce(s, VS, d.quorumUp);
            case "quorum_down" -> d.quorumDown = scriptOnce(s, VS, d.quorumDown);
            case "quorum" -> d.quorum = unsignedOr(s, VS, 1, 0xFFFF_FFFFL, d.quorum);
            case "hysteresis" -> d.hysteresis = unsignedOr(s, VS, 0, 0xFFFF_FFFFL, d.hysteresis);
            case "weight" -> d.weight = unsignedIntOr(s, VS, 1, 65535, d.weight);
            case "sorry_server" -> {
                if (leaf(s, VS) && needArgs(s, VS, 1)) {
                    extraArgs(s, VS, 2);
                    IpAddress a = address(s.arg(0), VS, s.name());
                    Integer port = s.argCount() > 1 ? port(s.arg(1), VS, s.name() + " port", true) : Integer.valueOf(0);
                    if (a != null && port != null) {
                        d.sorryServer = new Endpoint(a, port);
                        d.sorryServerAt = s.keyword();
                    }
                }
            }
            case "sorry_server_inhibit" -> {
                if (bareFlag(s, VS)) {
                    d.sorryInhibit = true;
                    d.sorryInhibitAt = s.keyword();
                }
            }
            case "sorry_server_lvs_method" -> {
                LvsMethod m = method(s, VS);
                if (m != null) {
                    d.sorryMethod = m;
                    d.sorryMethodAt = s.keyword();
                }
            }
            case "real_server" -> {
                RealServerDraft r = realServer(s);
                if (r != null) {
                    d.reals.add(r);
                }
            }
            case "laddr_group_name" -> {
                String v = string(s, VS);
                if (v != null) {
                    d.localAddressGroup = v;
                    d.localAddressGroupAt = s.arg(0);
                }
            }
            case "syn_proxy" -> {
                if (bareFlag(s, VS)) {
                    d.synProxy = true;
                    d.synProxyAt = s.keyword();
                }
            }
            case "est_timeout" -> d.establishedTimeout = unsignedIntOr(s, VS, 1, LVS_MAX_TIMEOUT, d.establishedTimeout);
            case "vip_bind_dev" -> {
                if (value(s, VS, 1)) {
                    warning(
                            s.position(),
                            VS,
                            "vip_bind_dev ignored: jlvs answers ARP/NDP for the VIP itself and the"
                                    + " kernel must not hold it (DESIGN.md §3.9)");
                }
            }
            case "client_address" -> {
                String v = string(s, VS);
                if (v != null) {
                    ClientAddressMode m = ClientAddressMode.fromKeyword(v);
                    if (m == null) {
                        error(
                                s.arg(0).position(),
                                VS,
                                "client_address '" + v + "' unknown (none|toa|proxy_v1|proxy_v2)");
                    } else {
                        d.clientAddress = m;
                        d.clientAddressAt = s.arg(0);
                    }
                }
            }
            case "toa_in_syn" -> {
                d.toaInSyn = flagOr(s, VS, d.toaInSyn);
                d.toaInSynAt = s.keyword();
            }
            case "toa_ipv6_kind" -> {
                d.toaIpv6Kind = unsignedIntOr(
                        s,
                        VS,
                        ClientAddressSpec.TOA_IPV6_KIND_ALIBABA,
                        ClientAddressSpec.TOA_IPV6_KIND_DPVS,
                        d.toaIpv6Kind);
                d.toaIpv6KindAt = s.keyword();
            }
            case "drain_timeout" -> d.drainTimeout = timerOr(s, VS, Duration.ZERO, d.drainTimeout);
            case "idle_grace" -> {
                d.idleGrace = timerOr(s, VS, Duration.ZERO, d.idleGrace);
                d.idleGraceAt = s.keyword();
            }
            case "drain_on_failure" -> d.drainOnFailure = flagOr(s, VS, d.drainOnFailure);
            case "drain_on_removal" -> d.drainOnRemoval = flagOr(s, VS, d.drainOnRemoval);
            case "slow_start" -> d.slowStart = unsignedIntOr(s, VS, 0, RealServerConfig.MAX_SLOW_START, d.slowStart);
            default -> unknown(s, VS);
        }
    }

    /**
     * {@code persistence_granularity}: an IPv4 netmask or an IPv6 prefix length. Like keepalived, the
     * family is the service's when known and otherwise guessed from a '.' in the value.
     */
    private void granularity(Statement s, VirtualServerDraft d) {
        if (!value(s, VS, 1)) {
            return;
        }
        Token t = s.arg(0);
        AddressFamily f = d.ipFamily;
        if (f == null && d.address instanceof VirtualAddress.Ip ip) {
            f = ip.endpoint().address().family();
        }
        if (f == null) {
            f = t.text().indexOf('.') >= 0 ? AddressFamily.INET : AddressFamily.INET6;
        }
        if (f == AddressFamily.INET6) {
            Integer prefix = unsignedInt(t, VS, s.name(), 1, 128);
            if (prefix != null) {
                d.granularity = new PersistenceGranularity(f, prefix);
            }
        } else {
            var mask = IpAddress.parse(t.text());
            if (mask.isEmpty() || !mask.get().isV4()) {
                error(t.position(), VS, "persistence_granularity '" + t.text() + "' is not an IPv4 netmask");
            } else {
                d.granularity = new PersistenceGranularity(f, mask.get().v4());
            }
        }
        if (d.ipFamily == null && !(d.address instanceof VirtualAddress.Ip)) {
            d.ipFamily = f;
        }
    }

    /**
     * {@code lb_kind}/{@code lvs_method}: NAT|DR|TUN|FNAT, TUN with {@code type ipip|gue port N|gre}
     * and {@code nocsum|csum|remcsum} (keepalived svr_forwarding_handler's rules).
     */
    LvsMethod method(Statement s, String ctx) {
        if (!leaf(s, ctx) || !needArgs(s, ctx, 1)) {
            return null;
        }
        Token w = s.arg(0);
        ForwardingMethod m = ForwardingMethod.fromKeyword(w.text());
        if (m == null) {
            error(w.position(), ctx, s.name() + " '" + w.text() + "' unknown (NAT|DR|TUN|FNAT)");
            return null;
        }
        TunnelType type = TunnelType.IPIP;
        int port = 0;
        TunnelChecksum csum = TunnelChecksum.NOCSUM;
        for (int i = 1; i < s.argCount(); i++) {
            Token o = s.arg(i);
            if (m != ForwardingMethod.TUN) {
                error(
                        o.position(),
                        ctx,
                        s.name() + " " + w.text() + ": '" + o.text() + "' - tunnel options apply to TUN only");
                return null;
            }
            switch (o.text()) {
                case "type" -> {
                    if (i + 1 >= s.argCount()) {
                        error(o.position(), ctx, s.name() + ": type needs ipip|gue|gre");
                        return null;
                    }
                    Token v = s.arg(++i);
                    type = TunnelType.fromKeyword(v.text());
                    if (type == null) {
                        error(v.position(), ctx, s.name() + ": tunnel type '" + v.text() + "' unknown (ipip|gue|gre)");
                        return null;
                    }
                }
                case "port" -> {
                    if (i + 1 >= s.argCount()) {
                        error(o.position(), ctx, s.name() + ": port needs a number");
                        return null;
                    }
                    Integer p = port(s.arg(++i), ctx, "tunnel port", false);
                    if (p == null) {
                        return null;
                    }
                    port = p;
                }
                case "nocsum", "csum", "remcsum" -> csum = TunnelChecksum.fromKeyword(o.text());
                default -> {
                    error(o.position(), ctx, s.name() + ": tunnel option '" + o.text() + "' unknown");
                    return null;
                }
            }
        }
        if ((type == TunnelType.GUE) != (port != 0)) {
            error(w.position(), ctx, s.name() + ": gue tunnels need a port, ipip and gre take none");
            return null;
        }
        if (type == TunnelType.IPIP && csum != TunnelChecksum.NOCSUM) {
            error(w.position(), ctx, s.name() + ": ipip tunnels have no checksum option");
            return null;
        }
        if (type == TunnelType.GRE && csum == TunnelChecksum.REMCSUM) {
            error(w.position(), ctx, s.name() + ": gre tunnels do not support remcsum");
            return null;
        }
        return new LvsMethod(m, type, port, csum);
    }

    private RealServerDraft realServer(Statement st) {
        RealServerDraft r = new RealServerDraft(st);
        boolean ok = false;
        if (!st.hasBlock()) {
            needBlock(st, VS);
            return null;
        }
        if (st.argCount() == 0) {
            error(st.position(), VS, "real_server needs an address [port]");
        } else {
            extraArgs(st, VS, 2);
            IpAddress a = address(st.arg(0), RS, null);
            Integer port = st.argCount() > 1 ? port(st.arg(1), RS, null, true) : Integer.valueOf(0);
            if (a != null && port != null) {
                r.address = a;
                r.port = port;
                ok = true;
            }
        }
        for (Statement s : st.block) {
            realKeyword(s, r);
        }
        return ok ? r : null;
    }

    private void realKeyword(Statement s, RealServerDraft r) {
        switch (s.name()) {
            // ipvsadm's range; keepalived itself would take up to INT32_MAX.
            case "weight" -> r.weight = unsignedIntOr(s, RS, 0, 65535, r.weight);
            case "lvs_method" -> {
                LvsMethod m = method(s, RS);
                if (m != null) {
                    r.method = m;
                }
            }
            case "uthreshold" -> r.upperThreshold = unsignedOr(s, RS, 0, 0xFFFF_FFFFL, r.upperThreshold);
            case "lthreshold" -> r.lowerThreshold = unsignedOr(s, RS, 0, 0xFFFF_FFFFL, r.lowerThreshold);
            case "inhibit_on_failure" -> r.inhibit = flagOr(s, RS, r.inhibit);
            case "slow_start" -> r.slowStart = unsignedIntOr(s, RS, 0, RealServerConfig.MAX_SLOW_START, r.slowStart);
            case "alpha" -> r.alpha = flagOr(s, RS, r.alpha);
            case "notify_up" -> r.notifyUp = scriptOnce(s, RS, r.notifyUp);
            case "notify_down" -> r.notifyDown = scriptOnce(s, RS, r.notifyDown);
            case "retry" -> r.retry = unsignedOr(s, RS, 1, 0xFFFF_FFFFL, r.retry);
            case "delay_before_retry" -> r.delayBeforeRetry = timerOr(s, RS, Duration.ZERO, r.delayBeforeRetry);
            case "warmup" -> r.warmup = timerOr(s, RS, Duration.ZERO, r.warmup);
            case "connect_timeout" -> r.connectTimeout = timerOr(s, RS, ONE_MICRO, r.connectTimeout);
            case "delay_loop" -> r.delayLoop = timerOr(s, RS, ONE_MICRO, r.delayLoop);
            case "smtp_alert" -> r.smtpAlert = flagOr(s, RS, r.smtpAlert);
            case "virtualhost" -> r.virtualhost = stringOr(s, RS, r.virtualhost);
            case "snmp_name" -> r.snmpName = stringOr(s, RS, r.snmpName);
            default -> {
                if (CheckerParser.TYPES.contains(s.name())) {
                    CheckerDraft c = checkers.parse(s, RS);
                    if (c != null) {
                        r.checkers.add(c);
                    }
                } else {
                    unknown(s, RS);
                }
            }
        }
    }

    /** keepalived keeps the first notify/quorum script and reports the second. */
    private Script scriptOnce(Statement s, String ctx, Script current) {
        Script sc = script(s, ctx);
        if (sc != null && current != null) {
            warning(s.position(), ctx, s.name() + " given twice - the first one is used");
            return current;
        }
        return sc == null ? current : sc;
    }
}
