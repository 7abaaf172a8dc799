package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.Counters;
import io.jlvs.api.Endpoint;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.RegistrySnapshot;
import io.jlvs.daemon.registry.VirtualServiceEntry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jlvsadm against a real admin server and registry. */
class JlvsadmRoundTripTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    private static final Address RS1 = Address.parse("10.0.0.1");
    private static final Address RS2 = Address.parse("10.0.0.2");

    @TempDir
    Path dir;

    private static void ok(TestDaemon.Result r) {
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    /**
     * The table as configuration only, in listing order: what -S must carry and -R must rebuild
     * (-S writes in sorted order, so the order things were added is not part of it).
     */
    private static List<Object> configuration(RegistrySnapshot s) {
        return configuration(s, false);
    }

    /** The table as data; {@code withoutThresholds} as an ipvsadm -S / -R round trip leaves it. */
    private static List<Object> configuration(RegistrySnapshot s, boolean withoutThresholds) {
        return s.services().stream()
                .sorted(java.util.Comparator.comparing(e -> e.config().key()))
                .map(e -> (Object) List.of(
                        e.config(),
                        e.realServers().stream()
                                .map(RealServerEntry::config)
                                .map(c -> withoutThresholds
                                        ? new RealServerConfig(
                                                c.address(), c.port(), c.forward(), c.weight(), 0, 0, c.slowStart())
                                        : c)
                                .sorted(java.util.Comparator.comparing((RealServerConfig c) -> c.address())
                                        .thenComparingInt(RealServerConfig::port))
                                .toList(),
                        e.localAddresses()))
                .toList();
    }

    @Test
    void addEditDeleteSequence() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            ok(jlvsd.run("-A", "-t", "192.0.2.1:80", "-s", "rr"));
            ok(jlvsd.run("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1:8080", "-m", "-w", "2"));
            ok(jlvsd.run("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.2"));
            VirtualServiceEntry web = jlvsd.service(WEB);
            assertThat(web.config()).isEqualTo(ServiceConfig.of(WEB).withScheduler("rr"));
            assertThat(web.realServers())
                    .extracting(RealServerEntry::config)
                    .containsExactly(
                            RealServerConfig.of(RS1, 8080, ForwardMethod.MASQ, 2),
                            RealServerConfig.of(RS2, 80, ForwardMethod.ROUTE, 1));

            // -e replaces forwarding, weight and thresholds; ipvsadm's default forwarding is -g.
            ok(jlvsd.run("-e", "-t", "192.0.2.1:80", "-r", "10.0.0.1:8080", "-m", "-w", "0", "-x", "900", "-y", "600"));
            assertThat(jlvsd.service(WEB)
                            .realServer(new Endpoint(RS1, 8080))
                            .orElseThrow()
                            .config())
                    .isEqualTo(new RealServerConfig(RS1, 8080, ForwardMethod.MASQ, 0, 900, 600, 0));

            // -E replaces the whole service configuration and keeps the real servers.
            ok(jlvsd.run("-E", "-t", "192.0.2.1:80", "-s", "wlc", "-p", "60"));
            assertThat(jlvsd.service(WEB).config())
                    .isEqualTo(ServiceConfig.of(WEB).withPersistence(60, 32));
            assertThat(jlvsd.service(WEB).realServers()).hasSize(2);

            ok(jlvsd.run("-d", "-t", "192.0.2.1:80", "-r", "10.0.0.2"));
            assertThat(jlvsd.service(WEB).realServers())
                    .extracting(r -> r.config().address())
                    .containsExactly(RS1);

            ok(jlvsd.run("-D", "-t", "192.0.2.1:80"));
            assertThat(jlvsd.registry.snapshot().services()).isEmpty();

            ok(jlvsd.run("-A", "-u", "192.0.2.1:53"));
            ok(jlvsd.run("-A", "-f", "1"));
            ok(jlvsd.run("-C"));
            assertThat(jlvsd.registry.snapshot().services()).isEmpty();
        }
    }

    @Test
    void saveThenRestoreReproducesTheTable() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp(JlvsadmGoldenTest.SETUP);
            TestDaemon.Result saved = jlvsd.run("-S", "-n");
            ok(saved);
            RegistrySnapshot original = jlvsd.registry.snapshot();
            List<Object> before = configuration(original);

            ok(jlvsd.run("-C"));
            assertThat(jlvsd.registry.snapshot().services()).isEmpty();
            long generation = jlvsd.registry.snapshot().generation();

            ok(jlvsd.runWithInput(saved.out(), "-R"));
            assertThat(jlvsd.registry.snapshot().generation())
                    .as("a restore is published as one snapshot")
                    .isEqualTo(generation + 1);
            // ipvsadm's -S has no -x/-y, so thresholds do not survive a save and restore (there
            // or here); everything else does.
            assertThat(configuration(jlvsd.registry.snapshot()))
                    .isEqualTo(configuration(original, true))
                    .isNotEqualTo(before);
            assertThat(jlvsd.run("-S", "-n").out()).isEqualTo(saved.out());
        }
    }

    @Test
    void saveWithNamesRestoresToo() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp("-A -t 192.0.2.1:80", "-a -t 192.0.2.1:80 -r 10.0.0.2:8080 -m");
            TestDaemon.Result saved = jlvsd.run("-S");
            assertThat(saved.out())
                    .isEqualTo("-A -t www.example.com:http -s wlc\n"
                            + "-a -t www.example.com:http -r backend-two.example.com:http-alt -m -w 1\n");
            List<Object> before = configuration(jlvsd.registry.snapshot());
            ok(jlvsd.run("-C"));
            ok(jlvsd.runWithInput(saved.out(), "-R"));
            assertThat(configuration(jlvsd.registry.snapshot())).isEqualTo(before);
        }
    }

    @Test
    void restoreSkipsBlankLinesCommentsAndTheCommandName() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            String input = "# saved by hand\n\nipvsadm -A -t 192.0.2.1:80 -s rr\n"
                    + "  jlvsadm   -a -t 192.0.2.1:80\t-r 10.0.0.1 -g  \n";
            ok(jlvsd.runWithInput(input, "-R"));
            assertThat(jlvsd.service(WEB).realServers()).hasSize(1);
        }
    }

    @Test
    void aBadLineInRestoreInputChangesNothing() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp("-A -u 192.0.2.1:53");
            RegistrySnapshot before = jlvsd.registry.snapshot();
            String input =
                    "-A -t 192.0.2.1:80\n-a -t 192.0.2.1:80 -r 10.0.0.1\n-a -t 192.0.2.1:80 -r 10.0.0.2 -w lots\n";
            TestDaemon.Result r = jlvsd.runWithInput(input, "-R");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err())
                    .isEqualTo("illegal weight specified\n"
                            + "jlvsadm: restore stopped at line 3 (-a -t 192.0.2.1:80 -r 10.0.0.2 -w lots); "
                            + "nothing was changed\n");
            assertThat(jlvsd.registry.snapshot()).isSameAs(before);
        }
    }

    @Test
    void aLineJlvsdRefusesChangesNothing() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp("-A -u 192.0.2.1:53");
            RegistrySnapshot before = jlvsd.registry.snapshot();
            String input = "-A -t 192.0.2.1:80\n-A -u 192.0.2.1:53\n-a -t 192.0.2.1:80 -r 10.0.0.1\n";
            TestDaemon.Result r = jlvsd.runWithInput(input, "-R");
            assertThat(r.exit()).isEqualTo(255);
            assertThat(r.err())
                    .isEqualTo("Service already exists\n"
                            + "jlvsadm: restore stopped at line 2 (-A -u 192.0.2.1:53); nothing was changed\n");
            assertThat(jlvsd.registry.snapshot()).isSameAs(before);
        }
    }

    @Test
    void restoreInputHoldsChangesOnly() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            RegistrySnapshot before = jlvsd.registry.snapshot();
            TestDaemon.Result nested = jlvsd.runWithInput("-A -t 192.0.2.1:80\n-R\n", "-R");
            assertThat(nested.exit()).isEqualTo(255);
            assertThat(nested.err()).startsWith("Try `jlvsadm -h' or 'jlvsadm --help' for more information.\n");
            TestDaemon.Result list = jlvsd.runWithInput("-A -t 192.0.2.1:80\n-L -n\n", "-R");
            assertThat(list.exit()).isEqualTo(2);
            assertThat(list.err()).startsWith("only table changes can be restored, not --list\n");
            TestDaemon.Result junk = jlvsd.runWithInput("this is not ipvsadm\n", "-R");
            assertThat(junk.exit()).isEqualTo(255);
            assertThat(jlvsd.registry.snapshot()).isSameAs(before);
            ok(jlvsd.runWithInput("", "-R"));
        }
    }

    @Test
    void zeroClearsCountersOfOneServiceOrAll() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp("-A -t 192.0.2.1:80", "-a -t 192.0.2.1:80 -r 10.0.0.1", "-A -u 192.0.2.1:53");
            ServiceKey dns = ServiceKey.of(Protocol.UDP, Address.parse("192.0.2.1"), 53);
            jlvsd.serviceBlock(WEB).add(1, 2, 3, 4, 5);
            jlvsd.realServerBlock(WEB, new Endpoint(RS1, 80)).add(1, 2, 3, 4, 5);
            jlvsd.serviceBlock(dns).add(9, 9, 9, 9, 9);
            ok(jlvsd.run("-Z", "-t", "192.0.2.1:80"));
            assertThat(jlvsd.stats.counters(jlvsd.service(WEB).id())).isEqualTo(Counters.ZERO);
            assertThat(jlvsd.stats.counters(
                            jlvsd.service(WEB).realServers().getFirst().id()))
                    .isEqualTo(Counters.ZERO);
            assertThat(jlvsd.stats.counters(jlvsd.service(dns).id())).isEqualTo(new Counters(9, 9, 9, 9, 9));
            ok(jlvsd.run("-Z"));
            assertThat(jlvsd.stats.counters(jlvsd.service(dns).id())).isEqualTo(Counters.ZERO);
        }
    }

    @Test
    void timeoutsLocalAddressesAndSynproxy() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            ok(jlvsd.run("--set", "1000", "0", "30"));
            assertThat(jlvsd.run("-L", "--timeout").out()).isEqualTo("Timeout (tcp tcpfin udp): 1000 120 30\n");
            jlvsd.setUp("-A -t 192.0.2.1:80 -j enable -V 60", "-P -t 192.0.2.1:80 -z 10.9.0.1");
            assertThat(jlvsd.service(WEB).config().synProxy()).isTrue();
            assertThat(jlvsd.service(WEB).config().establishedTimeout()).isEqualTo(60);
            assertThat(jlvsd.service(WEB).localAddresses()).containsExactly(Address.parse("10.9.0.1"));
            ok(jlvsd.run("-Q", "-t", "192.0.2.1:80", "-z", "10.9.0.1"));
            assertThat(jlvsd.service(WEB).localAddresses()).isEmpty();
            ok(jlvsd.run("-E", "-t", "192.0.2.1:80", "-j", "disable"));
            assertThat(jlvsd.service(WEB).config().synProxy()).isFalse();
        }
    }

    @Test
    void clientAddressIsSetShownSavedAndEdited() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp("-A -t 192.0.2.1:80 -s rr --client-address proxy_v2", "-a -t 192.0.2.1:80 -r 10.0.0.1 -b");
            assertThat(jlvsd.service(WEB).config().clientAddress().mode()).isEqualTo(ClientAddressMode.PROXY_V2);
            assertThat(jlvsd.run("-S", "-n").out()).contains("-A -t 192.0.2.1:80 -s rr --client-address proxy_v2\n");
            assertThat(jlvsd.run("-L", "-n").out()).contains("TCP  192.0.2.1:80 rr client-address proxy_v2\n");
            ok(jlvsd.run("-E", "-t", "192.0.2.1:80", "-s", "rr", "--client-address", "toa"));
            assertThat(jlvsd.service(WEB).config().clientAddress())
                    .isEqualTo(ClientAddressSpec.of(ClientAddressMode.TOA));
            assertThat(jlvsd.run("-S", "-n").out()).contains("-A -t 192.0.2.1:80 -s rr --client-address toa\n");
            ok(jlvsd.run(
                    "-E",
                    "-t",
                    "192.0.2.1:80",
                    "-s",
                    "rr",
                    "--client-address",
                    "toa",
                    "--toa-in-syn",
                    "--toa-ipv6-kind",
                    "254"));
            assertThat(jlvsd.service(WEB).config().clientAddress())
                    .isEqualTo(new ClientAddressSpec(ClientAddressMode.TOA, true, 254));
            assertThat(jlvsd.run("-S", "-n").out())
                    .contains("-A -t 192.0.2.1:80 -s rr --client-address toa --toa-in-syn --toa-ipv6-kind 254\n");
            assertThat(jlvsd.run("-L", "-n").out())
                    .contains("TCP  192.0.2.1:80 rr client-address toa toa-in-syn toa-ipv6-kind 254\n");
            assertThat(jlvsd.run("-E", "-t", "192.0.2.1:80", "--client-address", "proxy_v1", "--toa-in-syn"))
                    .satisfies(r -> assertThat(r.exit()).isEqualTo(2))
                    .satisfies(r -> assertThat(r.err())
                            .contains("--toa-in-syn and --toa-ipv6-kind go with --client-address toa"));
            assertThat(jlvsd.run("-E", "-t", "192.0.2.1:80", "--client-address", "toa", "--toa-ipv6-kind", "255")
                            .err())
                    .contains("toa-ipv6-kind must be 253 (alibaba) or 254 (DPVS)");
            ok(jlvsd.run("-E", "-t", "192.0.2.1:80", "-s", "rr"));
            assertThat(jlvsd.service(WEB).config().clientAddress()).isEqualTo(ClientAddressSpec.NONE);
            assertThat(jlvsd.run("-S", "-n").out()).doesNotContain("client-address");

            assertThat(jlvsd.run("-A", "-u", "192.0.2.1:53", "--client-address", "toa")
                            .exit())
                    .as("TOA rides on TCP only")
                    .isNotZero();
            ok(jlvsd.run("-A", "-u", "192.0.2.1:53", "--client-address", "proxy_v2"));
            assertThat(jlvsd.run("-A", "-t", "192.0.2.1:81", "--client-address", "proxy_v3")
                            .exit())
                    .isEqualTo(2);
        }
    }

    @Test
    void realServerPortsFollowIpvsadmsRules() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            jlvsd.setUp(
                    "-A -t 192.0.2.1:80",
                    // Direct routing keeps the service's port whatever -r says.
                    "-a -t 192.0.2.1:80 -r 10.0.0.1:8080 -g",
                    // NAT without a port takes the service's port.
                    "-a -t 192.0.2.1:80 -r 10.0.0.2 -m",
                    // A port by service name, resolved for the service's protocol.
                    "-a -t 192.0.2.1:80 -r 10.0.0.3:http-alt -m");
            assertThat(jlvsd.service(WEB).realServers())
                    .extracting(r -> r.config().endpoint())
                    .containsExactly(
                            new Endpoint(RS1, 80),
                            new Endpoint(RS2, 80),
                            new Endpoint(Address.parse("10.0.0.3"), 8080));
        }
    }

    @Test
    void listingWithoutArgumentsAndTheOtherQueries() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            TestDaemon.Result bare = jlvsd.run();
            ok(bare);
            assertThat(bare.out())
                    .isEqualTo("IP Virtual Server version 1.2.1 (size=4096)\n"
                            + "Prot LocalAddress:Port Scheduler Flags\n"
                            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
            TestDaemon.Result daemons = jlvsd.run("-L", "--daemon");
            ok(daemons);
            assertThat(daemons.out()).isEmpty();
            TestDaemon.Result noConns = jlvsd.run("-L", "-n", "-c");
            assertThat(noConns.out())
                    .isEqualTo(
                            "IPVS connection entries\npro expire state       source             virtual            destination\n");
        }
    }

    @Test
    void theSocketOptionOverridesTheEnvironment() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            TestDaemon.Result r = TestDaemon.jlvsadm(
                    Map.of("JLVS_SOCKET", dir.resolve("elsewhere.sock").toString()),
                    "",
                    "--socket",
                    jlvsd.socket.toString(),
                    "-A",
                    "-t",
                    "192.0.2.1:80");
            ok(r);
            assertThat(jlvsd.registry.snapshot().services()).hasSize(1);
        }
    }

    @Test
    void withoutJlvsdItSaysSoAndExits2() {
        Path missing = dir.resolve("no-jlvsd.sock");
        TestDaemon.Result r = TestDaemon.jlvsadm(Map.of("JLVS_SOCKET", missing.toString()), "", "-L", "-n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Can't initialize ipvs: ")
                .endsWith("\nAre you sure that jlvsd is running (admin socket " + missing + ")?\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void reloadIsSentToJlvsd() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir.resolve("a"), () -> "reloaded: 1 service added")) {
            TestDaemon.Result r = jlvsd.run("--reload");
            ok(r);
            assertThat(r.out()).isEqualTo("reloaded: 1 service added\n");
        }
        try (TestDaemon jlvsd = new TestDaemon(dir.resolve("b"))) {
            TestDaemon.Result r = jlvsd.run("--reload");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err())
                    .isEqualTo("jlvsd was started without a configuration file: there is nothing to reload\n");
        }
    }

    @Test
    void sysctlListsReadsAndSetsJlvsdsSettings() throws Exception {
        try (TestDaemon jlvsd = new TestDaemon(dir, null, new Sysctls(false, false, SynProxySettings.DEFAULTS))) {
            TestDaemon.Result all = jlvsd.run("--sysctl");
            ok(all);
            assertThat(all.out())
                    .contains("drain_idle_grace_ms = 500\n")
                    .contains("drain_timeout = 300\n")
                    .contains("expire_nodest_conn = 0\n");

            TestDaemon.Result set = jlvsd.run("--sysctl", "drain_timeout=60");
            ok(set);
            assertThat(set.out()).as("a change prints nothing").isEmpty();
            TestDaemon.Result one = jlvsd.run("--sysctl", "drain_timeout");
            ok(one);
            assertThat(one.out()).isEqualTo("drain_timeout = 60\n");

            TestDaemon.Result bad = jlvsd.run("--sysctl", "drain_timeout=soon");
            assertThat(bad.exit()).isNotZero();
            assertThat(bad.err()).contains("drain_timeout: `soon' is not a number");
            assertThat(jlvsd.run("--sysctl", "drain_timeout").out()).isEqualTo("drain_timeout = 60\n");
        }
    }

    @Test
    void helpVersionAndCompletion() {
        Map<String, String> env =
                Map.of("JLVS_SOCKET", dir.resolve("unused.sock").toString());
        TestDaemon.Result help = TestDaemon.jlvsadm(env, "", "-h");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("Usage:")
                .contains("jlvsadm -A|E virtual-service")
                .contains("--tcp-service")
                .contains("--fullnat")
                .contains("--sched-flags")
                .contains("[--client-address none|toa|proxy_v1|proxy_v2 [--toa-in-syn] [--toa-ipv6-kind 253|254]]")
                .contains("--toa-ipv6-kind 253|254")
                .contains("jlvsadm --drain virtual-service -r server-address [--timeout duration]")
                .contains("--idle-grace")
                .contains("jlvsadm --sysctl [name[=value]]");
        TestDaemon.Result version = TestDaemon.jlvsadm(env, "", "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("jlvsadm ").endsWith("(ipvsadm v1.31 command line, IPVS v1.2.1)\n");
        TestDaemon.Result completion = TestDaemon.jlvsadm(env, "", "--completion");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_jlvsadm")
                .contains("--tcp-service")
                .contains("--persistent-conn")
                .contains("--drain")
                .contains("--sysctl")
                .contains("--toa-in-syn")
                .contains("--idle-grace");
    }

    @Test
    void slowStartIsSetListedSavedAndRestored() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            ok(jlvsd.run("-A", "-t", "192.0.2.1:80", "-s", "lc"));
            ok(jlvsd.run("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1:8080", "-m", "-w", "2"));
            ok(jlvsd.run("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.2:8080", "-m", "-w", "2", "--slow-start", "2m"));
            RealServerConfig rs2 = jlvsd.registry
                    .snapshot()
                    .service(WEB)
                    .orElseThrow()
                    .realServer(new io.jlvs.api.Endpoint(RS2, 8080))
                    .orElseThrow()
                    .config();
            assertThat(rs2.slowStart()).isEqualTo(120);

            String listing = jlvsd.run("-L", "-n").out();
            // ipvsadm's columns keep the configured weight; the ramp is said after them.
            assertThat(listing)
                    .containsPattern(
                            "  -> 10\\.0\\.0\\.2:8080 +Masq +2 +0 +0 +slow start: 10% of weight, \\d+\\.\\ds of 120s\n");
            assertThat(listing).containsPattern("  -> 10\\.0\\.0\\.1:8080 +Masq +2 +0 +0 +\n");

            TestDaemon.Result saved = jlvsd.run("-S", "-n");
            assertThat(saved.out())
                    .contains("-a -t 192.0.2.1:80 -r 10.0.0.2:8080 -m -w 2 --slow-start 120s\n")
                    .contains("-a -t 192.0.2.1:80 -r 10.0.0.1:8080 -m -w 2\n");
            ok(jlvsd.run("-C"));
            ok(jlvsd.runWithInput(saved.out(), "-R"));
            assertThat(jlvsd.run("-S", "-n").out()).isEqualTo(saved.out());
        }
    }

    @Test
    void slowStartMustBeWholeSecondsWithinADay() throws IOException {
        try (TestDaemon jlvsd = new TestDaemon(dir)) {
            ok(jlvsd.run("-A", "-t", "192.0.2.1:80", "-s", "lc"));
            TestDaemon.Result r = jlvsd.run("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1:80", "--slow-start", "1500ms");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("illegal --slow-start `1500ms'");
            assertThat(jlvsd.run("-a", "-t", "192.0.2.1:80", "-r", "10.0.0.1:80", "--slow-start", "25h")
                            .exit())
                    .isNotZero();
        }
    }
}
