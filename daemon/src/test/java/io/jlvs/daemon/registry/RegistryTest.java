package io.jlvs.daemon.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminCommand.AddLocalAddress;
import io.jlvs.api.AdminCommand.AddServer;
import io.jlvs.api.AdminCommand.AddService;
import io.jlvs.api.AdminCommand.Clear;
import io.jlvs.api.AdminCommand.DeleteLocalAddress;
import io.jlvs.api.AdminCommand.DeleteServer;
import io.jlvs.api.AdminCommand.DeleteService;
import io.jlvs.api.AdminCommand.EditServer;
import io.jlvs.api.AdminCommand.EditService;
import io.jlvs.api.AdminCommand.SetTimeouts;
import io.jlvs.api.AdminCommand.Zero;
import io.jlvs.api.ConnectionEntry;
import io.jlvs.api.Counters;
import io.jlvs.api.Endpoint;
import io.jlvs.api.Family;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.Rates;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.RealServerState;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.ServiceStatus;
import io.jlvs.api.TableView;
import io.jlvs.api.Timeouts;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private static final Address VIP = Address.parse("192.0.2.1");
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, VIP, 80);
    private static final ServiceKey DNS = ServiceKey.of(Protocol.UDP, VIP, 53);
    private static final Address RS1 = Address.parse("10.0.0.1");
    private static final Address RS2 = Address.parse("10.0.0.2");

    private CounterStatsSource stats;
    private Registry registry;
    private final List<RegistrySnapshot> published = new ArrayList<>();

    @BeforeEach
    void setUp() {
        stats = new CounterStatsSource();
        registry = new Registry(4096, stats);
        registry.addListener(published::add);
    }

    private void apply(AdminCommand... commands) throws IpvsError {
        for (AdminCommand c : commands) {
            registry.apply(c);
        }
    }

    /** Asserts the change is refused with ipvsadm's message and leaves the table as it was. */
    private void assertRefused(AdminCommand c, String message) {
        RegistrySnapshot before = registry.snapshot();
        int events = published.size();
        assertThatThrownBy(() -> registry.apply(c))
                .isInstanceOf(IpvsError.class)
                .hasMessage(message);
        assertThat(registry.snapshot()).isSameAs(before);
        assertThat(published).hasSize(events);
    }

    private static RealServerConfig masq(Address a, int port, int weight) {
        return RealServerConfig.of(a, port, ForwardMethod.MASQ, weight);
    }

    @Test
    void aListenerIsHandedTheCurrentSnapshotThenEveryChange() throws Exception {
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().generation()).isZero();
        assertThat(published.getFirst().services()).isEmpty();
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, masq(RS1, 8080, 1)));
        assertThat(published).extracting(RegistrySnapshot::generation).containsExactly(0L, 1L, 2L);
        VirtualServiceEntry web = published.getLast().service(WEB).orElseThrow();
        assertThat(web.realServers()).extracting(r -> r.config().address()).containsExactly(RS1);
    }

    @Test
    void aListenerMayWaitForAThreadThatReadsTheRegistry() throws Exception {
        // Reads take no lock: a listener handing work to another thread that lists the table, and
        // waiting for it, must not deadlock on the lock the publishing change holds.
        List<TableView> seen = new ArrayList<>();
        registry.addListener(s -> {
            Thread reader = Thread.ofVirtual().start(() -> seen.add(registry.view()));
            try {
                // Bounded so that a deadlock fails the test instead of hanging it.
                reader.join(java.time.Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        apply(new AddService(ServiceConfig.of(WEB)));
        assertThat(seen).hasSize(2);
        assertThat(seen.getLast().services()).extracting(s -> s.config().key()).containsExactly(WEB);
    }

    @Test
    void addingAServiceTwiceIsEexist() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)));
        assertRefused(new AddService(ServiceConfig.of(WEB).withScheduler("rr")), "Service already exists");
        // The lookup comes first: a duplicate with a bad scheduler is still "already exists".
        assertRefused(new AddService(ServiceConfig.of(WEB).withScheduler("nope")), "Service already exists");
    }

    @Test
    void everyIpvsSchedulerIsAcceptedAndNoOtherName() throws Exception {
        int port = 1;
        for (String s : List.of(
                "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos")) {
            apply(new AddService(
                    ServiceConfig.of(ServiceKey.of(Protocol.TCP, VIP, port++)).withScheduler(s)));
        }
        assertThat(registry.snapshot().services()).hasSize(14);
        assertRefused(
                new AddService(
                        ServiceConfig.of(ServiceKey.of(Protocol.TCP, VIP, 999)).withScheduler("conhash")),
                "Scheduler or persistence engine not found");
        assertRefused(
                new AddService(
                        ServiceConfig.of(ServiceKey.of(Protocol.TCP, VIP, 999)).withPersistenceEngine("sip")),
                "Scheduler or persistence engine not found");
    }

    @Test
    void serviceShapesTheKernelOrIpvsadmRefuseAreEinval() {
        String einval = "Invalid operation.  Possibly wrong module version, address not unicast, ...";
        ServiceKey v6 = ServiceKey.of(Protocol.TCP, Address.parse("2001:db8::1"), 80);
        assertRefused(new AddService(ServiceConfig.of(v6).withPersistence(300, 0)), einval);
        assertRefused(new AddService(ServiceConfig.of(v6).withPersistence(300, 129)), einval);
        assertRefused(new AddService(ServiceConfig.of(WEB).withPersistence(300, 33)), einval);
        assertRefused(new AddService(ServiceConfig.of(WEB).withPersistence(0, 32)), einval);
        assertRefused(new AddService(ServiceConfig.of(ServiceKey.of(Protocol.TCP, VIP, 0))), einval);
        assertRefused(new AddService(ServiceConfig.of(WEB).withOnePacket(true)), einval);
        assertRefused(new AddService(ServiceConfig.of(DNS).withSynProxy(true)), einval);
        assertRefused(new AddService(ServiceConfig.of(WEB).withSchedFlags(8)), einval);
        assertRefused(new AddService(ServiceConfig.of(WEB).withEstablishedTimeout(-1)), einval);
        // TOA and PROXY v1 ride on TCP only.
        assertRefused(
                new AddService(ServiceConfig.of(DNS).withClientAddress(ClientAddressSpec.of(ClientAddressMode.TOA))),
                einval);
        assertRefused(
                new AddService(
                        ServiceConfig.of(DNS).withClientAddress(ClientAddressSpec.of(ClientAddressMode.PROXY_V1))),
                einval);
    }

    @Test
    void theShapesIpvsadmAllowsAreAccepted() throws Exception {
        apply(
                new AddService(
                        ServiceConfig.of(ServiceKey.of(Protocol.TCP, VIP, 0)).withPersistence(300, 24)),
                new AddService(ServiceConfig.of(DNS).withOnePacket(true)),
                new AddService(
                        ServiceConfig.of(ServiceKey.ofFwmark(1, Family.INET)).withOnePacket(true)),
                new AddService(ServiceConfig.of(ServiceKey.ofFwmark(1, Family.INET6))),
                new AddService(ServiceConfig.of(ServiceKey.of(Protocol.SCTP, VIP, 9))
                        .withScheduler("sh")
                        .withSchedFlags(3)),
                new AddService(ServiceConfig.of(WEB).withSynProxy(true).withEstablishedTimeout(90)),
                new AddService(ServiceConfig.of(ServiceKey.of(Protocol.UDP, VIP, 54))
                        .withClientAddress(ClientAddressSpec.of(ClientAddressMode.PROXY_V2))));
        assertThat(registry.snapshot().services()).hasSize(7);
    }

    @Test
    void editReplacesTheConfigurationAndKeepsIdAndRealServers() throws Exception {
        apply(
                new AddService(ServiceConfig.of(WEB).withPersistence(300, 32).withSynProxy(true)),
                new AddServer(WEB, masq(RS1, 80, 1)));
        long id = registry.snapshot().service(WEB).orElseThrow().id();
        apply(new EditService(ServiceConfig.of(WEB).withScheduler("rr")));
        VirtualServiceEntry e = registry.snapshot().service(WEB).orElseThrow();
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.config()).isEqualTo(ServiceConfig.of(WEB).withScheduler("rr"));
        assertThat(e.config().persistent()).isFalse();
        assertThat(e.config().synProxy()).isFalse();
        assertThat(e.realServers()).hasSize(1);
        assertRefused(new EditService(ServiceConfig.of(DNS)), "No such service");
        assertRefused(
                new EditService(ServiceConfig.of(WEB).withScheduler("xx")),
                "Scheduler or persistence engine not found");
    }

    @Test
    void deleteAndClear() throws Exception {
        assertRefused(new DeleteService(WEB), "No such service");
        apply(new AddService(ServiceConfig.of(WEB)), new AddService(ServiceConfig.of(DNS)), new DeleteService(WEB));
        assertThat(registry.snapshot().services())
                .extracting(s -> s.config().key())
                .containsExactly(DNS);
        apply(new Clear());
        assertThat(registry.snapshot().services()).isEmpty();
        int events = published.size();
        apply(new Clear());
        assertThat(published).as("clearing an empty table publishes nothing").hasSize(events);
    }

    @Test
    void addingADrainingServerAgainEndsTheDrainAndKeepsItsIdentity() throws Exception {
        // As the kernel takes a deleted destination back from its trash (ip_vs_trash_get_dest):
        // the server's flows stay with it.
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, masq(RS1, 80, 1)));
        long id = registry.snapshot()
                .service(WEB)
                .orElseThrow()
                .realServers()
                .getFirst()
                .id();
        registry.setDraining(WEB, new Endpoint(RS1, 80), io.jlvs.core.service.DrainSpec.withTimeout(1000));
        apply(new AddServer(WEB, masq(RS1, 80, 7)));
        RealServerEntry back =
                registry.snapshot().service(WEB).orElseThrow().realServers().getFirst();
        assertThat(back.id()).isEqualTo(id);
        assertThat(back.draining()).isFalse();
        assertThat(back.config().weight()).isEqualTo(7);
        // Once it is no longer draining, adding it is EEXIST again.
        assertRefused(new AddServer(WEB, masq(RS1, 80, 5)), "Destination already exists");
    }

    @Test
    void realServerErrorsAreTheKernelsWithLibipvsWords() throws Exception {
        assertRefused(new AddServer(WEB, masq(RS1, 80, 1)), "Service not defined");
        assertRefused(new EditServer(WEB, masq(RS1, 80, 1)), "Service not defined");
        assertRefused(new DeleteServer(WEB, new Endpoint(RS1, 80)), "Service not defined");
        apply(new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, masq(RS1, 80, 1)));
        assertRefused(new AddServer(WEB, masq(RS1, 80, 5)), "Destination already exists");
        assertRefused(new EditServer(WEB, masq(RS2, 80, 1)), "No such destination");
        assertRefused(new DeleteServer(WEB, new Endpoint(RS1, 81)), "No such destination");
        String erange = "Numerical result out of range";
        assertRefused(new AddServer(WEB, masq(RS2, 80, -1)), erange);
        assertRefused(new AddServer(WEB, masq(RS2, 80, 65536)), erange);
        assertRefused(new AddServer(WEB, new RealServerConfig(RS2, 80, ForwardMethod.MASQ, 1, 10, 11, 0)), erange);
        assertRefused(new AddServer(WEB, new RealServerConfig(RS2, 80, ForwardMethod.MASQ, 1, 0, 5, 0)), erange);
        String einval = "Invalid operation.  Possibly wrong module version, address not unicast, ...";
        for (String bad : List.of("0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1", "239.1.1.1")) {
            assertRefused(new AddServer(WEB, masq(Address.parse(bad), 80, 1)), einval);
        }
        assertRefused(new AddServer(WEB, masq(Address.parse("2001:db8::2"), 80, 1)), einval);
        assertRefused(new AddServer(WEB, RealServerConfig.of(RS2, 8080, ForwardMethod.ROUTE, 1)), einval);
        assertRefused(new AddServer(WEB, RealServerConfig.of(RS2, 8080, ForwardMethod.TUNNEL, 1)), einval);
    }

    @Test
    void onlyATunnelMayCrossFamilies() throws Exception {
        apply(
                new AddService(ServiceConfig.of(WEB)),
                new AddServer(WEB, RealServerConfig.of(Address.parse("2001:db8::2"), 80, ForwardMethod.TUNNEL, 1)));
        assertThat(registry.snapshot().service(WEB).orElseThrow().realServers()).hasSize(1);
    }

    @Test
    void ipv6RealServersFollowIpv6AddressRules() throws Exception {
        ServiceKey v6 = ServiceKey.of(Protocol.TCP, Address.parse("2001:db8::1"), 80);
        apply(new AddService(ServiceConfig.of(v6)), new AddServer(v6, masq(Address.parse("2001:db8::2"), 80, 1)));
        String einval = "Invalid operation.  Possibly wrong module version, address not unicast, ...";
        for (String bad : List.of("::", "ff02::1", "fe80::1")) {
            assertRefused(new AddServer(v6, masq(Address.parse(bad), 80, 1)), einval);
        }
        apply(new AddServer(v6, masq(Address.parse("::1"), 80, 1)));
    }

    @Test
    void editingARealServerKeepsItsIdAndPosition() throws Exception {
        apply(
                new AddService(ServiceConfig.of(WEB)),
                new AddServer(WEB, masq(RS2, 80, 1)),
                new AddServer(WEB, masq(RS1, 80, 1)));
        RealServerEntry before =
                registry.snapshot().service(WEB).orElseThrow().realServers().get(1);
        apply(new EditServer(WEB, new RealServerConfig(RS1, 80, ForwardMethod.FULLNAT, 0, 100, 10, 0)));
        List<RealServerEntry> after =
                registry.snapshot().service(WEB).orElseThrow().realServers();
        assertThat(after.get(1).id()).isEqualTo(before.id());
        assertThat(after.get(1).config().forward()).isEqualTo(ForwardMethod.FULLNAT);
        assertThat(after.get(1).state()).isEqualTo(RealServerState.QUIESCENT);
        apply(new DeleteServer(WEB, new Endpoint(RS1, 80)), new AddServer(WEB, masq(RS1, 80, 1)));
        assertThat(registry.snapshot()
                        .service(WEB)
                        .orElseThrow()
                        .realServers()
                        .get(1)
                        .id())
                .as("a re-added real server is a new one")
                .isNotEqualTo(before.id());
    }

    @Test
    void timeoutsChangeWhereNonZero() throws Exception {
        assertThat(registry.timeouts()).isEqualTo(new Timeouts(900, 120, 300));
        apply(new SetTimeouts(new Timeouts(0, 60, 0)));
        assertThat(registry.timeouts()).isEqualTo(new Timeouts(900, 60, 300));
        assertRefused(
                new SetTimeouts(new Timeouts(-1, 0, 0)),
                "Invalid operation.  Possibly wrong module version, address not unicast, ...");
        int events = published.size();
        apply(new SetTimeouts(new Timeouts(0, 0, 0)));
        assertThat(published).hasSize(events);
    }

    @Test
    void zeroResetsTheCountersOfAServiceAndItsRealServersOrOfAll() throws Exception {
        apply(
                new AddService(ServiceConfig.of(WEB)),
                new AddServer(WEB, masq(RS1, 80, 1)),
                new AddService(ServiceConfig.of(DNS)));
        VirtualServiceEntry web = registry.snapshot().service(WEB).orElseThrow();
        long webId = web.id();
        long rsId = web.realServers().getFirst().id();
        long dnsId = registry.snapshot().service(DNS).orElseThrow().id();
        stats.block(webId).add(5, 50, 40, 5000, 4000);
        stats.block(webId).rates(new Rates(1, 2, 3, 4, 5));
        stats.block(rsId).add(5, 50, 40, 5000, 4000);
        stats.block(dnsId).add(7, 7, 7, 7, 7);
        int events = published.size();

        apply(new Zero(WEB));
        assertThat(published).as("counters are not the table").hasSize(events);
        TableView v = registry.view();
        ServiceStatus webStatus = v.services().get(0);
        assertThat(webStatus.counters()).isEqualTo(Counters.ZERO);
        assertThat(webStatus.rates()).isEqualTo(Rates.ZERO);
        assertThat(webStatus.realServers().getFirst().counters()).isEqualTo(Counters.ZERO);
        assertThat(v.services().get(1).counters()).isEqualTo(new Counters(7, 7, 7, 7, 7));

        stats.block(webId).add(1, 2, 3, 4, 5);
        assertThat(registry.view().services().get(0).counters()).isEqualTo(new Counters(1, 2, 3, 4, 5));

        apply(new Zero(null));
        assertThat(registry.view().services())
                .allSatisfy(s -> assertThat(s.counters()).isEqualTo(Counters.ZERO));
        assertRefused(new Zero(ServiceKey.ofFwmark(9, Family.INET)), "No such service");
    }

    @Test
    void localAddresses() throws Exception {
        Address lip = Address.parse("10.9.0.1");
        assertRefused(new AddLocalAddress(WEB, lip), "Service not defined");
        apply(new AddService(ServiceConfig.of(WEB)), new AddLocalAddress(WEB, lip));
        assertRefused(new AddLocalAddress(WEB, lip), "Local address already exists");
        assertRefused(
                new AddLocalAddress(WEB, Address.parse("2001:db8::9")),
                "Invalid operation.  Possibly wrong module version, address not unicast, ...");
        assertRefused(new DeleteLocalAddress(WEB, Address.parse("10.9.0.2")), "No such Local address");
        assertRefused(new DeleteLocalAddress(DNS, lip), "Service not defined");
        long id = registry.snapshot().service(WEB).orElseThrow().id();
        stats.localAddress(id, lip, 3, 17);
        assertThat(registry.view().services().getFirst().localAddresses())
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.address()).isEqualTo(lip);
                    assertThat(l.portConflicts()).isEqualTo(3);
                    assertThat(l.conns()).isEqualTo(17);
                });
        apply(new DeleteLocalAddress(WEB, lip));
        assertThat(registry.snapshot().service(WEB).orElseThrow().localAddresses())
                .isEmpty();
    }

    @Test
    void restoreIsAllOrNothing() throws Exception {
        apply(new AddService(ServiceConfig.of(DNS)));
        RegistrySnapshot before = registry.snapshot();
        int events = published.size();
        List<AdminCommand> batch = List.of(
                new AddService(ServiceConfig.of(WEB)),
                new AddServer(WEB, masq(RS1, 80, 1)),
                new AddServer(WEB, masq(RS1, 80, 2)),
                new DeleteService(DNS));
        assertThatThrownBy(() -> registry.restore(batch)).isInstanceOfSatisfying(RestoreException.class, e -> {
            assertThat(e.index()).isEqualTo(2);
            assertThat(e.getMessage()).isEqualTo("Destination already exists");
        });
        assertThat(registry.snapshot()).isSameAs(before);
        assertThat(published).hasSize(events);

        registry.restore(List.of(
                new AddService(ServiceConfig.of(WEB)), new AddServer(WEB, masq(RS1, 80, 1)), new DeleteService(DNS)));
        assertThat(published).as("one snapshot for the whole batch").hasSize(events + 1);
        assertThat(registry.snapshot().services())
                .extracting(s -> s.config().key())
                .containsExactly(WEB);
    }

    @Test
    void aFailedRestoreDoesNotZero() throws Exception {
        apply(new AddService(ServiceConfig.of(WEB)));
        long id = registry.snapshot().service(WEB).orElseThrow().id();
        stats.block(id).add(1, 1, 1, 1, 1);
        assertThatThrownBy(() -> registry.restore(List.of(new Zero(null), new DeleteService(DNS))))
                .isInstanceOf(RestoreException.class);
        assertThat(stats.counters(id)).isEqualTo(new Counters(1, 1, 1, 1, 1));
    }

    @Test
    void viewCarriesFiguresAndStates() throws Exception {
        apply(
                new AddService(ServiceConfig.of(WEB)),
                new AddServer(WEB, masq(RS1, 80, 1)),
                new AddServer(WEB, masq(RS2, 80, 0)));
        VirtualServiceEntry e = registry.snapshot().service(WEB).orElseThrow();
        stats.block(e.realServers().getFirst().id()).connections(new ConnectionCounts(3, 4, 5));
        stats.block(e.realServers().getFirst().id()).add(1, 10, 9, 1000, 900);
        registry.setDraining(WEB, new Endpoint(RS1, 80), io.jlvs.core.service.DrainSpec.withTimeout(1000));
        TableView v = registry.view();
        assertThat(v.version()).isEqualTo("1.2.1");
        assertThat(v.connTableSize()).isEqualTo(4096);
        var rs1 = v.services().getFirst().realServers().get(0);
        assertThat(rs1.state()).isEqualTo(RealServerState.DRAINING);
        assertThat(rs1.activeConns()).isEqualTo(3);
        assertThat(rs1.inactiveConns()).isEqualTo(4);
        assertThat(rs1.persistentConns()).isEqualTo(5);
        assertThat(rs1.counters()).isEqualTo(new Counters(1, 10, 9, 1000, 900));
        assertThat(v.services().getFirst().realServers().get(1).state()).isEqualTo(RealServerState.QUIESCENT);
        registry.setDraining(WEB, new Endpoint(RS1, 80), null);
        assertThat(registry.view().services().getFirst().realServers().get(0).state())
                .isEqualTo(RealServerState.UP);
        assertThatThrownBy(() -> registry.setDraining(
                        WEB, new Endpoint(RS1, 81), io.jlvs.core.service.DrainSpec.withTimeout(1000)))
                .hasMessage("No such destination");
        assertThatThrownBy(() -> registry.view(DNS)).hasMessage("No such service");
        assertThat(registry.view(WEB).services()).hasSize(1);
    }

    @Test
    void connectionsComeFromTheSource() {
        ConnectionEntry c = new ConnectionEntry(
                Protocol.TCP,
                60,
                "ESTABLISHED",
                new Endpoint(Address.parse("198.51.100.1"), 1234),
                new Endpoint(VIP, 80),
                null,
                new Endpoint(RS1, 80));
        stats.connectionEntries(List.of(c));
        assertThat(registry.connections()).containsExactly(c);
    }

    @Test
    void unicastIsWhatTheKernelCallsUnicast() {
        assertThat(Registry.isUnicast(Address.parse("10.0.0.1"))).isTrue();
        assertThat(Registry.isUnicast(Address.parse("127.0.0.1"))).isTrue();
        assertThat(Registry.isUnicast(Address.parse("240.0.0.1"))).isTrue();
        assertThat(Registry.isUnicast(Address.parse("0.0.0.0"))).isFalse();
        assertThat(Registry.isUnicast(Address.parse("255.255.255.255"))).isFalse();
        assertThat(Registry.isUnicast(Address.parse("224.0.0.5"))).isFalse();
        assertThat(Registry.isUnicast(Address.parse("2001:db8::1"))).isTrue();
        assertThat(Registry.isUnicast(Address.parse("fe80::1"))).isFalse();
        assertThat(Registry.isUnicast(Address.parse("febf::1"))).isFalse();
        assertThat(Registry.isUnicast(Address.parse("fec0::1"))).isTrue();
        assertThat(Registry.isUnicast(Address.parse("ff05::2"))).isFalse();
    }
}
