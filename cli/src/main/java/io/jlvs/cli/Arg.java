package io.jlvs.cli;

/**
 * Every command and option jlvsadm recognises: how the command line spells it (the first name is
 * the one ipvsadm's messages use), the option kind ipvsadm's legality table knows it by, whether it
 * is a command, the value it takes and its line in the help. {@link JlvsadmCommand} builds the
 * picocli model from this table, in this order (the order of the help).
 */
enum Arg {
    // Commands: exactly one, and first.
    ADD_SERVICE(Cmd.ADD, "add virtual service with options", "-A", "--add-service"),
    EDIT_SERVICE(Cmd.EDIT, "edit virtual service with options", "-E", "--edit-service"),
    DELETE_SERVICE(Cmd.DEL, "delete virtual service", "-D", "--delete-service"),
    CLEAR(Cmd.FLUSH, "clear the whole table", "-C", "--clear"),
    RESTORE(Cmd.RESTORE, "restore rules from stdin (all or nothing)", "-R", "--restore"),
    SAVE(Cmd.SAVE, "save rules to stdout", "-S", "--save"),
    ADD_SERVER(Cmd.ADDDEST, "add real server with options", "-a", "--add-server"),
    EDIT_SERVER(Cmd.EDITDEST, "edit real server with options", "-e", "--edit-server"),
    DELETE_SERVER(Cmd.DELDEST, "delete real server", "-d", "--delete-server"),
    LIST(Cmd.LIST, "list the table", "-L", "-l", "--list"),
    ZERO(Cmd.ZERO, "zero counters in a service or all services", "-Z", "--zero"),
    SET(Cmd.TIMEOUT_SET, "set connection timeout values: --set tcp tcpfin udp", "--set"),
    ADD_LADDR(Cmd.ADDLADDR, "add a FULLNAT local address (-z) to a service", "-P", "--add-laddr"),
    DEL_LADDR(Cmd.DELLADDR, "remove a FULLNAT local address (-z) from a service", "-Q", "--del-laddr"),
    GET_LADDR(Cmd.GETLADDR, "list the FULLNAT local addresses", "-G", "--get-laddr"),
    RELOAD(Cmd.RELOAD, "make jlvsd re-read its configuration", "--reload"),
    DRAIN(
            Cmd.DRAIN,
            "drain a real server (-t/-u/-f, -r): no new connections, idle flows closed, the rest reset at"
                    + " --timeout DURATION (default: the drain_timeout setting); then removed (--keep: weight 0)",
            "--drain"),
    SYSCTL(Cmd.SYSCTL, optionalParam("name[=value]"), "show or change jlvsd's IPVS-style settings", "--sysctl"),
    START_DAEMON(
            Cmd.STARTDAEMON,
            param("master|backup"),
            "connection sync is jlvsd's configuration; says so",
            "--start-daemon"),
    STOP_DAEMON(
            Cmd.STOPDAEMON,
            param("master|backup"),
            "connection sync is jlvsd's configuration; says so",
            "--stop-daemon"),
    HELP("display this help message", "-h", "--help"),
    VERSION("display the version", "-v", "--version"),
    // Options.
    TCP_SERVICE(Opt.SERVICE, param("service-address"), "host[:port]", "-t", "--tcp-service"),
    UDP_SERVICE(Opt.SERVICE, param("service-address"), "host[:port]", "-u", "--udp-service"),
    SCTP_SERVICE(Opt.SERVICE, param("service-address"), "host[:port]", "--sctp-service"),
    FWMARK_SERVICE(Opt.SERVICE, param("fwmark"), "fwmark is an integer greater than zero", "-f", "--fwmark-service"),
    IPV6("fwmark entry uses IPv6", "-6", "--ipv6"),
    SCHEDULER(
            Opt.SCHEDULER,
            param("scheduler"),
            "one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh|twos; wlc by default",
            "-s",
            "--scheduler"),
    PE(Opt.PE, param("engine"), "alternate persistence engine (none in jlvs)", "--pe"),
    PERSISTENT(
            Opt.PERSISTENT,
            optionalParam("timeout"),
            "persistent service, timeout in seconds (default 300)",
            "-p",
            "--persistent"),
    NETMASK(Opt.NETMASK, param("netmask"), "persistent granularity mask", "-M", "--netmask"),
    SCHED_FLAGS(
            Opt.SCHED_FLAGS,
            param("flags"),
            "scheduler flags, comma-separated: flag-1..3, sh-fallback, sh-port, mh-fallback, mh-port",
            "--sched-flags"),
    OPS(Opt.ONEPACKET, "one-packet scheduling", "-o", "--ops"),
    SYNPROXY(Opt.SYNPROXY, param("enable|disable"), "TCP SYN proxy", "-j", "--synproxy"),
    CLIENT_ADDRESS(
            Opt.CLIENT_ADDRESS,
            param("none|toa|proxy_v1|proxy_v2"),
            "how NAT/FULLNAT real servers learn the client address",
            "--client-address"),
    TOA_IN_SYN(Opt.TOA_IN_SYN, "with --client-address toa: the client's SYN carries the option too", "--toa-in-syn"),
    TOA_IPV6_KIND(
            Opt.TOA_IPV6_KIND,
            param("253|254"),
            "with --client-address toa: the IPv6 option's kind, 253 alibaba (default) or 254 DPVS",
            "--toa-ipv6-kind"),
    EST_TIMEOUT(
            Opt.EST_TIMEOUT,
            param("timeout"),
            "timeout of established connections in seconds (0: protocol default)",
            "-V",
            "--vsestablish-timeout",
            "--conn-timeout"),
    REAL_SERVER(Opt.SERVER, param("server-address"), "server-address is host (and port)", "-r", "--real-server"),
    GATEWAYING(Opt.FORWARD, "gatewaying (direct routing) (default)", "-g", "--gatewaying"),
    IPIP(Opt.FORWARD, "ipip encapsulation (tunneling)", "-i", "--ipip"),
    MASQUERADING(Opt.FORWARD, "masquerading (NAT)", "-m", "--masquerading"),
    FULLNAT(Opt.FORWARD, "full NAT (alibaba/DPVS)", "-b", "--fullnat"),
    WEIGHT(Opt.WEIGHT, param("weight"), "capacity of real server", "-w", "--weight"),
    U_THRESHOLD(Opt.UTHRESHOLD, param("uthreshold"), "upper threshold of connections", "-x", "--u-threshold"),
    L_THRESHOLD(Opt.LTHRESHOLD, param("lthreshold"), "lower threshold of connections", "-y", "--l-threshold"),
    TUN_TYPE(Opt.TUN_TYPE, param("type"), "tunnel type; jlvs tunnels with ipip", "--tun-type"),
    TUN_PORT(Opt.TUN_PORT, param("port"), "tunnel destination port (gue)", "--tun-port"),
    TUN_NOCSUM(Opt.TUN_NOCSUM, "tunnel encapsulation without checksum", "--tun-nocsum"),
    TUN_CSUM(Opt.TUN_CSUM, "tunnel encapsulation with checksum", "--tun-csum"),
    TUN_REMCSUM(Opt.TUN_REMCSUM, "tunnel encapsulation with remote checksum", "--tun-remcsum"),
    LADDR(Opt.LADDR, param("local-address"), "FULLNAT local address", "-z", "--laddr"),
    CONNECTION(Opt.CONNECTION, "output of current IPVS connections", "-c", "--connection"),
    TIMEOUT(Opt.TIMEOUT, "output of timeout (tcp tcpfin udp); with --drain: the deadline (30s, 2m)", "--timeout"),
    WAIT(Opt.WAIT, "with --drain: return when the drain is over, with its summary", "--wait"),
    KEEP(Opt.KEEP, "with --drain: leave the server at weight 0 instead of removing it", "--keep"),
    IDLE_GRACE(
            Opt.IDLE_GRACE,
            param("duration"),
            "with --drain: quiet time after which a flow is idle (default: drain_idle_grace_ms)",
            "--idle-grace"),
    SLOW_START(
            Opt.SLOW_START,
            param("duration"),
            "jlvs: when the real server comes back, ramp its weight up over this many seconds (30s, 2m; 0: at once)",
            "--slow-start"),
    DAEMON(Opt.DAEMON, "output of daemon information", "--daemon"),
    STATS(Opt.STATS, "output of statistics information", "--stats"),
    RATE(Opt.RATE, "output of rate information", "--rate"),
    EXACT(Opt.EXACT, "expand numbers (display exact values)", "-X", "--exact"),
    THRESHOLDS(Opt.THRESHOLDS, "output of thresholds information", "--thresholds"),
    PERSISTENT_CONN(Opt.PERSISTENTCONN, "output of persistent connection info", "--persistent-conn"),
    TUN_INFO(Opt.TUN_INFO, "output of tunnel information", "--tun-info"),
    CHECKS(Opt.CHECKS, "output of health checker states (jlvs)", "--checks"),
    NOSORT(Opt.NOSORT, "disable sorting output of service/server entries", "--nosort"),
    SORT("does nothing, for backwards compatibility", "--sort"),
    NUMERIC(Opt.NUMERIC, "numeric output of addresses and ports", "-n", "--numeric"),
    MCAST_INTERFACE(Opt.MCAST, param("interface"), "sync daemon option (refused)", "--mcast-interface"),
    SYNCID(Opt.SYNCID, param("sid"), "sync daemon option (refused)", "--syncid"),
    MCAST_GROUP(Opt.MCAST_GROUP, param("address"), "sync daemon option (refused)", "--mcast-group"),
    MCAST_PORT(Opt.MCAST_PORT, param("port"), "sync daemon option (refused)", "--mcast-port"),
    MCAST_TTL(Opt.MCAST_TTL, param("ttl"), "sync daemon option (refused)", "--mcast-ttl"),
    SYNC_MAXLEN(Opt.SYNC_MAXLEN, param("length"), "sync daemon option (refused)", "--sync-maxlen");

