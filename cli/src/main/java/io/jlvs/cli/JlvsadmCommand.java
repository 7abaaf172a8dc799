package io.jlvs.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * jlvsadm's command line as picocli sees it. Each option is a method that records the occurrence
 * in order, so {@link InvocationParser} can process them the way ipvsadm's popt loop does (a
 * command first, options in the order given, a repeated option refused). The same model drives
 * the help text and the generated completion script.
 */
@Command(
        name = "jlvsadm",
        sortOptions = false,
        usageHelpWidth = 100,
        headerHeading = "",
        header = "Administer jlvsd's virtual server table with ipvsadm's command line.",
        synopsisHeading = "%nUsage:%n",
        customSynopsis = {
            "  jlvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine]",
            "          [--sched-flags sched-flags] [-j enable|disable] [-V timeout]",
            "  jlvsadm -D virtual-service",
            "  jlvsadm -C",
            "  jlvsadm -R",
            "  jlvsadm -S [-n]",
            "  jlvsadm -a|e virtual-service -r server-address [options]",
            "  jlvsadm -d virtual-service -r server-address",
            "  jlvsadm -L|l [virtual-service] [options]",
            "  jlvsadm -Z [virtual-service]",
            "  jlvsadm --set tcp tcpfin udp",
            "  jlvsadm -P|Q virtual-service -z local-address",
            "  jlvsadm -G [virtual-service]",
            "  jlvsadm --reload",
            "  jlvsadm --start-daemon {master|backup} [daemon-options]",
            "  jlvsadm --stop-daemon {master|backup}",
            "  jlvsadm -h",
        },
        descriptionHeading = "%n",
        description = {
            "virtual-service is one of",
            "  -t|--tcp-service host[:port]   -u|--udp-service host[:port]",
            "  --sctp-service host[:port]     -f|--fwmark-service fwmark [-6]",
            "An IPv6 host is written in brackets with a port: [2001:db8::1]:80.",
        },
        optionListHeading = "%nCommands and options:%n",
        footerHeading = "%n",
        footer = {
            "jlvsadm talks to jlvsd over its admin socket: --socket, else $JLVS_SOCKET,",
            "else /run/jlvs/jlvsd.sock.",
            "Exit status (as ipvsadm): 0 done, 1 no such service to list, 2 bad command line,",
            "255 refused by jlvsd or an option that cannot be parsed."
        })
public final class JlvsadmCommand {
    /** One occurrence of a command or option, in command-line order. */
    record Occurrence(Arg arg, String value) {}

    final List<Occurrence> occurrences = new ArrayList<>();
    String socket;
    boolean completion;

    @Parameters(arity = "0..*", paramLabel = "value", hidden = true)
    List<String> positionals = new ArrayList<>();

    private void record(Arg arg, String value) {
        occurrences.add(new Occurrence(arg, value));
    }

    @Option(
            order = 0,
            names = {"-A", "--add-service"},
            description = "add virtual service with options")
    void addService(boolean on) {
        record(Arg.ADD_SERVICE, null);
    }

    @Option(
            order = 1,
            names = {"-E", "--edit-service"},
            description = "edit virtual service with options")
    void editService(boolean on) {
        record(Arg.EDIT_SERVICE, null);
    }

    @Option(
            order = 2,
            names = {"-D", "--delete-service"},
            description = "delete virtual service")
    void deleteService(boolean on) {
        record(Arg.DELETE_SERVICE, null);
    }

    @Option(
            order = 3,
            names = {"-C", "--clear"},
            description = "clear the whole table")
    void clear(boolean on) {
        record(Arg.CLEAR, null);
    }

    @Option(
            order = 4,
            names = {"-R", "--restore"},
            description = "restore rules from stdin (all or nothing)")
    void restore(boolean on) {
        record(Arg.RESTORE, null);
    }

    @Option(
            order = 5,
            names = {"-S", "--save"},
            description = "save rules to stdout")
    void save(boolean on) {
        record(Arg.SAVE, null);
    }

    @Option(
            order = 6,
            names = {"-a", "--add-server"},
            description = "add real server with options")
    void addServer(boolean on) {
        record(Arg.ADD_SERVER, null);
    }

