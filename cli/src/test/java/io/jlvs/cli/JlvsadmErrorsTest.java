package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.daemon.registry.RegistrySnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad command line gets ipvsadm's message and exit code, prints nothing on stdout, and
 * leaves jlvsd's table exactly as it was.
 */
class JlvsadmErrorsTest {
    private static final String EINVAL = "Invalid operation.  Possibly wrong module version, address not unicast, ...";
    private static final String TRY_HELP = "Try `jlvsadm -h' or 'jlvsadm --help' for more information.";

    @TempDir
    Path dir;

    private TestDaemon jlvsd;

    @BeforeEach
    void start() throws IOException {
        jlvsd = new TestDaemon(dir);
        jlvsd.setUp("-A -t 192.0.2.1:80", "-a -t 192.0.2.1:80 -r 10.0.0.1:80 -g", "-P -t 192.0.2.1:80 -z 10.9.0.1");
    }

    @AfterEach
    void stop() throws IOException {
        jlvsd.close();
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                // popt: the first option must be a command; unknown options and missing values.
                bad(255, TRY_HELP, "--bogus"),
                bad(255, TRY_HELP, "-t", "192.0.2.9:80", "-A"),
                bad(255, TRY_HELP, "stray"),
                bad(255, "--bogus: unknown option", "-A", "--bogus"),
                bad(255, "-t: missing argument", "-A", "-t"),
                bad(255, "-r: missing argument", "-a", "-t", "192.0.2.1:80", "-r"),
                // Addresses and ports.
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "192.0.2.300:80"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "192.0.2.9:65536"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "192.0.2.9:-1"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "192.0.2.9:"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "192.0.2.9:nosuchservice"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "no.such.host.invalid:80"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "80"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "[2001:db8::1]"),
                bad(2, "illegal virtual server address[:port] specified", "-A", "-t", "[2001:db8::1:80"),
                bad(2, "illegal real server address[:port] specified", "-a", "-t", "192.0.2.1:80", "-r", "10.0.0.256"),
                bad(2, "illegal local address", "-P", "-t", "192.0.2.1:80", "-z", "bogus"),
                bad(2, "invalid fwmark value `0' specified", "-A", "-f", "0"),
                bad(2, "invalid fwmark value `4294967296' specified", "-A", "-f", "4294967296"),
                bad(2, "invalid fwmark value `7x' specified", "-A", "-f", "7x"),
                // Values.
                bad(2, "illegal weight specified", "-a", "-t", "192.0.2.1:80", "-r", "10.0.0.2", "-w", "65536"),
                bad(2, "illegal weight specified", "-a", "-t", "192.0.2.1:80", "-r", "10.0.0.2", "-w", "-1"),
                bad(2, "illegal weight specified", "-a", "-t", "192.0.2.1:80", "-r", "10.0.0.2", "-w", "x"),
                bad(2, "illegal u_threshold specified", "-a", "-t", "192.0.2.1:80", "-r", "10.0.0.2", "-x", "-5"),
                bad(
                        2,
                        "illegal l_threshold specified",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-y",
                        "2147483648"),
                bad(2, "invalid timeout value `0' specified", "-A", "-t", "192.0.2.9:80", "-p", "0"),
                bad(2, "invalid timeout value `2678401' specified", "-A", "-t", "192.0.2.9:80", "-p", "2678401"),
                bad(
                        2,
                        "illegal virtual server persistent mask specified",
                        "-A",
                        "-t",
                        "192.0.2.9:80",
                        "-p",
                        "-M",
                        "255.0.255.0"),
                bad(
                        2,
                        "illegal virtual server persistent mask specified",
                        "-A",
                        "-t",
                        "192.0.2.9:80",
                        "-p",
                        "-M",
                        "bogus"),
                bad(2, "illegal ipv6 netmask specified", "-A", "-t", "[2001:db8::9]:80", "-p", "-M", "129"),
                bad(2, "-6 used before -f\n", "-A", "-6", "-f", "1"),
                bad(2, "incompatible scheduler flag `sh-port'", "-A", "-t", "192.0.2.9:80", "--sched-flags", "sh-port"),
                bad(
                        2,
                        "incompatible scheduler flag `mh-fallback'",
                        "-A",
                        "-t",
                        "192.0.2.9:80",
                        "-s",
                        "sh",
                        "--sched-flags",
                        "mh-fallback"),
                bad(2, "invalid scheduler flag `bogus'", "-A", "-t", "192.0.2.9:80", "--sched-flags", "flag-1,bogus"),
                bad(2, "synproxy switch must be enable or disable\n", "-A", "-t", "192.0.2.9:80", "-j", "maybe"),
                bad(2, "--set option requires 3 timeout values", "--set", "1", "2"),
                bad(2, "invalid timeout value `x' specified", "--set", "1", "2", "x"),
                bad(2, "unexpected argument 4", "--set", "1", "2", "3", "4"),
                bad(2, "unexpected argument extra", "-C", "extra"),
                bad(2, "illegal start-daemon parameter specified", "--start-daemon", "sideways"),
                bad(2, "illegal start_daemon specified", "--stop-daemon", "sideways"),
                bad(2, "illegal syncid specified", "--start-daemon", "master", "--syncid", "256"),
                bad(2, "invalid IPv4 mcast-group `10.0.0.1'", "--start-daemon", "master", "--mcast-group", "10.0.0.1"),
                // Which options go with which command.
                bad(2, "invalid option `-A'", "-A", "-t", "192.0.2.9:80", "-A"),
                bad(2, "invalid option `-h'", "-L", "-h"),
                bad(
                        2,
                        "multiple 'service-address' options specified",
                        "-A",
                        "-t",
                        "192.0.2.9:80",
                        "-u",
                        "192.0.2.9:80"),
                bad(
                        2,
                        "multiple 'forwarding-method' options specified",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-m",
                        "-b"),
                bad(
                        2,
                        "You need to supply the 'service-address' option for the 'add-service' command",
                        "-A",
                        "-s",
                        "rr"),
                bad(
                        2,
                        "You need to supply the 'real-server' option for the 'add-server' command",
                        "-a",
                        "-t",
                        "192.0.2.1:80"),
                bad(
                        2,
                        "You need to supply the 'local-address' option for the 'add-laddr' command",
                        "-P",
                        "-t",
                        "192.0.2.1:80"),
                bad(
                        2,
                        "Illegal 'real-server' option with the 'add-service' command",
                        "-A",
                        "-t",
                        "192.0.2.9:80",
                        "-r",
                        "10.0.0.1"),
                bad(
                        2,
                        "Illegal 'u-threshold' option with the 'add-service' command",
                        "-A",
                        "-t",
                        "192.0.2.9:80",
                        "-x",
                        "5"),
                bad(
                        2,
                        "Illegal 'scheduler' option with the 'delete-service' command",
                        "-D",
                        "-t",
                        "192.0.2.1:80",
                        "-s",
                        "rr"),
                bad(2, "Illegal 'numeric' option with the 'flush' command", "-C", "-n"),
                bad(
                        2,
                        "The option 'service-address' conflicts with the 'connection' option in the 'list' command",
                        "-L",
                        "-c",
                        "-t",
                        "192.0.2.1:80"),
                bad(2, "options conflicts in the list command", "-L", "--timeout", "--stats"),
                bad(2, "options conflicts in the list command", "-L", "-c", "--rate"),
                bad(2, "Zero port specified for non-persistent service", "-A", "-t", "192.0.2.9:0"),
                bad(2, "Zero port specified for non-persistent service", "-A", "-t", "2001:db8::9"),
                bad(2, "One-Packet Scheduling is only for UDP virtual services", "-A", "-t", "192.0.2.9:80", "-o"),
                bad(
                        2,
                        "Different address family is allowed only for tunneling servers",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "[2001:db8::5]:80",
                        "-m"),
                bad(
                        2,
                        "Tunnel options conflict with forward method",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-m",
                        "--tun-type",
                        "ipip"),
                bad(
                        2,
                        "Illegal 'tun-port' option with the 'ipip' tunnel type",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-i",
                        "--tun-port",
                        "6080"),
                bad(
                        2,
                        "You need to supply the 'tun-port' option for the 'gue' tunnel type",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-i",
                        "--tun-type",
                        "gue"),
                bad(
                        2,
                        "tunnel type `gue' is not supported by jlvs: real servers are tunnelled with ipip",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-i",
                        "--tun-type",
                        "gue",
                        "--tun-port",
                        "6080"),
                bad(
                        2,
                        "illegal tunnel type specified",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-i",
                        "--tun-type",
                        "vxlan"),
                // Refused by jlvsd, with the kernel's errno in libipvs's words.
                bad(255, "Scheduler or persistence engine not found", "-A", "-t", "192.0.2.9:80", "-s", "nosuch"),
                bad(255, "Scheduler or persistence engine not found", "-A", "-t", "192.0.2.9:80", "--pe", "sip"),
                bad(255, "Scheduler or persistence engine not found", "-E", "-t", "192.0.2.1:80", "-s", "nosuch"),
                bad(255, "Service already exists", "-A", "-t", "192.0.2.1:80"),
                bad(255, "Service already exists", "-A", "-t", "www.example.com:http", "-s", "rr"),
                bad(255, "No such service", "-E", "-t", "192.0.2.9:80"),
                bad(255, "No such service", "-D", "-t", "192.0.2.9:80"),
                bad(255, "No such service", "-D", "-u", "192.0.2.1:80"),
                bad(255, "No such service", "-Z", "-f", "9"),
                bad(255, "Service not defined", "-a", "-t", "192.0.2.9:80", "-r", "10.0.0.2"),
                bad(255, "Destination already exists", "-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1"),
                bad(255, "No such destination", "-e", "-t", "192.0.2.1:80", "-r", "10.0.0.2", "-w", "3"),
                bad(255, "No such destination", "-d", "-t", "192.0.2.1:80", "-r", "10.0.0.2"),
                bad(255, "No such destination", "-e", "-t", "192.0.2.1:80", "-r", "10.0.0.1:81", "-m"),
                bad(
                        255,
                        "Numerical result out of range",
                        "-a",
                        "-t",
                        "192.0.2.1:80",
                        "-r",
                        "10.0.0.2",
                        "-x",
                        "1",
                        "-y",
                        "2"),
                bad(255, EINVAL, "-a", "-t", "192.0.2.1:80", "-r", "224.0.0.1"),
                bad(255, EINVAL, "-a", "-t", "192.0.2.1:80", "-r", "0.0.0.0"),
                bad(2, "illegal ipv6 netmask specified", "-A", "-t", "[2001:db8::9]:80", "-p", "-M", "0x"),
                bad(255, EINVAL, "-a", "-t", "192.0.2.1:80", "-r", "255.255.255.255"),
                bad(255, EINVAL, "-P", "-t", "192.0.2.1:80", "-z", "2001:db8::9"),
                bad(255, "Local address already exists", "-P", "-t", "192.0.2.1:80", "-z", "10.9.0.1"),
                bad(255, "No such Local address", "-Q", "-t", "192.0.2.1:80", "-z", "10.9.9.9"),
                bad(255, "No such service", "-G", "-t", "192.0.2.9:80"),
                bad(1, "No such service", "-L", "-t", "192.0.2.9:80"),
                bad(1, "No such service", "-L", "-n", "-f", "1", "-6"),
                // Connection sync belongs to jlvsd's configuration.
                bad(
                        255,
                        "Connection synchronisation is run by jlvsd from its configuration (lvs_sync_daemon in "
                                + "keepalived.conf); jlvsadm does not start or stop it",
                        "--start-daemon",
                        "master",
                        "--mcast-interface",
                        "eth0"),
                bad(
                        255,
                        "Connection synchronisation is run by jlvsd from its configuration (lvs_sync_daemon in "
                                + "keepalived.conf); jlvsadm does not start or stop it",
                        "--stop-daemon",
                        "backup"));
    }

    private static Arguments bad(int exit, String message, String... args) {
        return Arguments.of(String.join(" ", args), args, exit, message);
    }

    @ParameterizedTest(name = "jlvsadm {0}")
    @MethodSource("badCommandLines")
    void isRefusedAndChangesNothing(String shown, String[] args, int exit, String message) {
        RegistrySnapshot before = jlvsd.registry.snapshot();
        TestDaemon.Result r = jlvsd.run(args);
        assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(r.exit()).isEqualTo(exit);
        assertThat(r.out()).isEmpty();
        assertThat(jlvsd.registry.snapshot()).isSameAs(before);
    }
}
