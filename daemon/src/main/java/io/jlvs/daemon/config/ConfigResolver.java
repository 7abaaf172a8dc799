package io.jlvs.daemon.config;

import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.daemon.config.Drafts.CheckerDraft;
import io.jlvs.daemon.config.Drafts.RealServerDraft;
import io.jlvs.daemon.config.Drafts.VirtualServerDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * keepalived's validate_check_config() pass, and jlvs's own checks: defaults, inheritance from
 * virtual to real server to checker, the corrections keepalived makes with a warning (ports of DR/TUN
 * real servers, one-packet scheduling on TCP, quorum above the total weight), and the errors that
 * make a file unusable (duplicates, overlapping services, undefined groups, FULLNAT without local
 * addresses, SYNPROXY behind DR/TUN).
 */
final class ConfigResolver extends ParserSupport {
    static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final String DEFAULT_SCHEDULER = "wlc";
    static final String DEFAULT_HELO = "smtpchecker.keepalived.org";

    private static final String VS = "virtual_server";
    private static final String RS = "real_server";

    private final GlobalDefs global;
    private final List<VirtualServerGroup> groups;
    private final List<LocalAddressGroup> localGroups;

    ConfigResolver(
            Diagnostics diag, GlobalDefs global, List<VirtualServerGroup> groups, List<LocalAddressGroup> localGroups) {
        super(diag);
        this.global = global;
        this.groups = groups;
        this.localGroups = localGroups;
    }

    List<VirtualServer> resolve(List<VirtualServerDraft> drafts) {
        List<VirtualServer> out = new ArrayList<>();
        for (VirtualServerDraft d : drafts) {
            VirtualServer vs = virtualServer(d);
            if (vs != null) {
                out.add(vs);
            }
        }
        new ServiceOverlap(diag, groups).check(out);
        return out;
    }