    @Option(
            order = 7,
            names = {"-e", "--edit-server"},
            description = "edit real server with options")
    void editServer(boolean on) {
        record(Arg.EDIT_SERVER, null);
    }

    @Option(
            order = 8,
            names = {"-d", "--delete-server"},
            description = "delete real server")
    void deleteServer(boolean on) {
        record(Arg.DELETE_SERVER, null);
    }

    @Option(
            order = 9,
            names = {"-L", "-l", "--list"},
            description = "list the table")
    void list(boolean on) {
        record(Arg.LIST, null);
    }

    @Option(
            order = 10,
            names = {"-Z", "--zero"},
            description = "zero counters in a service or all services")
    void zero(boolean on) {
        record(Arg.ZERO, null);
    }

    @Option(order = 11, names = "--set", description = "set connection timeout values: --set tcp tcpfin udp")
    void set(boolean on) {
        record(Arg.SET, null);
    }

    @Option(
            order = 12,
            names = {"-P", "--add-laddr"},
            description = "add a FULLNAT local address (-z) to a service")
    void addLaddr(boolean on) {
        record(Arg.ADD_LADDR, null);
    }

    @Option(
            order = 13,
            names = {"-Q", "--del-laddr"},
            description = "remove a FULLNAT local address (-z) from a service")
    void delLaddr(boolean on) {
        record(Arg.DEL_LADDR, null);
    }

    @Option(
            order = 14,
            names = {"-G", "--get-laddr"},
            description = "list the FULLNAT local addresses")
    void getLaddr(boolean on) {
        record(Arg.GET_LADDR, null);
    }

    @Option(order = 15, names = "--reload", description = "make jlvsd re-read its configuration")
    void reload(boolean on) {
        record(Arg.RELOAD, null);
    }

    @Option(
            order = 16,
            names = "--start-daemon",
            paramLabel = "master|backup",
            description = "connection sync is jlvsd's configuration; says so")
    void startDaemon(String state) {
        record(Arg.START_DAEMON, state);
    }

    @Option(
            order = 17,
            names = "--stop-daemon",
            paramLabel = "master|backup",
            description = "connection sync is jlvsd's configuration; says so")
    void stopDaemon(String state) {
        record(Arg.STOP_DAEMON, state);
    }

    @Option(
            order = 18,
            names = {"-h", "--help"},
            description = "display this help message")
    void help(boolean on) {
        record(Arg.HELP, null);
    }

    @Option(
            order = 19,
            names = {"-v", "--version"},
            description = "display the version")
    void version(boolean on) {
        record(Arg.VERSION, null);
    }

    @Option(
            order = 20,
            names = {"-t", "--tcp-service"},
            paramLabel = "service-address",
            description = "host[:port]")
    void tcpService(String v) {
        record(Arg.TCP_SERVICE, v);
    }

    @Option(
            order = 21,
            names = {"-u", "--udp-service"},
            paramLabel = "service-address",
            description = "host[:port]")
    void udpService(String v) {
        record(Arg.UDP_SERVICE, v);
    }

    @Option(order = 22, names = "--sctp-service", paramLabel = "service-address", description = "host[:port]")
    void sctpService(String v) {
        record(Arg.SCTP_SERVICE, v);
    }

    @Option(
            order = 23,
            names = {"-f", "--fwmark-service"},
            paramLabel = "fwmark",
            description = "fwmark is an integer greater than zero")
    void fwmarkService(String v) {
        record(Arg.FWMARK_SERVICE, v);
    }

    @Option(
            order = 24,
            names = {"-6", "--ipv6"},
            description = "fwmark entry uses IPv6")
    void ipv6(boolean on) {
        record(Arg.IPV6, null);
    }

    @Option(
            order = 25,
            names = {"-s", "--scheduler"},
            paramLabel = "scheduler",
            description = "one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh|twos; wlc by default")
    void scheduler(String v) {
        record(Arg.SCHEDULER, v);
    }

    @Option(
            order = 26,
            names = "--pe",
            paramLabel = "engine",
            description = "alternate persistence engine (none in jlvs)")
    void pe(String v) {
        record(Arg.PE, v);
    }

