package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.Family;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.Timeouts;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the recorded command line into an {@link Invocation} the way ipvsadm's {@code
 * parse_options} and {@code process_options} do: the first argument must be a command; the
 * options are taken in order, each parsed and range-checked as it comes (so an earlier error
 * wins); then the {@code --set} values, the scheduler flags, the option table, and the checks
 * that need the whole line.
 */
final class InvocationParser {
    /** ipvsadm's MAX_TIMEOUT: 31 days. */
    static final int MAX_TIMEOUT = 86400 * 31;

    /** IP_VS_SCHEDNAME_MAXLEN - 1: ipvsadm 1.31 copies at most 15 characters of a scheduler name. */
    private static final int SCHEDNAME_MAX = 15;

    /** IP_VS_PENAME_MAXLEN. */
    private static final int PENAME_MAX = 32;

    private static final Set<Opt> TUNNEL_OPTIONS =
            Set.of(Opt.TUN_TYPE, Opt.TUN_PORT, Opt.TUN_NOCSUM, Opt.TUN_CSUM, Opt.TUN_REMCSUM);

    private final NameResolver names;

    InvocationParser(NameResolver names) {
        this.names = names;
    }

    /** The result of ipvsadm's {@code parse_service}: null for SERVICE_NONE. */
    record HostPort(Address address, int port, boolean hasPort) {}

    /**
     * @param readingStdin true for a line of {@code -R} input, where another {@code -R} is refused
     */
    Invocation parse(JlvsadmCommand line, boolean readingStdin) throws UsageFailure {
        List<JlvsadmCommand.Occurrence> occ = line.occurrences;
        if (occ.isEmpty()) {
            throw tryHelp();
        }
        Invocation in = new Invocation();
        JlvsadmCommand.Occurrence first = occ.getFirst();
        if (!first.arg().isCommandLike()) {
            throw tryHelp();
        }
        if (first.arg() == Arg.HELP || first.arg() == Arg.VERSION) {
            throw new IllegalStateException("help and version are handled before parsing");
        }
        in.cmd = first.arg().command();
        if (in.cmd == Cmd.STARTDAEMON) {
            in.daemonState = daemonState(first.value(), "illegal start-daemon parameter specified");
        } else if (in.cmd == Cmd.STOPDAEMON) {
            in.daemonState = daemonState(first.value(), "illegal start_daemon specified");
        }
        for (JlvsadmCommand.Occurrence o : occ.subList(1, occ.size())) {
            option(in, o);
        }

        List<String> rest = new ArrayList<>(line.positionals);
        if (in.cmd == Cmd.DRAIN && in.has(Opt.TIMEOUT)) {
            if (rest.isEmpty()) {
                throw new UsageFailure("--timeout needs a duration with --drain (e.g. 30s, 2m, 500ms)");
            }
            in.drainTimeoutMillis = Durations.millis(rest.removeFirst(), "--timeout");
        }
        if (in.cmd == Cmd.SYSCTL) {
            in.sysctl = first.value();
        }
        if (in.cmd == Cmd.TIMEOUT_SET) {
            if (rest.size() < 3) {
                throw new UsageFailure("--set option requires 3 timeout values");
            }
            in.timeouts = new Timeouts(
                    timeout(rest.get(0), 0, MAX_TIMEOUT),
                    timeout(rest.get(1), 0, MAX_TIMEOUT),
                    timeout(rest.get(2), 0, MAX_TIMEOUT));
            rest.subList(0, 3).clear();
        }
        if (!rest.isEmpty()) {
            throw new UsageFailure("unexpected argument " + rest.getFirst());
        }
        if (!in.schedFlagsArg.isEmpty()) {
            in.schedFlags = schedFlags(
                    in.scheduler.isEmpty() ? ServiceConfig.DEFAULT_SCHEDULER : in.scheduler, in.schedFlagsArg);
        }

        in.cmd.check(in.options);

        if (in.cmd == Cmd.ADD || in.cmd == Cmd.EDIT) {
            if (in.fwmark == 0 && in.port == 0 && !in.has(Opt.PERSISTENT)) {
                throw new UsageFailure("Zero port specified for non-persistent service");
            }
            if (in.has(Opt.ONEPACKET) && in.fwmark == 0 && in.protocol != Protocol.UDP) {
                throw new UsageFailure("One-Packet Scheduling is only for UDP virtual services");
            }
            if ((in.has(Opt.TOA_IN_SYN) || in.has(Opt.TOA_IPV6_KIND)) && in.clientAddress != ClientAddressMode.TOA) {
                throw new UsageFailure("--toa-in-syn and --toa-ipv6-kind go with --client-address toa");
            }
            if (in.scheduler.isEmpty()) {
                in.scheduler = ServiceConfig.DEFAULT_SCHEDULER;
            }
        }
        if (in.cmd == Cmd.ADDDEST || in.cmd == Cmd.EDITDEST) {
            // Routing and tunnelling cannot change the port: the real server's is the service's.
            if (in.fwmark == 0 && (in.forward == ForwardMethod.TUNNEL || in.forward == ForwardMethod.ROUTE)) {
                in.destPort = in.port;
            }
            if (in.destAf != in.af && in.forward != ForwardMethod.TUNNEL) {
                throw new UsageFailure("Different address family is allowed only for tunneling servers");
            }
            boolean tunnelOptions = in.options.stream().anyMatch(TUNNEL_OPTIONS::contains);
            if (tunnelOptions && in.forward != ForwardMethod.TUNNEL) {
                throw new UsageFailure("Tunnel options conflict with forward method");
            }
            tunnelCheck(in);
        }
        if (in.cmd == Cmd.LIST) {
            boolean other = in.has(Opt.CONNECTION) || in.has(Opt.TIMEOUT) || in.has(Opt.DAEMON) || in.has(Opt.CHECKS);
            boolean figures = in.has(Opt.STATS) || in.has(Opt.RATE) || in.has(Opt.THRESHOLDS);
            if ((other && figures) || ((in.has(Opt.TIMEOUT) || in.has(Opt.DAEMON)) && in.has(Opt.PERSISTENTCONN))) {
                throw new UsageFailure("options conflicts in the list command");
            }
        }
        if (in.cmd == Cmd.RESTORE && readingStdin) {
            // ipvsadm's restore_table: "avoid infinite loop".
            throw tryHelp();
        }
        return in;
    }

