package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.Family;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.Timeouts;
import org.junit.jupiter.api.Test;

class InvocationParserTest {
    private final InvocationParser parser = new InvocationParser(new FakeNames());

    private Invocation parse(String... args) throws UsageFailure {
        JlvsadmCommand model = new JlvsadmCommand();
        Jlvsadm.commandLine(model).parseArgs(args);
        return parser.parse(model, false);
    }

    private AdminCommand change(String... args) throws UsageFailure {
        return parse(args).change();
    }

    @Test
    void serviceAddressesInEveryForm() {
        assertThat(parser.parseService("192.0.2.1:80", Protocol.TCP))
                .isEqualTo(new InvocationParser.HostPort(Address.parse("192.0.2.1"), 80, true));
        assertThat(parser.parseService("192.0.2.1", Protocol.TCP))
                .isEqualTo(new InvocationParser.HostPort(Address.parse("192.0.2.1"), 0, false));
        assertThat(parser.parseService("[2001:db8::1]:443", Protocol.TCP))
                .isEqualTo(new InvocationParser.HostPort(Address.parse("2001:db8::1"), 443, true));
        assertThat(parser.parseService("2001:db8::1", Protocol.TCP))
                .as("a bare IPv6 literal has no port")
                .isEqualTo(new InvocationParser.HostPort(Address.parse("2001:db8::1"), 0, false));
        assertThat(parser.parseService("www.example.com:http", Protocol.TCP))
                .isEqualTo(new InvocationParser.HostPort(Address.parse("192.0.2.1"), 80, true));
        assertThat(parser.parseService("192.0.2.1:domain", Protocol.UDP).port()).isEqualTo(53);
        assertThat(parser.parseService("192.0.2.1:domain", Protocol.TCP))
                .as("service names are per protocol")
                .isNull();
        assertThat(parser.parseService("12345", Protocol.TCP))
                .as("all digits is no address")
                .isNull();
        assertThat(parser.parseService("", Protocol.TCP)).isNull();
        assertThat(parser.parseService("[2001:db8::1]80", Protocol.TCP)).isNull();
    }