    @Option(
            order = 27,
            names = {"-p", "--persistent"},
            arity = "0..1",
            parameterConsumer = OptionalArgument.class,
            paramLabel = "timeout",
            description = "persistent service, timeout in seconds (default 300)")
    void persistent(String v) {
        record(Arg.PERSISTENT, v);
    }

    @Option(
            order = 28,
            names = {"-M", "--netmask"},
            paramLabel = "netmask",
            description = "persistent granularity mask")
    void netmask(String v) {
        record(Arg.NETMASK, v);
    }

    @Option(
            order = 29,
            names = "--sched-flags",
            paramLabel = "flags",
            description = "scheduler flags, comma-separated: flag-1..3, sh-fallback, sh-port, mh-fallback, mh-port")
    void schedFlags(String v) {
        record(Arg.SCHED_FLAGS, v);
    }

    @Option(
            order = 30,
            names = {"-o", "--ops"},
            description = "one-packet scheduling")
    void ops(boolean on) {
        record(Arg.OPS, null);
    }

    @Option(
            order = 31,
            names = {"-j", "--synproxy"},
            paramLabel = "enable|disable",
            description = "TCP SYN proxy")
    void synproxy(String v) {
        record(Arg.SYNPROXY, v);
    }

    @Option(
            order = 32,
            names = {"-V", "--vsestablish-timeout", "--conn-timeout"},
            paramLabel = "timeout",
            description = "timeout of established connections in seconds (0: protocol default)")
    void establishedTimeout(String v) {
        record(Arg.EST_TIMEOUT, v);
    }

    @Option(
            order = 33,
            names = {"-r", "--real-server"},
            paramLabel = "server-address",
            description = "server-address is host (and port)")
    void realServer(String v) {
        record(Arg.REAL_SERVER, v);
    }

    @Option(
            order = 34,
            names = {"-g", "--gatewaying"},
            description = "gatewaying (direct routing) (default)")
    void gatewaying(boolean on) {
        record(Arg.GATEWAYING, null);
    }

    @Option(
            order = 35,
            names = {"-i", "--ipip"},
            description = "ipip encapsulation (tunneling)")
    void ipip(boolean on) {
        record(Arg.IPIP, null);
    }

    @Option(
            order = 36,
            names = {"-m", "--masquerading"},
            description = "masquerading (NAT)")
    void masquerading(boolean on) {
        record(Arg.MASQUERADING, null);
    }

    @Option(
            order = 37,
            names = {"-b", "--fullnat"},
            description = "full NAT (alibaba/DPVS)")
    void fullnat(boolean on) {
        record(Arg.FULLNAT, null);
    }

    @Option(
            order = 38,
            names = {"-w", "--weight"},
            paramLabel = "weight",
            description = "capacity of real server")
    void weight(String v) {
        record(Arg.WEIGHT, v);
    }

    @Option(
            order = 39,
            names = {"-x", "--u-threshold"},
            paramLabel = "uthreshold",
            description = "upper threshold of connections")
    void uThreshold(String v) {
        record(Arg.U_THRESHOLD, v);
    }

    @Option(
            order = 40,
            names = {"-y", "--l-threshold"},
            paramLabel = "lthreshold",
            description = "lower threshold of connections")
    void lThreshold(String v) {
        record(Arg.L_THRESHOLD, v);
    }

    @Option(order = 41, names = "--tun-type", paramLabel = "type", description = "tunnel type; jlvs tunnels with ipip")
    void tunType(String v) {
        record(Arg.TUN_TYPE, v);
    }

    @Option(order = 42, names = "--tun-port", paramLabel = "port", description = "tunnel destination port (gue)")
    void tunPort(String v) {
        record(Arg.TUN_PORT, v);
    }

    @Option(order = 43, names = "--tun-nocsum", description = "tunnel encapsulation without checksum")
    void tunNocsum(boolean on) {
        record(Arg.TUN_NOCSUM, null);
    }

    @Option(order = 44, names = "--tun-csum", description = "tunnel encapsulation with checksum")
    void tunCsum(boolean on) {
        record(Arg.TUN_CSUM, null);
    }