    static UsageFailure tryHelp() {
        return new UsageFailure("Try `jlvsadm -h' or 'jlvsadm --help' for more information.", UsageFailure.EXIT_POPT);
    }

    private void option(Invocation in, JlvsadmCommand.Occurrence o) throws UsageFailure {
        Arg arg = o.arg();
        String v = o.value();
        if (arg.isCommandLike()) {
            throw new UsageFailure("invalid option `" + arg.spelling() + "'");
        }
        if (arg.kind() != null) {
            if (!in.options.add(arg.kind())) {
                throw new UsageFailure("multiple '" + arg.kind().label() + "' options specified");
            }
        }
        switch (arg) {
            case TCP_SERVICE, UDP_SERVICE, SCTP_SERVICE -> {
                in.protocol = switch (arg) {
                    case TCP_SERVICE -> Protocol.TCP;
                    case UDP_SERVICE -> Protocol.UDP;
                    default -> Protocol.SCTP;
                };
                HostPort hp = parseService(v, in.protocol);
                if (hp == null) {
                    throw new UsageFailure("illegal virtual server address[:port] specified");
                }
                in.af = hp.address().family();
                in.address = hp.address();
                if (in.af == Family.INET6) {
                    in.netmask = 128;
                }
                if (hp.hasPort()) {
                    in.port = hp.port();
                }
            }
            case FWMARK_SERVICE -> {
                // "Set protocol to a sane value, even though it is not used."
                in.af = Family.INET;
                in.protocol = Protocol.TCP;
                in.fwmark = fwmark(v);
            }
            case IPV6 -> {
                if (in.fwmark == 0) {
                    throw new UsageFailure("-6 used before -f\n");
                }
                in.af = Family.INET6;
                in.netmask = 128;
            }
            case SCHEDULER -> in.scheduler = v.length() > SCHEDNAME_MAX ? v.substring(0, SCHEDNAME_MAX) : v;
            case PE -> in.persistenceEngine = v.length() > PENAME_MAX ? v.substring(0, PENAME_MAX) : v;
            case PERSISTENT ->
                in.persistenceTimeout =
                        v == null ? ServiceConfig.DEFAULT_PERSISTENCE_TIMEOUT : timeout(v, 1, MAX_TIMEOUT);
            case NETMASK -> {
                if (in.af != Family.INET6) {
                    Address mask = Inet.aton(v);
                    if (mask == null) {
                        mask = names.hostAddress(v);
                    }
                    if (mask == null) {
                        throw new UsageFailure("illegal virtual server persistent mask specified");
                    }
                    in.netmask = mask.v4() & 0xFFFF_FFFFL;
                } else {
                    long prefix = Inet.atoi(v);
                    if (prefix < 1 || prefix > 128) {
                        throw new UsageFailure("illegal ipv6 netmask specified");
                    }
                    in.netmask = prefix;
                }
            }
            case SCHED_FLAGS -> in.schedFlagsArg = v;
            case SYNPROXY -> {
                // alibaba's ipvsadm compares only the word's length of characters.
                if (v.startsWith("enable")) {
                    in.synProxy = true;
                } else if (v.startsWith("disable")) {
                    in.synProxy = false;
                } else {
                    throw new UsageFailure("synproxy switch must be enable or disable\n");
                }
            }
            case EST_TIMEOUT -> in.establishedTimeout = timeout(v, 0, MAX_TIMEOUT);
            case CLIENT_ADDRESS -> {
                in.clientAddress = ClientAddressMode.fromKeyword(v);
                if (in.clientAddress == null) {
                    throw new UsageFailure("client-address must be none, toa, proxy_v1 or proxy_v2\n");
                }
            }
            case TOA_IPV6_KIND ->
                in.toaIpv6Kind = switch (v) {
                    case "253" -> ClientAddressSpec.TOA_IPV6_KIND_ALIBABA;
                    case "254" -> ClientAddressSpec.TOA_IPV6_KIND_DPVS;
                    default -> throw new UsageFailure("toa-ipv6-kind must be 253 (alibaba) or 254 (DPVS)\n");
                };
            case IDLE_GRACE -> in.idleGraceMillis = Durations.millis(v, "--idle-grace");
            case SLOW_START -> {
                long ms = Durations.millis(v, "--slow-start");
                if (ms % 1000 != 0 || ms / 1000 > RealServerConfig.MAX_SLOW_START) {
                    throw new UsageFailure("illegal --slow-start `" + v + "': whole seconds, at most "
                            + RealServerConfig.MAX_SLOW_START + " (a day)");
                }
                in.slowStart = (int) (ms / 1000);
            }
            case REAL_SERVER -> {
                HostPort hp = parseService(v, in.protocol);
                if (hp == null) {
                    throw new UsageFailure("illegal real server address[:port] specified");
                }
                in.destAf = hp.address().family();
                in.destAddress = hp.address();
                // No port given: the service's, as far as the command line has said it.
                in.destPort = hp.hasPort() ? hp.port() : in.port;
            }
            case GATEWAYING -> in.forward = ForwardMethod.ROUTE;
            case IPIP -> in.forward = ForwardMethod.TUNNEL;
            case MASQUERADING -> in.forward = ForwardMethod.MASQ;
            case FULLNAT -> in.forward = ForwardMethod.FULLNAT;
            case WEIGHT -> in.weight = (int) number(v, 0, 65535, "illegal weight specified");
            case U_THRESHOLD ->
                in.upperThreshold = (int) number(v, 0, Integer.MAX_VALUE, "illegal u_threshold specified");
            case L_THRESHOLD ->
                in.lowerThreshold = (int) number(v, 0, Integer.MAX_VALUE, "illegal l_threshold specified");
            case TUN_TYPE -> {
                if (!v.equals("ipip") && !v.equals("gue") && !v.equals("gre")) {
                    throw new UsageFailure("illegal tunnel type specified");
                }
                in.tunnelType = v;
            }
            case TUN_PORT -> number(v, 1, 65535, "illegal tunnel port specified");
            case OPS,
                    TOA_IN_SYN,
                    TUN_NOCSUM,
                    TUN_CSUM,
                    TUN_REMCSUM,
                    CONNECTION,
                    TIMEOUT,
                    WAIT,
                    KEEP,
                    DAEMON,
                    NUMERIC,
                    STATS,
                    RATE,
                    THRESHOLDS,
                    PERSISTENT_CONN,
                    NOSORT,
                    EXACT,
                    TUN_INFO,
                    CHECKS -> {
                // Recorded in the option set; nothing more to read.
            }
            case LADDR -> {
                HostPort hp = parseService(v, null);
                if (hp == null) {
                    throw new UsageFailure("illegal local address");
                }
                in.localAddress = hp.address();
            }
            case SORT -> {
                // "Sort is the default, this is a no-op for compatibility."
            }
            case MCAST_INTERFACE -> {
                // Accepted so the daemon commands get their answer; jlvsd's configuration owns sync.
            }
            case SYNCID -> number(v, 0, 255, "illegal syncid specified");
            case MCAST_GROUP -> mcastGroup(v);
            case MCAST_PORT -> number(v, 1, 65535, "illegal mcast-port specified");
            case MCAST_TTL -> number(v, 1, 255, "illegal mcast-ttl specified");
            case SYNC_MAXLEN -> number(v, 1, 65535 - 20 - 8, "illegal sync-maxlen specified");
            default -> throw new IllegalStateException("unhandled argument " + arg);
        }
    }