    @Test
    void addServiceWithEveryOption() throws UsageFailure {
        assertThat(change(
                        "-A",
                        "-t",
                        "192.0.2.1:80",
                        "-s",
                        "sh",
                        "--sched-flags",
                        "sh-port,flag-3",
                        "-p",
                        "120",
                        "-M",
                        "255.255.255.0",
                        "-j",
                        "enable",
                        "-V",
                        "30"))
                .isEqualTo(new AdminCommand.AddService(
                        ServiceConfig.of(ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80))
                                .withScheduler("sh")
                                .withSchedFlags(ServiceConfig.SCHED_FLAG_2 | ServiceConfig.SCHED_FLAG_3)
                                .withPersistence(120, 24)
                                .withSynProxy(true)
                                .withEstablishedTimeout(30)));
        assertThat(change("-A", "-f", "5", "-6", "-p", "-M", "64"))
                .isEqualTo(new AdminCommand.AddService(
                        ServiceConfig.of(ServiceKey.ofFwmark(5, Family.INET6)).withPersistence(300, 64)));
        assertThatThrownBy(() -> change("-A", "-u", "[2001:db8::1]:53", "-o", "-p", "--persistent-conn"))
                .as("a list option on -A is illegal")
                .hasMessage("Illegal 'persistent-conn' option with the 'add-service' command");
        assertThat(change("-A", "-u", "[2001:db8::1]:53", "-o"))
                .isEqualTo(new AdminCommand.AddService(
                        ServiceConfig.of(ServiceKey.of(Protocol.UDP, Address.parse("2001:db8::1"), 53))
                                .withOnePacket(true)));
    }

    @Test
    void anIpv6NetmaskBeforeTheAddressIsReadAsIpv4AsIpvsadmDoes() throws UsageFailure {
        // -M comes first: the family is not known yet, so "64" is the IPv4 mask 0.0.0.64; the IPv6
        // address then resets the granularity to /128.
        AdminCommand c = change("-A", "-M", "64", "-p", "-t", "[2001:db8::1]:80");
        assertThat(((AdminCommand.AddService) c).service().netmask()).isEqualTo(128);
    }

    @Test
    void realServerDefaultsAndPortRules() throws UsageFailure {
        ServiceKey web = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
        assertThat(change("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1"))
                .isEqualTo(new AdminCommand.AddServer(
                        web, RealServerConfig.of(Address.parse("10.0.0.1"), 80, ForwardMethod.ROUTE, 1)));
        assertThat(change("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1:8080", "-i", "-w", "0"))
                .isEqualTo(new AdminCommand.AddServer(
                        web, RealServerConfig.of(Address.parse("10.0.0.1"), 80, ForwardMethod.TUNNEL, 0)));
        assertThat(change("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1:8080", "-b", "-x", "10", "-y", "5"))
                .isEqualTo(new AdminCommand.AddServer(
                        web,
                        new RealServerConfig(Address.parse("10.0.0.1"), 8080, ForwardMethod.FULLNAT, 1, 10, 5, 0)));
        // -r before -t: the port is copied from what the service has at that point, none yet.
        assertThat(change("-a", "-r", "10.0.0.1", "-t", "192.0.2.1:80", "-m"))
                .isEqualTo(new AdminCommand.AddServer(
                        web, RealServerConfig.of(Address.parse("10.0.0.1"), 0, ForwardMethod.MASQ, 1)));
        // Deleting does not apply the routing port rule: the port is as written, or the service's.
        assertThat(change("-d", "-t", "192.0.2.1:80", "-r", "10.0.0.1:8080"))
                .isEqualTo(new AdminCommand.DeleteServer(web, new Endpoint(Address.parse("10.0.0.1"), 8080)));
    }

    @Test
    void otherChanges() throws UsageFailure {
        assertThat(change("--set", "900", "0", "300"))
                .isEqualTo(new AdminCommand.SetTimeouts(new Timeouts(900, 0, 300)));
        assertThat(change("-Z")).isEqualTo(new AdminCommand.Zero(null));
        assertThat(change("-C")).isEqualTo(new AdminCommand.Clear());
        assertThat(change("--clear")).isEqualTo(new AdminCommand.Clear());
        assertThat(change("-P", "-t", "192.0.2.1:80", "-z", "10.9.0.1"))
                .isEqualTo(new AdminCommand.AddLocalAddress(
                        ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80), Address.parse("10.9.0.1")));
        assertThat(change("--add-service", "--tcp-service=192.0.2.1:80", "--scheduler=rr", "--persistent=30"))
                .isEqualTo(new AdminCommand.AddService(
                        ServiceConfig.of(ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80))
                                .withScheduler("rr")
                                .withPersistence(30, 32)));
    }

    @Test
    void persistentTakesItsValueOnlyIfOneFollows() throws UsageFailure {
        assertThat(parse("-A", "-t", "192.0.2.1:80", "-p").persistenceTimeout).isEqualTo(300);
        assertThat(parse("-A", "-t", "192.0.2.1:80", "-p", "-s", "rr").persistenceTimeout)
                .isEqualTo(300);
        assertThat(parse("-A", "-t", "192.0.2.1:80", "-p", "-s", "rr").scheduler)
                .isEqualTo("rr");
        assertThat(parse("-A", "-t", "192.0.2.1:80", "-p", "77").persistenceTimeout)
                .isEqualTo(77);
    }

    @Test
    void schedulerNamesAreCutAt15CharactersAsIpvsadmCopiesThem() throws UsageFailure {
        assertThat(parse("-A", "-t", "192.0.2.1:80", "-s", "abcdefghijklmnopq").scheduler)
                .isEqualTo("abcdefghijklmno");
    }

    @Test
    void listFormats() throws UsageFailure {
        Invocation i = parse("-Lnc", "--persistent-conn");
        assertThat(i.cmd).isEqualTo(Cmd.LIST);
        assertThat(i.format(false)).isEqualTo(new Format(true, false, false, false, false, true, false, false, false));
        assertThatThrownBy(() -> parse("-L", "--rate", "--rate")).hasMessage("multiple 'rate' options specified");
    }

    @Test
    void drainTakesTheServerAndItsOwnOptions() throws UsageFailure {
        Invocation i = parse(
                "--drain",
                "-t",
                "192.0.2.1:80",
                "-r",
                "10.0.0.1:8080",
                "--timeout",
                "30s",
                "--idle-grace",
                "500ms",
                "--wait",
                "--keep");
        assertThat(i.cmd).isEqualTo(Cmd.DRAIN);
        assertThat(i.serviceKey()).isEqualTo(ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80));
        assertThat(new Endpoint(i.destAddress, i.destPort)).isEqualTo(new Endpoint(Address.parse("10.0.0.1"), 8080));
        assertThat(i.drainTimeoutMillis).isEqualTo(30_000L);
        assertThat(i.idleGraceMillis).isEqualTo(500L);
        assertThat(i.has(Opt.WAIT)).isTrue();
        assertThat(i.has(Opt.KEEP)).isTrue();

        Invocation plain = parse("--drain", "-u", "192.0.2.1:53", "-r", "10.0.0.1");
        assertThat(plain.drainTimeoutMillis).as("jlvsd's drain_timeout").isNull();
        assertThat(plain.idleGraceMillis).isNull();
        assertThat(plain.destPort).as("no port: the service's").isEqualTo(53);
        assertThat(plain.has(Opt.WAIT)).isFalse();
        assertThat(plain.has(Opt.KEEP)).isFalse();
    }

    @Test
    void drainRefusesWhatItCannotUse() {
        assertThatThrownBy(() -> parse("--drain", "-t", "192.0.2.1:80"))
                .hasMessage("You need to supply the 'real-server' option for the 'drain' command");
        assertThatThrownBy(() -> parse("--drain", "-t", "192.0.2.1:80", "-r", "10.0.0.1", "-w", "0"))
                .hasMessage("Illegal 'weight' option with the 'drain' command");
        assertThatThrownBy(() -> parse("--drain", "-t", "192.0.2.1:80", "-r", "10.0.0.1", "--timeout"))
                .hasMessage("--timeout needs a duration with --drain (e.g. 30s, 2m, 500ms)");
        assertThatThrownBy(() -> parse("--drain", "-t", "192.0.2.1:80", "-r", "10.0.0.1", "--timeout", "30x"))
                .hasMessage("illegal --timeout duration `30x' (e.g. 30s, 2m, 500ms; at most 31 days)");
        assertThatThrownBy(() -> parse("--drain", "-t", "192.0.2.1:80", "-r", "10.0.0.1", "--idle-grace", "-1s"))
                .hasMessage("illegal --idle-grace duration `-1s' (e.g. 30s, 2m, 500ms; at most 31 days)");
        assertThatThrownBy(() -> parse("--drain", "-t", "192.0.2.1:80", "-r", "10.0.0.1", "30s"))
                .as("a duration without --timeout")
                .hasMessage("unexpected argument 30s");
        assertThatThrownBy(() -> parse("-L", "--wait")).hasMessage("Illegal 'wait' option with the 'list' command");
        assertThatThrownBy(() -> parse("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1", "--keep"))
                .hasMessage("Illegal 'keep' option with the 'add-server' command");
    }

    @Test
    void durationsAsOperatorsWriteThem() throws UsageFailure {
        assertThat(Durations.millis("500ms", "--timeout")).isEqualTo(500);
        assertThat(Durations.millis("45", "--timeout"))
                .as("a bare number is seconds")
                .isEqualTo(45_000);
        assertThat(Durations.millis("2m", "--timeout")).isEqualTo(120_000);
        assertThat(Durations.millis("1h", "--timeout")).isEqualTo(3_600_000);
        assertThat(Durations.millis("744h", "--timeout")).as("31 days").isEqualTo(Durations.MAX_MILLIS);
        assertThatThrownBy(() -> Durations.millis("745h", "--timeout")).isInstanceOf(UsageFailure.class);
        assertThatThrownBy(() -> Durations.millis("", "--timeout")).isInstanceOf(UsageFailure.class);
        assertThatThrownBy(() -> Durations.millis("1.5s", "--timeout")).isInstanceOf(UsageFailure.class);
    }

    @Test
    void sysctlTakesAnOptionalNameOrAssignment() throws UsageFailure {
        assertThat(parse("--sysctl").sysctl).isNull();
        assertThat(parse("--sysctl", "drain_timeout").sysctl).isEqualTo("drain_timeout");
        Invocation set = parse("--sysctl", "drain_timeout=60");
        assertThat(set.cmd).isEqualTo(Cmd.SYSCTL);
        assertThat(set.sysctl).isEqualTo("drain_timeout=60");
        assertThatThrownBy(() -> parse("--sysctl", "-t", "192.0.2.1:80"))
                .as("popt: a word starting with '-' is the next option, not the value")
                .hasMessage("Illegal 'service-address' option with the 'sysctl' command");
    }
}
