package io.jlvs.cli;

/**
 * Every command and option jlvsadm recognises, as the command line spells it (short form where
 * there is one), the option kind ipvsadm's legality table knows it by, and whether it is a
 * command.
 */
enum Arg {
    // Commands: exactly one, and first.
    ADD_SERVICE("-A", Cmd.ADD),
    EDIT_SERVICE("-E", Cmd.EDIT),
    DELETE_SERVICE("-D", Cmd.DEL),
    CLEAR("-C", Cmd.FLUSH),
    RESTORE("-R", Cmd.RESTORE),
    SAVE("-S", Cmd.SAVE),
    ADD_SERVER("-a", Cmd.ADDDEST),
    EDIT_SERVER("-e", Cmd.EDITDEST),
    DELETE_SERVER("-d", Cmd.DELDEST),
    LIST("-L", Cmd.LIST),
    ZERO("-Z", Cmd.ZERO),
    SET("--set", Cmd.TIMEOUT_SET),
    START_DAEMON("--start-daemon", Cmd.STARTDAEMON),
    STOP_DAEMON("--stop-daemon", Cmd.STOPDAEMON),
    ADD_LADDR("-P", Cmd.ADDLADDR),
    DEL_LADDR("-Q", Cmd.DELLADDR),
    GET_LADDR("-G", Cmd.GETLADDR),
    RELOAD("--reload", Cmd.RELOAD),
    HELP("-h"),
    VERSION("-v"),
    // Options.
    TCP_SERVICE("-t", Opt.SERVICE),
    UDP_SERVICE("-u", Opt.SERVICE),
    SCTP_SERVICE("--sctp-service", Opt.SERVICE),
    FWMARK_SERVICE("-f", Opt.SERVICE),
    IPV6("-6"),
    SCHEDULER("-s", Opt.SCHEDULER),
    PE("--pe", Opt.PE),
    PERSISTENT("-p", Opt.PERSISTENT),
    NETMASK("-M", Opt.NETMASK),
    SCHED_FLAGS("--sched-flags", Opt.SCHED_FLAGS),
    OPS("-o", Opt.ONEPACKET),
    SYNPROXY("-j", Opt.SYNPROXY),
    EST_TIMEOUT("-V", Opt.EST_TIMEOUT),
    REAL_SERVER("-r", Opt.SERVER),
    GATEWAYING("-g", Opt.FORWARD),
    IPIP("-i", Opt.FORWARD),
    MASQUERADING("-m", Opt.FORWARD),
    FULLNAT("-b", Opt.FORWARD),
    WEIGHT("-w", Opt.WEIGHT),
    U_THRESHOLD("-x", Opt.UTHRESHOLD),
    L_THRESHOLD("-y", Opt.LTHRESHOLD),
    TUN_TYPE("--tun-type", Opt.TUN_TYPE),
    TUN_PORT("--tun-port", Opt.TUN_PORT),
    TUN_NOCSUM("--tun-nocsum", Opt.TUN_NOCSUM),
    TUN_CSUM("--tun-csum", Opt.TUN_CSUM),
    TUN_REMCSUM("--tun-remcsum", Opt.TUN_REMCSUM),
    LADDR("-z", Opt.LADDR),
    CONNECTION("-c", Opt.CONNECTION),
    TIMEOUT("--timeout", Opt.TIMEOUT),
    DAEMON("--daemon", Opt.DAEMON),
    STATS("--stats", Opt.STATS),
    RATE("--rate", Opt.RATE),
    EXACT("-X", Opt.EXACT),
    THRESHOLDS("--thresholds", Opt.THRESHOLDS),
    PERSISTENT_CONN("--persistent-conn", Opt.PERSISTENTCONN),
    TUN_INFO("--tun-info", Opt.TUN_INFO),
    NOSORT("--nosort", Opt.NOSORT),
    SORT("--sort"),
    NUMERIC("-n", Opt.NUMERIC),
    MCAST_INTERFACE("--mcast-interface", Opt.MCAST),
    SYNCID("--syncid", Opt.SYNCID),
    MCAST_GROUP("--mcast-group", Opt.MCAST_GROUP),
    MCAST_PORT("--mcast-port", Opt.MCAST_PORT),
    MCAST_TTL("--mcast-ttl", Opt.MCAST_TTL),
    SYNC_MAXLEN("--sync-maxlen", Opt.SYNC_MAXLEN);

    private final String spelling;
    private final Cmd command;
    private final Opt kind;

    Arg(String spelling) {
        this(spelling, null, null);
    }

    Arg(String spelling, Cmd command) {
        this(spelling, command, null);
    }

    Arg(String spelling, Opt kind) {
        this(spelling, null, kind);
    }

    Arg(String spelling, Cmd command, Opt kind) {
        this.spelling = spelling;
        this.command = command;
        this.kind = kind;
    }

    String spelling() {
        return spelling;
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