    /**
     * ipvsadm's {@code parse_service}: {@code host[:port]}, {@code [ipv6]:port}, or a bare IPv6
     * literal (which has no port); a host is a literal or a name, a port a number or a service
     * name of the protocol.
     */
    HostPort parseService(String buf, Protocol protocol) {
        if (buf == null || Inet.isAllDigits(buf)) {
            return null;
        }
        String host = buf;
        String port = null;
        boolean bracketed = false;
        if (host.startsWith("[")) {
            int close = host.indexOf(']', 1);
            if (close < 0 || close + 1 >= host.length() || host.charAt(close + 1) != ':') {
                return null;
            }
            port = host.substring(close + 2);
            host = host.substring(1, close);
            bracketed = true;
        }
        Address address = Inet.pton6(host);
        if (address == null) {
            // Not IPv6: the port follows the last colon (inside brackets there is none).
            port = null;
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                port = host.substring(colon + 1);
                host = host.substring(0, colon);
            }
            address = Inet.aton(host);
            if (address == null) {
                address = names.hostAddress(host);
            }
            if (address == null) {
                return null;
            }
        } else if (!bracketed) {
            port = null;
        }
        if (port == null) {
            return new HostPort(address, 0, false);
        }
        long p = Inet.stringToNumber(port, 0, 65535);
        if (p < 0 && protocol != null) {
            p = names.servicePort(port, protocol);
        }
        return p < 0 ? null : new HostPort(address, (int) p, true);
    }

    private static String daemonState(String v, String message) throws UsageFailure {
        if (!"master".equals(v) && !"backup".equals(v)) {
            throw new UsageFailure(message);
        }
        return v;
    }

    private static long number(String v, long min, long max, String message) throws UsageFailure {
        long n = Inet.stringToNumber(v, min, max);
        if (n < 0) {
            throw new UsageFailure(message);
        }
        return n;
    }

    private static int timeout(String v, int min, int max) throws UsageFailure {
        long n = Inet.stringToNumber(v, min, max);
        if (n < 0) {
            throw new UsageFailure("invalid timeout value `" + v + "' specified");
        }
        return (int) n;
    }

    /** ipvsadm's {@code parse_fwmark}: a whole decimal number in 1..UINT_MAX. */
    private static long fwmark(String v) throws UsageFailure {
        long n = Inet.stringToNumber(v, 1, 0xFFFF_FFFFL);
        if (n < 0) {
            throw new UsageFailure("invalid fwmark value `" + v + "' specified");
        }
        return n;
    }

    /** ipvsadm's {@code parse_sched_flags}: comma-separated, each valid for the scheduler. */
    private static int schedFlags(String scheduler, String arg) throws UsageFailure {
        int flags = 0;
        for (String flag : arg.split(",")) {
            if (flag.isEmpty()) {
                continue; // strtok skips empty fields
            }
            switch (flag) {
                case "flag-1" -> flags |= ServiceConfig.SCHED_FLAG_1;
                case "flag-2" -> flags |= ServiceConfig.SCHED_FLAG_2;
                case "flag-3" -> flags |= ServiceConfig.SCHED_FLAG_3;
                case "sh-fallback", "sh-port", "mh-fallback", "mh-port" -> {
                    if (!scheduler.equals(flag.substring(0, 2))) {
                        throw new UsageFailure("incompatible scheduler flag `" + flag + "'");
                    }
                    flags |= flag.endsWith("fallback") ? ServiceConfig.SCHED_FLAG_1 : ServiceConfig.SCHED_FLAG_2;
                }
                default -> throw new UsageFailure("invalid scheduler flag `" + flag + "'");
            }
        }
        return flags;
    }

    private static void mcastGroup(String v) throws UsageFailure {
        if (v.indexOf(':') >= 0) {
            Address a = Inet.pton6(v);
            if (a == null || a.isV4() || (a.hi() >>> 56) != 0xFF) {
                throw new UsageFailure("invalid IPv6 mcast-group `" + v + "'");
            }
        } else {
            Address a = Inet.pton4(v);
            if (a == null || (a.v4() >>> 28) != 0xE) {
                throw new UsageFailure("invalid IPv4 mcast-group `" + v + "'");
            }
        }
    }

    /**
     * ipvsadm's tunnel_types_v_options: ipip takes no tunnel options; gue needs a port and at
     * most one checksum option; gre takes at most one of --tun-nocsum/--tun-csum. jlvs then
     * tunnels with ipip only.
     */
    private static void tunnelCheck(Invocation in) throws UsageFailure {
        String type = in.tunnelType;
        Opt[] opts = {Opt.TUN_PORT, Opt.TUN_NOCSUM, Opt.TUN_CSUM, Opt.TUN_REMCSUM};
        char[] table =
                switch (type) {
                    case "gue" -> new char[] {'+', '1', '1', '1'};
                    case "gre" -> new char[] {'x', '1', '1', 'x'};
                    default -> new char[] {'x', 'x', 'x', 'x'};
                };
        Opt last = null;
        for (int j = 0; j < opts.length; j++) {
            if (!in.has(opts[j])) {
                if (table[j] == '+') {
                    throw new UsageFailure("You need to supply the '" + opts[j].label() + "' option for the '" + type
                            + "' tunnel type");
                }
                continue;
            }
            if (table[j] == 'x') {
                throw new UsageFailure("Illegal '" + opts[j].label() + "' option with the '" + type + "' tunnel type");
            }
            if (last != null) {
                throw new UsageFailure("The option '" + opts[j].label() + "' conflicts with the '" + last.label()
                        + "' option in the '" + type + "' tunnel type");
            }
            last = opts[j];
        }
        if (!type.equals("ipip")) {
            throw new UsageFailure(
                    "tunnel type `" + type + "' is not supported by jlvs: real servers are " + "tunnelled with ipip");
        }
    }
}
