package io.jlvs.cli;

import static io.jlvs.cli.Opt.*;

import java.util.EnumSet;
import java.util.Set;

/**
 * The commands, with ipvsadm's names for them and its table of which options each takes
 * (commands_v_options): compulsory ('+'), optional (' '), at most one of a group ('1'); any other
 * is illegal ('x').
 */
enum Cmd {
    ADD("add-service", Set.of(SERVICE), serviceOptions()),
    EDIT("edit-service", Set.of(SERVICE), serviceOptions()),
    DEL("delete-service", Set.of(SERVICE), Set.of()),
    FLUSH("flush", Set.of(), Set.of()),
    LIST(
            "list",
            Set.of(),
            Set.of(NUMERIC, STATS, RATE, THRESHOLDS, PERSISTENTCONN, NOSORT, SYNCID, EXACT, TUN_INFO),
            Set.of(CONNECTION, SERVICE, TIMEOUT, DAEMON, CHECKS)),
    ADDDEST("add-server", Set.of(SERVICE, SERVER), serverOptions()),
    DELDEST("delete-server", Set.of(SERVICE, SERVER), Set.of()),
    EDITDEST("edit-server", Set.of(SERVICE, SERVER), serverOptions()),
    TIMEOUT_SET("set", Set.of(), Set.of()),
    STARTDAEMON("start-daemon", Set.of(), Set.of(MCAST, SYNCID, MCAST_GROUP, MCAST_PORT, MCAST_TTL, SYNC_MAXLEN)),
    STOPDAEMON("stop-daemon", Set.of(), Set.of(SYNCID)),
    RESTORE("restore", Set.of(), Set.of()),
    SAVE("save", Set.of(), Set.of(NUMERIC)),
    ZERO("zero", Set.of(), Set.of(SERVICE)),
    ADDLADDR("add-laddr", Set.of(SERVICE, LADDR), Set.of()),
    DELLADDR("del-laddr", Set.of(SERVICE, LADDR), Set.of()),
    GETLADDR("get-laddr", Set.of(), Set.of(SERVICE)),
    RELOAD("reload", Set.of(), Set.of()),
    DRAIN("drain", Set.of(SERVICE, SERVER), Set.of(TIMEOUT, WAIT, KEEP, IDLE_GRACE)),
    SYSCTL("sysctl", Set.of(), Set.of());

    /** What -a and -e take besides the service and server: ipvsadm's table has one row for both. */
    private static Set<Opt> serverOptions() {
        return Set.of(
                FORWARD,
                WEIGHT,
                UTHRESHOLD,
                LTHRESHOLD,
                TUN_TYPE,
                TUN_PORT,
                TUN_NOCSUM,
                TUN_CSUM,
                TUN_REMCSUM,
                SLOW_START);
    }

    /** What -A and -E take besides the service: ipvsadm's table has one row for both. */
    private static Set<Opt> serviceOptions() {
        return Set.of(
                SCHEDULER,
                PERSISTENT,
                NETMASK,
                ONEPACKET,
                PE,
                SCHED_FLAGS,
                SYNPROXY,
                EST_TIMEOUT,
                CLIENT_ADDRESS,
                TOA_IN_SYN,
                TOA_IPV6_KIND);
    }

    private final String label;
    private final Set<Opt> compulsory;
    private final Set<Opt> optional;
    private final Set<Opt> exclusive;

    Cmd(String label, Set<Opt> compulsory, Set<Opt> optional) {
        this(label, compulsory, optional, Set.of());
    }

    Cmd(String label, Set<Opt> compulsory, Set<Opt> optional, Set<Opt> exclusive) {
        this.label = label;
        this.compulsory = compulsory;
        this.optional = optional;
        this.exclusive = exclusive;
    }

    String label() {
        return label;
    }

    /** ipvsadm's generic_opt_check: the first violation in option order, as it reports it. */
    void check(EnumSet<Opt> given) throws UsageFailure {
        Opt firstExclusive = null;
        for (Opt o : Opt.values()) {
            if (!given.contains(o)) {
                if (compulsory.contains(o)) {
                    throw new UsageFailure(
                            "You need to supply the '" + o.label() + "' option for the '" + label + "' command");
                }
                continue;
            }
            if (exclusive.contains(o)) {
                if (firstExclusive == null) {
                    firstExclusive = o;
                    continue;
                }
                throw new UsageFailure("The option '" + o.label() + "' conflicts with the '" + firstExclusive.label()
                        + "' option in the '" + label + "' command");
            }
            if (!compulsory.contains(o) && !optional.contains(o)) {
                throw new UsageFailure("Illegal '" + o.label() + "' option with the '" + label + "' command");
            }
        }
    }

    /** Whether the command changes the table (and so may appear in a restore). */
    boolean isChange() {
        return switch (this) {
            case ADD, EDIT, DEL, FLUSH, ADDDEST, DELDEST, EDITDEST, TIMEOUT_SET, ZERO, ADDLADDR, DELLADDR -> true;
            default -> false;
        };
    }
}