    @Option(order = 45, names = "--tun-remcsum", description = "tunnel encapsulation with remote checksum")
    void tunRemcsum(boolean on) {
        record(Arg.TUN_REMCSUM, null);
    }

    @Option(
            order = 46,
            names = {"-z", "--laddr"},
            paramLabel = "local-address",
            description = "FULLNAT local address")
    void laddr(String v) {
        record(Arg.LADDR, v);
    }

    @Option(
            order = 47,
            names = {"-c", "--connection"},
            description = "output of current IPVS connections")
    void connection(boolean on) {
        record(Arg.CONNECTION, null);
    }

    @Option(order = 48, names = "--timeout", description = "output of timeout (tcp tcpfin udp)")
    void timeout(boolean on) {
        record(Arg.TIMEOUT, null);
    }

    @Option(order = 49, names = "--daemon", description = "output of daemon information")
    void daemon(boolean on) {
        record(Arg.DAEMON, null);
    }

    @Option(order = 50, names = "--stats", description = "output of statistics information")
    void stats(boolean on) {
        record(Arg.STATS, null);
    }

    @Option(order = 51, names = "--rate", description = "output of rate information")
    void rate(boolean on) {
        record(Arg.RATE, null);
    }

    @Option(
            order = 52,
            names = {"-X", "--exact"},
            description = "expand numbers (display exact values)")
    void exact(boolean on) {
        record(Arg.EXACT, null);
    }

    @Option(order = 53, names = "--thresholds", description = "output of thresholds information")
    void thresholds(boolean on) {
        record(Arg.THRESHOLDS, null);
    }

    @Option(order = 54, names = "--persistent-conn", description = "output of persistent connection info")
    void persistentConn(boolean on) {
        record(Arg.PERSISTENT_CONN, null);
    }

    @Option(order = 55, names = "--tun-info", description = "output of tunnel information")
    void tunInfo(boolean on) {
        record(Arg.TUN_INFO, null);
    }

    @Option(order = 56, names = "--nosort", description = "disable sorting output of service/server entries")
    void nosort(boolean on) {
        record(Arg.NOSORT, null);
    }

    @Option(order = 57, names = "--sort", description = "does nothing, for backwards compatibility")
    void sort(boolean on) {
        record(Arg.SORT, null);
    }

    @Option(
            order = 58,
            names = {"-n", "--numeric"},
            description = "numeric output of addresses and ports")
    void numeric(boolean on) {
        record(Arg.NUMERIC, null);
    }

    @Option(
            order = 59,
            names = "--mcast-interface",
            paramLabel = "interface",
            description = "sync daemon option (refused)")
    void mcastInterface(String v) {
        record(Arg.MCAST_INTERFACE, v);
    }

    @Option(order = 60, names = "--syncid", paramLabel = "sid", description = "sync daemon option (refused)")
    void syncid(String v) {
        record(Arg.SYNCID, v);
    }

    @Option(order = 61, names = "--mcast-group", paramLabel = "address", description = "sync daemon option (refused)")
    void mcastGroup(String v) {
        record(Arg.MCAST_GROUP, v);
    }

    @Option(order = 62, names = "--mcast-port", paramLabel = "port", description = "sync daemon option (refused)")
    void mcastPort(String v) {
        record(Arg.MCAST_PORT, v);
    }

    @Option(order = 63, names = "--mcast-ttl", paramLabel = "ttl", description = "sync daemon option (refused)")
    void mcastTtl(String v) {
        record(Arg.MCAST_TTL, v);
    }

    @Option(order = 64, names = "--sync-maxlen", paramLabel = "length", description = "sync daemon option (refused)")
    void syncMaxlen(String v) {
        record(Arg.SYNC_MAXLEN, v);
    }

    @Option(order = 65, names = "--socket", paramLabel = "path", description = "jlvsd's admin socket")
    void socket(String path) {
        this.socket = path;
    }

    @Option(order = 66, names = "--completion", description = "print a bash completion script for jlvsadm")
    void completion(boolean on) {
        this.completion = true;
    }
}
