package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalPortAllocatorTest {
    static final int TCP = 6;
    static final Addr VIP = Addr.of("192.0.2.10");
    static final Addr R1 = Addr.of("fd00:1::1");
    static final Addr R2 = Addr.of("fd00:1::2");
    static final Addr R3 = Addr.of("fd00:1::3");

    final LocalAddresses locals = new LocalAddresses(8);
    final int la0 = add("fd00:ff::1");
    final int la1 = add("fd00:ff::2");
    final int la2 = add("10.255.0.3");
    final ConnTable table = new ConnTable(40_000, ConnTable.DEFAULT_LOAD_FACTOR, locals, 5);
    int clients;

    int add(String a) {
        Addr x = Addr.of(a);
        return locals.add(x.hi(), x.lo());
    }

    @AfterEach
    void close() {
        table.close();
    }

    /** Inserts the FULLNAT connection an allocation is for; fails the test on a tuple clash. */
    int connect(int alloc, Addr real) {
        assertThat(alloc).isGreaterThanOrEqualTo(0);
        Addr client = Addr.v4(++clients);
        int id = table.insert(
                TCP,
                client.hi(),
                client.lo(),
                40000,
                VIP.hi(),
                VIP.lo(),
                443,
                real.hi(),
                real.lo(),
                8443,
                LocalPortAllocator.localAddress(alloc),
                LocalPortAllocator.localPort(alloc),
                0,
                0,
                FwdMethod.FULLNAT);
        assertThat(id).as("insert of allocation %x", alloc).isGreaterThanOrEqualTo(0);
        return id;
    }

    @Test
    void portsAreThisWorkersShareOfTheRangeAndDistinctUntilTheyRunOut() {
        LocalPortAllocator p = new LocalPortAllocator(table, 2, 4, 11);
        assertThat(p.portsPerAddress()).isEqualTo((65534 - 1026) / 4 + 1);
        int g = p.addGroup(la0);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < p.portsPerAddress(); i++) {
            int a = p.allocate(g, TCP, R1.hi(), R1.lo(), 8443);
            connect(a, R1);
            int port = LocalPortAllocator.localPort(a);
            assertThat(LocalPortAllocator.localAddress(a)).isEqualTo(la0);
            assertThat(port % 4).isEqualTo(2); // lport mod workers == worker
            assertThat(port).isBetween(1024, 65535);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        assertThat(p.freePorts(la0)).isZero();
        // Every port carries a connection to R1: nothing left for R1 ...
        assertThat(p.allocate(g, TCP, R1.hi(), R1.lo(), 8443)).isEqualTo(LocalPortAllocator.EXHAUSTED);
        assertThat(p.exhaustedCount()).isEqualTo(1);
        // ... but a port can be shared with a connection to another real server or real port.
        int shared = p.allocate(g, TCP, R2.hi(), R2.lo(), 8443);
        connect(shared, R2);
        assertThat(p.users(la0, LocalPortAllocator.localPort(shared))).isEqualTo(2);
        int otherPort = p.allocate(g, TCP, R1.hi(), R1.lo(), 9443);
        assertThat(otherPort).isGreaterThanOrEqualTo(0);
        assertThat(p.exhaustedCount()).isEqualTo(1);
    }

    @Test
    void countsConnectionsAndPortConflictsPerLocalAddressAsIpvsadmGShowsThem() {
        // Two ports (2000, 2001) for one worker: the third connection to R1 finds both taken.
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 1, 2000, 2001, 8, 1);
        int g = p.addGroup(la0);
        int a1 = p.allocate(g, TCP, R1.hi(), R1.lo(), 8443);
        connect(a1, R1);
        connect(p.allocate(g, TCP, R1.hi(), R1.lo(), 8443), R1);
        assertThat(p.connections(la0)).isEqualTo(2);
        assertThat(p.portConflicts(la0)).isZero();
        assertThat(p.allocate(g, TCP, R1.hi(), R1.lo(), 8443)).isEqualTo(LocalPortAllocator.EXHAUSTED);
        // Each of the 8 tries (maxTries) met a tuple in use: alibaba counts port_conflict per try.
        assertThat(p.portConflicts(la0)).isEqualTo(8);
        p.release(la0, LocalPortAllocator.localPort(a1));
        assertThat(p.connections(la0)).isEqualTo(1);
        assertThat(p.connections(la1)).isZero();
    }

    @Test
    void orderIsShuffledPerSeed() {
        LocalPortAllocator a = new LocalPortAllocator(table, 0, 1, 1);
        LocalPortAllocator b = new LocalPortAllocator(table, 0, 1, 2);
        int ga = a.addGroup(la0);
        int gb = b.addGroup(la0);
        List<Integer> pa = new ArrayList<>();
        List<Integer> pb = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pa.add(LocalPortAllocator.localPort(a.allocate(ga, TCP, R1.hi(), R1.lo(), 1)));
            pb.add(LocalPortAllocator.localPort(b.allocate(gb, TCP, R1.hi(), R1.lo(), 1)));
        }
        assertThat(pa).isNotEqualTo(pb);
        assertThat(pa).isNotEqualTo(pa.stream().sorted().toList());
    }

    @Test
    void addressesOfAGroupAreUsedRoundRobin() {
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 2, 3);
        int g = p.addGroup(la0, la1, la2);
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            used.add(LocalPortAllocator.localAddress(p.allocate(g, TCP, R1.hi(), R1.lo(), 80)));
        }
        assertThat(used).containsExactly(la0, la1, la2, la0, la1, la2, la0);
        // A new membership starts its turn at its first address.
        p.replaceGroup(g, la2, la1);
        assertThat(LocalPortAllocator.localAddress(p.allocate(g, TCP, R1.hi(), R1.lo(), 80)))
                .isEqualTo(la2);
        assertThat(LocalPortAllocator.localAddress(p.allocate(g, TCP, R1.hi(), R1.lo(), 80)))
                .isEqualTo(la1);
    }

    @Test
    void anExhaustedAddressFallsThroughToTheNext() {
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 1, 2000, 2001, 8, 1);
        int onlyFirst = p.addGroup(la0);
        int both = p.addGroup(la0, la1);
        connect(p.allocate(onlyFirst, TCP, R1.hi(), R1.lo(), 8443), R1);
        connect(p.allocate(onlyFirst, TCP, R1.hi(), R1.lo(), 8443), R1);
        assertThat(p.allocate(onlyFirst, TCP, R1.hi(), R1.lo(), 8443)).isEqualTo(LocalPortAllocator.EXHAUSTED);
        // la0 has nothing left for R1: both allocations come from la1, then nothing is left.
        for (int i = 0; i < 2; i++) {
            int a = p.allocate(both, TCP, R1.hi(), R1.lo(), 8443);
            assertThat(LocalPortAllocator.localAddress(a)).isEqualTo(la1);
            connect(a, R1);
        }
        assertThat(p.allocate(both, TCP, R1.hi(), R1.lo(), 8443)).isEqualTo(LocalPortAllocator.EXHAUSTED);
        assertThat(p.exhaustedCount()).isEqualTo(2);
    }

    @Test
    void aTupleAlreadyInTheTableIsNeverHandedOut() {
        // Four ports; three are taken by entries the allocator did not create (connection sync).
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 1, 2000, 2003, 64, 9);
        int g = p.addGroup(la1);
        for (int port = 2000; port <= 2002; port++) {
            connect(la1 << 16 | port, R1);
        }
        int a = p.allocate(g, TCP, R1.hi(), R1.lo(), 8443);
        assertThat(LocalPortAllocator.localPort(a)).isEqualTo(2003);
        connect(a, R1);
        assertThat(p.allocate(g, TCP, R1.hi(), R1.lo(), 8443)).isEqualTo(LocalPortAllocator.EXHAUSTED);
        // Another real server may use any of them.
        int b = p.allocate(g, TCP, R3.hi(), R3.lo(), 8443);
        assertThat(LocalPortAllocator.localPort(b)).isBetween(2000, 2002);
        connect(b, R3);
    }

    @Test
    void releasedPortsAreReusedLast() {
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 1, 3000, 3003, 64, 4);
        int g = p.addGroup(la0);
        int first = LocalPortAllocator.localPort(p.allocate(g, TCP, R1.hi(), R1.lo(), 1));
        int second = LocalPortAllocator.localPort(p.allocate(g, TCP, R1.hi(), R1.lo(), 1));
        assertThat(p.freePorts(la0)).isEqualTo(2);
        p.release(la0, first);
        assertThat(p.freePorts(la0)).isEqualTo(3);
        int third = LocalPortAllocator.localPort(p.allocate(g, TCP, R1.hi(), R1.lo(), 1));
        int fourth = LocalPortAllocator.localPort(p.allocate(g, TCP, R1.hi(), R1.lo(), 1));
        int fifth = LocalPortAllocator.localPort(p.allocate(g, TCP, R1.hi(), R1.lo(), 1));
        assertThat(Set.of(first, second, third, fourth)).hasSize(4);
        assertThat(fifth).isEqualTo(first); // the one released waited behind the never-used ones
    }

    @Test
    void releaseIgnoresWhatItDidNotHandOut() {
        LocalPortAllocator p = new LocalPortAllocator(table, 1, 2, 3000, 3009, 64, 4);
        int g = p.addGroup(la0);
        int port = LocalPortAllocator.localPort(p.allocate(g, TCP, R1.hi(), R1.lo(), 1));
        assertThat(p.freePorts(la0)).isEqualTo(4);
        p.release(la0, port);
        p.release(la0, port); // twice
        p.release(la0, 3000); // another worker's port
        p.release(la0, 2999); // below the range
        p.release(la0, 3011); // above the range
        p.release(la1, 3001); // an address never prepared
        p.release(-1, 3001);
        p.release(LocalAddresses.MAX, 3001);
        assertThat(p.freePorts(la0)).isEqualTo(5);
        assertThat(p.freePorts(la1)).isEqualTo(5);
        assertThat(p.users(la0, port)).isZero();
        assertThat(p.users(la0, 3000)).isZero();
        assertThat(p.users(la1, 3001)).isZero();
    }

    @Test
    void unknownOrEmptyGroupsHaveNoLocalAddress() {
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 1, 7);
        assertThat(p.allocate(0, TCP, R1.hi(), R1.lo(), 1)).isEqualTo(LocalPortAllocator.NO_LOCAL_ADDRESS);
        int g = p.addGroup();
        assertThat(p.allocate(g, TCP, R1.hi(), R1.lo(), 1)).isEqualTo(LocalPortAllocator.NO_LOCAL_ADDRESS);
        assertThat(p.allocate(-1, TCP, R1.hi(), R1.lo(), 1)).isEqualTo(LocalPortAllocator.NO_LOCAL_ADDRESS);
        assertThat(p.exhaustedCount()).isZero();
    }

    @Test
    void configurationErrorsAreRefused() {
        assertThatThrownBy(() -> new LocalPortAllocator(table, 4, 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalPortAllocator(table, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalPortAllocator(table, 0, 4, 1025, 1025, 8, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalPortAllocator(table, 0, 1, 2000, 1999, 8, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalPortAllocator(table, 0, 1, 1, 65536, 8, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalPortAllocator(table, 0, 1, 1, 10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        LocalPortAllocator p = new LocalPortAllocator(table, 0, 1, 1);
        assertThatThrownBy(() -> p.addGroup(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.replaceGroup(3, la0)).isInstanceOf(IllegalArgumentException.class);
        // One port that is this worker's: a range of one works.
        assertThat(new LocalPortAllocator(table, 1, 4, 1025, 1025, 8, 1).portsPerAddress())
                .isEqualTo(1);
    }

    @Test
    void localAddressListIsStableAndBounded() {
        assertThat(locals.add(Addr.of("fd00:ff::2").hi(), Addr.of("fd00:ff::2").lo()))
                .isEqualTo(la1);
        assertThat(locals.size()).isEqualTo(3);
        assertThat(locals.capacity()).isEqualTo(8);
        assertThat(locals.indexOf(0, 12345)).isEqualTo(-1);
        LocalAddresses two = new LocalAddresses(2);
        two.add(0, 1);
        two.add(0, 2);
        assertThatThrownBy(() -> two.add(0, 3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LocalAddresses(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalAddresses(LocalAddresses.MAX + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