    private VirtualServer virtualServer(VirtualServerDraft d) {
        SourcePosition at = d.statement.position();
        VirtualServerGroup group = null;
        if (d.address instanceof VirtualAddress.Group g) {
            group = groups.stream()
                    .filter(x -> x.name().equals(g.name()))
                    .findFirst()
                    .orElse(null);
            if (group == null) {
                error(
                        d.statement.arg(1).position(),
                        VS,
                        "group '" + g.name() + "' is not a defined virtual_server_group");
                return null;
            }
        }
        boolean addressBased = d.address instanceof VirtualAddress.Ip
                || (group != null && !group.addresses().isEmpty());
        String name = describe(d);
        if (d.reals.isEmpty()) {
            warning(at, VS, name + " has no real servers - ignored, as keepalived does");
            return null;
        }

        // Forwarding method: keepalived defaults to NAT, and says so when a server needs it.
        LvsMethod method = d.method;
        boolean methodNeeded =
                d.reals.stream().anyMatch(r -> r.method == null) || (d.sorryServer != null && d.sorryMethod == null);
        if (method == null) {
            if (methodNeeded) {
                warning(at, VS, name + ": no lb_kind set - using NAT");
            }
            method = LvsMethod.NAT;
        }

        AddressFamily family = family(d, group, method);
        if (family == null) {
            return null;
        }

        // Protocol: an address needs one (keepalived picks UDP, as the kernel would for 0);
        // a firewall mark makes it meaningless.
        Optional<Protocol> protocol = Optional.ofNullable(d.protocol);
        if (addressBased && d.protocol == null) {
            warning(at, VS, name + ": no protocol set - using UDP, as keepalived does");
            protocol = Optional.of(Protocol.UDP);
        } else if (!addressBased && d.protocol != null) {
            warning(d.protocolAt.position(), VS, name + ": protocol is ignored for a fwmark service");
            protocol = Optional.empty();
        }

        boolean onePacket = d.onePacket;
        if (onePacket && addressBased && protocol.orElse(null) != Protocol.UDP) {
            warning(d.onePacketAt.position(), VS, name + ": ops (one-packet scheduling) needs protocol UDP - ignored");
            onePacket = false;
        }

        // Persistence: a granularity implies persistence; port 0 requires it.
        int timeout = d.persistenceTimeout == null ? 0 : d.persistenceTimeout;
        if (timeout == 0 && d.granularity != null) {
            timeout = Persistence.DEFAULT_TIMEOUT;
        }
        if (timeout == 0 && portZero(d, group)) {
            warning(
                    at,
                    VS,
                    name + ": port 0 is only valid for a persistent service - setting persistence_timeout "
                            + Persistence.DEFAULT_TIMEOUT);
            timeout = Persistence.DEFAULT_TIMEOUT;
        }
        PersistenceGranularity granularity = d.granularity != null && d.granularity.family() == family
                ? d.granularity
                : PersistenceGranularity.host(family);
        if (d.granularity != null && d.granularity.family() != family) {
            error(
                    at,
                    VS,
                    name + ": persistence_granularity " + d.granularity + " does not fit an "
                            + (family == AddressFamily.INET ? "IPv4" : "IPv6") + " service");
        }

        boolean haSuspend = d.haSuspend;
        if (haSuspend
                && (d.address instanceof VirtualAddress.Fwmark
                        || (group != null && !group.fwmarks().isEmpty()))) {
            warning(d.haSuspendAt.position(), VS, name + ": ha_suspend cannot be used with fwmarks - ignored");
            haSuspend = false;
        }

        String scheduler = d.scheduler;
        if (scheduler == null) {
            warning(at, VS, name + ": no lb_algo set - using " + DEFAULT_SCHEDULER);
            scheduler = DEFAULT_SCHEDULER;
        }
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        for (Token t : d.flagTokens) {
            SchedulerFlag f = SchedulerFlag.fromKeyword(t.text());
            boolean sh = f == SchedulerFlag.SH_PORT || f == SchedulerFlag.SH_FALLBACK;
            boolean mh = f == SchedulerFlag.MH_PORT || f == SchedulerFlag.MH_FALLBACK;
            if ((sh && !scheduler.equals("sh")) || (mh && !scheduler.equals("mh"))) {
                warning(
                        t.position(),
                        VS,
                        t.text() + " applies to the " + (sh ? "sh" : "mh") + " scheduler only - ignored");
            } else {
                flags.add(f);
            }
        }

        Duration delayLoop = d.delayLoop == null ? DEFAULT_DELAY_LOOP : d.delayLoop;
        boolean vsSmtpAlert = d.smtpAlert != null
                ? d.smtpAlert
                : global.notification()
                        .smtpAlertChecker()
                        .or(() -> global.notification().smtpAlert())
                        .orElse(false);

        // Real servers.
        List<RealServer> reals = new ArrayList<>();
        for (RealServerDraft r : d.reals) {
            RealServer rs = realServer(d, r, method, family, group, name);
            if (rs == null) {
                continue;
            }
            RealServer dup = reals.stream()
                    .filter(x -> x.endpoint().equals(rs.endpoint()))
                    .findFirst()
                    .orElse(null);
            if (dup != null) {
                error(r.statement.position(), RS, rs.endpoint() + " already defined at " + dup.position());
                continue;
            }
            reals.add(rs);
        }

        Optional<SorryServer> sorry = sorryServer(d, method, family, group, reals, name);

        // Quorum: never above what the real servers can reach, hysteresis below the quorum.
        long weightSum = reals.stream().mapToLong(RealServer::weight).sum();
        long quorum = d.quorum == null ? 1 : d.quorum;
        if (quorum > weightSum && !reals.isEmpty()) {
            warning(
                    at,
                    VS,
                    name + ": quorum " + quorum + " exceeds the total weight " + weightSum
                            + " of the real servers - using " + weightSum);
            quorum = weightSum;
        }
        long hysteresis = d.hysteresis == null ? 0 : d.hysteresis;
        if (hysteresis > 0 && hysteresis >= quorum) {
            long h = Math.max(0, quorum - 1);
            warning(at, VS, name + ": hysteresis " + hysteresis + " >= quorum " + quorum + " - using " + h);
            hysteresis = h;
        }

        // alibaba/LVS and jlvs additions.
        boolean fullNat = method.method() == ForwardingMethod.FULLNAT
                || reals.stream().anyMatch(r -> r.method().method() == ForwardingMethod.FULLNAT)
                || sorry.map(s -> s.method().method() == ForwardingMethod.FULLNAT)
                        .orElse(false);
        Optional<String> localGroup = Optional.ofNullable(d.localAddressGroup);
        if (localGroup.isPresent()
                && localGroups.stream().noneMatch(g -> g.name().equals(d.localAddressGroup))) {
            error(
                    d.localAddressGroupAt.position(),
                    VS,
                    "laddr_group_name '" + d.localAddressGroup + "' is not a defined local_address_group");
        } else if (fullNat && localGroup.isEmpty()) {
            error(at, VS, name + ": lb_kind FNAT needs laddr_group_name (the local addresses FULLNAT connects from)");
        } else if (!fullNat && localGroup.isPresent()) {
            warning(d.localAddressGroupAt.position(), VS, "laddr_group_name is used by lb_kind FNAT only - ignored");
        }
        if (d.synProxy) {
            boolean allSeeReplies =
                    reals.stream().allMatch(r -> r.method().method().seesReplies())
                            && method.method().seesReplies();
            if (!allSeeReplies) {
                error(
                        d.synProxyAt.position(),
                        VS,
                        "syn_proxy needs lb_kind NAT or FNAT: with DR or TUN the director"
                                + " never sees the real server's SYN-ACK");
            } else if (protocol.isPresent() && protocol.get() != Protocol.TCP) {
                error(d.synProxyAt.position(), VS, "syn_proxy applies to TCP services only");
            }
        }
        ClientAddressSpec clientAddress =
                clientAddress(d, fullNat, method.method() == ForwardingMethod.NAT, protocol, name);

        boolean anySeesReplies =
                reals.stream().anyMatch(r -> r.method().method().seesReplies());
        if (d.idleGrace != null && !anySeesReplies && !reals.isEmpty()) {
            warning(
                    d.idleGraceAt.position(),
                    VS,
                    "idle_grace has no effect with DR or TUN: the director does not see" + " the replies");
        }
        DrainPolicy drain = new DrainPolicy(
                Optional.ofNullable(d.drainTimeout),
                Optional.ofNullable(d.idleGrace),
                d.drainOnFailure,
                d.drainOnRemoval);

        return new VirtualServer(
                d.address,
                protocol,
                family,
                scheduler,
                flags,
                onePacket,
                method,
                new Persistence(timeout, Optional.ofNullable(d.persistenceEngine), granularity),
                sorry,
                new Quorum(
                        quorum,
                        hysteresis,
                        Optional.ofNullable(d.quorumUp),
                        Optional.ofNullable(d.quorumDown),
                        d.alpha,
                        d.omega),
                delayLoop,
                d.inhibitOnFailure,
                haSuspend,
                Optional.ofNullable(d.virtualhost),
                vsSmtpAlert,
                Optional.ofNullable(d.snmpName),
                localGroup,
                d.synProxy,
                d.establishedTimeout == null ? OptionalInt.empty() : OptionalInt.of(d.establishedTimeout),
                clientAddress,
                drain,
                reals,
                at);
    }