    /** The value an argument takes: its name in the help, and whether it may be left out. */
    record Value(String label, boolean optional) {}

    private final Cmd command;
    private final Opt kind;
    private final Value value;
    private final String description;
    private final String[] names;

    Arg(Cmd command, String description, String... names) {
        this(command, null, null, description, names);
    }

    Arg(Cmd command, Value value, String description, String... names) {
        this(command, null, value, description, names);
    }

    Arg(Opt kind, String description, String... names) {
        this(null, kind, null, description, names);
    }

    Arg(Opt kind, Value value, String description, String... names) {
        this(null, kind, value, description, names);
    }

    /** Neither a command nor an option ipvsadm's table checks (-h, -v, -6, --sort). */
    Arg(String description, String... names) {
        this(null, null, null, description, names);
    }

    Arg(Cmd command, Opt kind, Value value, String description, String... names) {
        this.command = command;
        this.kind = kind;
        this.value = value;
        this.description = description;
        this.names = names;
    }

    private static Value param(String label) {
        return new Value(label, false);
    }

    /** popt's optional argument: the next word unless there is none or it starts with '-'. */
    private static Value optionalParam(String label) {
        return new Value(label, true);
    }

    /** The spelling ipvsadm's messages use: the short form where there is one. */
    String spelling() {
        return names[0];
    }

    String[] names() {
        return names.clone();
    }

    /** The value it takes, or null for a switch. */
    Value value() {
        return value;
    }

    String description() {
        return description;
    }

    /** The command this argument is, or null for an option. */
    Cmd command() {
        return command;
    }

    /** The option kind ipvsadm's table checks, or null if it checks none (-6, --sort). */
    Opt kind() {
        return kind;
    }

    /** Whether this may only come first: a command, or -h / -v. */
    boolean isCommandLike() {
        return command != null || this == HELP || this == VERSION;
    }
}