    /** How messages name a service before its protocol default is known. */
    private static String describe(VirtualServerDraft d) {
        String proto = d.protocol == null ? "" : d.protocol.name() + " ";
        return switch (d.address) {
            case VirtualAddress.Ip ip -> proto + ip.endpoint();
            case VirtualAddress.Fwmark fw -> "FWM " + fw.mark();
            case VirtualAddress.Group g -> proto + "group " + g.name();
        };
    }

    private static boolean portZero(VirtualServerDraft d, VirtualServerGroup group) {
        if (d.address instanceof VirtualAddress.Ip ip) {
            return ip.endpoint().port() == 0;
        }
        return group != null && group.addresses().stream().anyMatch(e -> e.port() == 0);
    }

    /**
     * The service's family: its address's; for a group, its entries'; for a firewall mark, {@code
     * ip_family}, else that of its real servers (tunnelled ones only count when all are tunnelled,
     * keepalived's rule), else IPv4.
     */
    private AddressFamily family(VirtualServerDraft d, VirtualServerGroup group, LvsMethod vsMethod) {
        if (d.address instanceof VirtualAddress.Ip ip) {
            return ip.endpoint().address().family();
        }
        AddressFamily f = d.ipFamily;
        if (group != null) {
            boolean v4 = group.addresses().stream().anyMatch(e -> e.range().family() == AddressFamily.INET)
                    || group.fwmarks().stream().anyMatch(m -> m.family().orElse(null) == AddressFamily.INET);
            boolean v6 = group.addresses().stream().anyMatch(e -> e.range().family() == AddressFamily.INET6)
                    || group.fwmarks().stream().anyMatch(m -> m.family().orElse(null) == AddressFamily.INET6);
            if (v4 && v6) {
                boolean allTunnel = d.reals.stream()
                        .allMatch(r -> (r.method == null ? vsMethod : r.method).method() == ForwardingMethod.TUN);
                if (!allTunnel) {
                    error(
                            d.statement.position(),
                            VS,
                            "group " + group.name() + " mixes IPv4 and IPv6: only tunnelled"
                                    + " real servers can serve both");
                    return null;
                }
            }
            if (f == null && (v4 != v6)) {
                f = v4 ? AddressFamily.INET : AddressFamily.INET6;
            }
        }
        if (f == null) {
            for (RealServerDraft r : d.reals) {
                LvsMethod m = r.method == null ? vsMethod : r.method;
                if (m.method() != ForwardingMethod.TUN && r.address != null) {
                    f = r.address.family();
                    break;
                }
            }
        }
        if (f == null
                && d.sorryServer != null
                && (d.sorryMethod == null ? vsMethod : d.sorryMethod).method() != ForwardingMethod.TUN) {
            f = d.sorryServer.address().family();
        }
        if (f == null) {
            AddressFamily common = null;
            boolean mixed = false;
            for (RealServerDraft r : d.reals) {
                if (r.address == null) {
                    continue;
                }
                if (common == null) {
                    common = r.address.family();
                } else if (common != r.address.family()) {
                    mixed = true;
                }
            }
            f = common == null || mixed ? AddressFamily.INET : common;
        }
        return f;
    }

    private RealServer realServer(
            VirtualServerDraft d,
            RealServerDraft r,
            LvsMethod vsMethod,
            AddressFamily family,
            VirtualServerGroup group,
            String vsName) {
        LvsMethod method = r.method == null ? vsMethod : r.method;
        SourcePosition at = r.statement.position();
        // Tunnelled servers may be of the other family (IPVS_DEST_ATTR_ADDR_FAMILY); others may not.
        if (method.method() != ForwardingMethod.TUN && r.address.family() != family) {
            error(
                    at,
                    RS,
                    r.address + " is " + (r.address.isV4() ? "IPv4" : "IPv6") + " but " + vsName + " is "
                            + (family == AddressFamily.INET ? "IPv4" : "IPv6") + " (only TUN real servers may differ)");
            return null;
        }
        int port = fixPort(d, group, method, r.port, at, "real server " + r.address, vsName);

        Long retry = r.retry != null ? r.retry : d.retry;
        Duration connectTimeout = first(r.connectTimeout, d.connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        Duration delayLoop = first(r.delayLoop, d.delayLoop, DEFAULT_DELAY_LOOP);
        Duration warmup = r.warmup != null ? r.warmup : d.warmup;
        Duration delayBeforeRetry = r.delayBeforeRetry != null ? r.delayBeforeRetry : d.delayBeforeRetry;
        boolean alpha = r.alpha != null ? r.alpha : d.alpha;
        boolean inhibit = r.inhibit != null ? r.inhibit : d.inhibitOnFailure;
        // keepalived keeps real-server mail on by default "to maintain backwards compatibility".
        boolean smtpAlert = r.smtpAlert != null
                ? r.smtpAlert
                : global.notification()
                        .smtpAlertChecker()
                        .or(() -> global.notification().smtpAlert())
                        .orElse(true);
        Endpoint endpoint = new Endpoint(r.address, port);
        Optional<String> virtualhost = Optional.ofNullable(r.virtualhost);
        Optional<String> effectiveHost = virtualhost.or(() -> Optional.ofNullable(d.virtualhost));

        List<Checker> checkers = new ArrayList<>();
        for (CheckerDraft c : r.checkers) {
            Checker checker = checker(
                    c,
                    endpoint,
                    alpha,
                    retry,
                    connectTimeout,
                    delayLoop,
                    warmup,
                    delayBeforeRetry,
                    effectiveHost,
                    d.delayLoop == null ? DEFAULT_DELAY_LOOP : d.delayLoop);
            if (checker != null) {
                checkers.add(checker);
            }
        }
        return new RealServer(
                endpoint,
                r.weight != null ? r.weight : d.weight != null ? d.weight : 1,
                method,
                r.upperThreshold == null ? 0 : r.upperThreshold,
                r.lowerThreshold == null ? 0 : r.lowerThreshold,
                r.slowStart != null ? r.slowStart : d.slowStart != null ? d.slowStart : 0,
                inhibit,
                alpha,
                Optional.ofNullable(r.notifyUp),
                Optional.ofNullable(r.notifyDown),
                virtualhost,
                smtpAlert,
                Optional.ofNullable(r.snmpName),
                checkers,
                at);
    }

    /**
     * keepalived's port rules: NAT (and FULLNAT, which also translates ports) may map to any port and
     * takes the service's when none is given; DR and TUN cannot change the port, so a differing one
     * is reset (a firewall-mark service's is cleared) with a warning.
     */
    private int fixPort(
            VirtualServerDraft d,
            VirtualServerGroup group,
            LvsMethod method,
            int port,
            SourcePosition at,
            String what,
            String vsName) {
        boolean translates = method.method() == ForwardingMethod.NAT || method.method() == ForwardingMethod.FULLNAT;
        if (d.address instanceof VirtualAddress.Ip ip) {
            int vport = ip.endpoint().port();
            if (port == 0) {
                return vport;
            }
            if (!translates && port != vport) {
                warning(
                        at,
                        RS,
                        what + ":" + port + " - port differs from " + vsName + " and "
                                + method.method().keyword() + " cannot change it - using " + vport);
                return vport;
            }
            return port;
        }
        if (d.address instanceof VirtualAddress.Fwmark) {
            if (!translates && port != 0) {
                warning(
                        at,
                        RS,
                        what + ":" + port + " - a " + method.method().keyword() + " server of a fwmark service"
                                + " keeps the packet's port - port cleared");
                return 0;
            }
            return port;
        }
        if (group != null && !translates && port != 0) {
            for (VirtualServerGroup.Entry e : group.addresses()) {
                if (e.port() != 0 && e.port() != port) {
                    warning(
                            at,
                            RS,
                            what + ":" + port + " - port differs from " + e + " of group " + group.name() + " and "
                                    + method.method().keyword() + " cannot change it");
                }
            }
        }
        return port;
    }

    private Optional<SorryServer> sorryServer(
            VirtualServerDraft d,
            LvsMethod vsMethod,
            AddressFamily family,
            VirtualServerGroup group,
            List<RealServer> reals,
            String vsName) {
        if (d.sorryServer == null) {
            if (d.sorryInhibitAt != null) {
                warning(d.sorryInhibitAt.position(), VS, "sorry_server_inhibit without sorry_server - ignored");
            }
            if (d.sorryMethodAt != null) {
                warning(d.sorryMethodAt.position(), VS, "sorry_server_lvs_method without sorry_server - ignored");
            }
            return Optional.empty();
        }
        LvsMethod method = d.sorryMethod == null ? vsMethod : d.sorryMethod;
        SourcePosition at = d.sorryServerAt.position();
        if (method.method() != ForwardingMethod.TUN && d.sorryServer.address().family() != family) {
            error(at, VS, "sorry_server " + d.sorryServer.address() + " is not of the family of " + vsName);
            return Optional.empty();
        }
        int port = d.sorryServer.port();
        boolean translates = method.method() == ForwardingMethod.NAT || method.method() == ForwardingMethod.FULLNAT;
        if (!translates) {
            port = fixPort(d, group, method, port, at, "sorry server " + d.sorryServer.address(), vsName);
        }
        Endpoint endpoint = new Endpoint(d.sorryServer.address(), port);
        boolean inhibit = d.sorryInhibit;
        for (RealServer r : reals) {
            if (r.endpoint().equals(endpoint) && r.inhibitOnFailure() != inhibit) {
                warning(
                        at,
                        VS,
                        "sorry_server " + endpoint + " is also a real server with a different"
                                + " inhibit_on_failure - using the real server's");
                inhibit = r.inhibitOnFailure();
            }
        }
        return Optional.of(new SorryServer(endpoint, method, inhibit));
    }

    private ClientAddressSpec clientAddress(
            VirtualServerDraft d, boolean fullNat, boolean nat, Optional<Protocol> protocol, String name) {
        ClientAddressMode m = clientAddressMode(d, fullNat, nat, protocol, name);
        if (m != ClientAddressMode.TOA) {
            for (Token option : new Token[] {d.toaInSynAt, d.toaIpv6KindAt}) {
                if (option != null) {
                    error(
                            option.position(),
                            VS,
                            option.text() + " needs client_address toa (" + name + " passes " + m.keyword() + ")");
                }
            }
            return ClientAddressSpec.of(m);
        }
        return new ClientAddressSpec(
                m, d.toaInSyn, d.toaIpv6Kind == null ? ClientAddressSpec.TOA_IPV6_KIND_ALIBABA : d.toaIpv6Kind);
    }

    private ClientAddressMode clientAddressMode(
            VirtualServerDraft d, boolean fullNat, boolean nat, Optional<Protocol> protocol, String name) {
        boolean tcp = protocol.map(p -> p == Protocol.TCP).orElse(true);
        if (d.clientAddress == null) {
            // alibaba/LVS inserts TOA on every FULLNAT TCP connection.
            return fullNat && protocol.orElse(null) == Protocol.TCP ? ClientAddressMode.TOA : ClientAddressMode.NONE;
        }
        SourcePosition at = d.clientAddressAt.position();
        ClientAddressMode m = d.clientAddress;
        if (m == ClientAddressMode.TOA && !fullNat) {
            error(
                    at,
                    VS,
                    "client_address " + m.keyword() + " needs lb_kind FNAT (NAT, DR and TUN keep the client's"
                            + " address)");
        } else if (m != ClientAddressMode.NONE && !fullNat && !nat) {
            // A PROXY header also serves NAT real servers whose software expects one; DR and TUN
            // never rewrite the stream, so they cannot insert it.
            error(at, VS, "client_address " + m.keyword() + " needs lb_kind NAT or FNAT (" + name + ")");
        } else if ((m == ClientAddressMode.TOA || m == ClientAddressMode.PROXY_V1) && !tcp) {
            error(at, VS, "client_address " + m.keyword() + " needs protocol TCP (" + name + ")");
        }
        return m;
    }

    private Checker checker(
            CheckerDraft c,
            Endpoint rs,
            boolean rsAlpha,
            Long rsRetry,
            Duration rsConnectTimeout,
            Duration rsDelayLoop,
            Duration rsWarmup,
            Duration rsDelayBeforeRetry,
            Optional<String> virtualhost,
            Duration vsDelayLoop) {
        String type = c.type;
        if (type.equals("BFD_CHECK")) {
            return new BfdCheck(c.name, c.alpha != null ? c.alpha : rsAlpha);
        }
        if (type.equals("FILE_CHECK")) {
            return new FileCheck(
                    c.name, c.fileWeight == null ? OptionalInt.empty() : OptionalInt.of(c.fileWeight), c.fileReverse);
        }
        Duration delayLoop = c.delayLoop != null ? c.delayLoop : rsDelayLoop;
        long defaultRetry =
                switch (type) {
                    case "DNS_CHECK" -> 3;
                    case "MISC_CHECK" -> 0;
                    default -> 1;
                };
        Duration defaultDelayBeforeRetry =
                switch (type) {
                    case "HTTP_GET", "SSL_GET" -> Duration.ofSeconds(3);
                    case "DNS_CHECK" -> delayLoop;
                    default -> Duration.ofSeconds(1);
                };
        CheckTiming timing = new CheckTiming(
                c.retry != null ? c.retry : rsRetry != null ? rsRetry : defaultRetry,
                first(c.delayBeforeRetry, rsDelayBeforeRetry, defaultDelayBeforeRetry),
                first(c.warmup, rsWarmup, delayLoop),
                delayLoop,
                c.alpha != null ? c.alpha : rsAlpha,
                c.logAllFailures != null ? c.logAllFailures : global.checkerLogAllFailures());
        if (type.equals("MISC_CHECK")) {
            // keepalived runs the script for the virtual server's delay loop when no timeout is set.
            Duration timeout =
                    c.miscTimeout == null || c.miscTimeout == 0 ? vsDelayLoop : Duration.ofSeconds(c.miscTimeout);
            return new MiscCheck(
                    new Script(c.miscArgv, Optional.ofNullable(c.user), Optional.ofNullable(c.group)),
                    timeout,
                    c.miscDynamic,
                    timing);
        }
        ConnectOptions connect = connect(c, rs, rsConnectTimeout);
        if (connect == null) {
            return null;
        }
        return switch (type) {
            case "TCP_CHECK" -> new TcpCheck(connect, timing);
            case "PING_CHECK" -> new PingCheck(connect, timing);
            case "HTTP_GET", "SSL_GET" ->
                new HttpCheck(
                        type.equals("SSL_GET"),
                        connect,
                        timing,
                        c.urls,
                        Optional.ofNullable(c.virtualhost).or(() -> virtualhost),
                        c.httpProtocol == null ? "1.0" : c.httpProtocol,
                        c.enableSni != null && c.enableSni,
                        Optional.ofNullable(c.sniName),
                        c.fastRecovery != null && c.fastRecovery,
                        c.tlsCompliant != null && c.tlsCompliant);
            case "UDP_CHECK" ->
                new UdpCheck(
                        connect,
                        timing,
                        Optional.ofNullable(c.payload),
                        c.requireReply,
                        Optional.ofNullable(c.replyPattern),
                        c.minReplyLength == null ? 0 : c.minReplyLength,
                        c.maxReplyLength == null ? 255 : c.maxReplyLength);
            case "DNS_CHECK" ->
                new DnsCheck(
                        connect, timing, c.dnsType == null ? "SOA" : c.dnsType, c.dnsName == null ? "." : c.dnsName);
            case "SMTP_CHECK" -> {
                List<ConnectOptions> hosts = new ArrayList<>();
                for (CheckerDraft h : c.hosts) {
                    ConnectOptions ho = connect(h, rs, rsConnectTimeout);
                    if (ho != null) {
                        hosts.add(ho);
                    }
                }
                yield new SmtpCheck(connect, timing, c.heloName == null ? DEFAULT_HELO : c.heloName, hosts);
            }
            default -> throw new IllegalStateException("checker type " + type);
        };
    }

    private ConnectOptions connect(CheckerDraft c, Endpoint rs, Duration rsConnectTimeout) {
        IpAddress ip = c.connectIp != null ? c.connectIp : rs.address();
        int port = c.connectPort != null ? c.connectPort : rs.port();
        SourcePosition at = c.statement.position();
        if (port == 0 && !c.type.equals("PING_CHECK")) {
            error(at, c.type, "no port to connect to (" + rs.address() + " has none): set connect_port");
            return null;
        }
        if (c.bindTo != null && c.bindTo.isV4() != ip.isV4()) {
            error(at, c.type, "bindto " + c.bindTo + " and target " + ip + " are of different address families");
            return null;
        }
        // A link-local address is ambiguous without an interface (keepalived check_conn_opts).
        if (!ip.isV4() && (ip.hi() >>> 54) == 0x3FA && c.bindInterface == null) {
            error(at, c.type, "link-local target " + ip + " needs bind_if");
            return null;
        }
        return new ConnectOptions(
                new Endpoint(ip, port),
                Optional.ofNullable(c.bindTo),
                c.bindPort == null ? 0 : c.bindPort,
                Optional.ofNullable(c.bindInterface),
                c.fwmark == null ? 0 : c.fwmark,
                c.connectTimeout != null ? c.connectTimeout : rsConnectTimeout);
    }

    private static <T> T first(T a, T b, T c) {
        return a != null ? a : b != null ? b : c;
    }
}
