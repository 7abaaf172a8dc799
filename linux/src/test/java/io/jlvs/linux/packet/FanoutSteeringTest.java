package io.jlvs.linux.packet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.iface.NetInterface;
import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.lab.TestFrames;
import io.jlvs.linux.netns.NetNamespace;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PACKET_FANOUT_CBPF with the generated programs, in a real kernel: frames written by a TX ring
 * in namespace A arrive in namespace B at two "workers", each holding one socket per group.
 * Clients 10.88.x.y / 2001:db8:88::n, VIP 10.77.0.100 / 2001:db8:77::100, real servers
 * 10.99.0.n, FULLNAT local addresses 10.77.0.200 / 2001:db8:77::200.
 */
@RequiresRootLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutSteeringTest {
    static final int FLOWS = 160;
    static final int WORKERS = 2;
    static final long[] VIP4 = InetAddr.parse("10.77.0.100");
    static final long[] VIP6 = InetAddr.parse("2001:db8:77::100");
    static final long[] LIP4 = InetAddr.parse("10.77.0.200");
    static final long[] LIP6 = InetAddr.parse("2001:db8:77::200");
    static final PacketRingConfig RING =
            PacketRingConfig.DEFAULTS.withRx(1 << 14, 64, 1).withTx(2048, 1024);

    NetnsLab lab;
    NetNamespace a;
    NetNamespace b;
    NetInterface va;
    NetInterface vb;
    NetInterface va2;
    NetInterface vb2;

    @BeforeAll
    void setUp() {
        lab = new NetnsLab();
        String nsA = lab.namespace("a");
        String nsB = lab.namespace("b");
        lab.veth(nsA, "va", nsB, "vb"); // client side
        lab.veth(nsA, "va2", nsB, "vb2"); // server side
        a = lab.enter(nsA);
        b = lab.enter(nsB);
        va = a.call(() -> Interfaces.byName("va"));
        vb = b.call(() -> Interfaces.byName("vb"));
        va2 = a.call(() -> Interfaces.byName("va2"));
        vb2 = b.call(() -> Interfaces.byName("vb2"));
    }

    @AfterAll
    void tearDown() {
        lab.close();
    }

    static long[] client(int i) {
        return i % 4 == 0
                ? InetAddr.parse("2001:db8:88::" + Integer.toHexString(i + 1))
                : InetAddr.parse("10.88." + (i / 200) + "." + (i % 200 + 1));
    }

    static int clientPort(int i) {
        return 1024 + i * 379;
    }

    static long[] realServer(int i, boolean v6) {
        return v6 ? InetAddr.parse("2001:db8:99::" + (i % 3 + 1)) : InetAddr.parse("10.99.0." + (i % 3 + 1));
    }

    /** Marks a frame: 'F' inbound, 'R' NAT reply, 'L' FULLNAT reply, and the flow number. */
    static byte[] tag(char kind, int flow) {
        return ByteBuffer.allocate(8)
                .put((byte) 'J')
                .put((byte) 'F')
                .put((byte) kind)
                .put((byte) 0)
                .putInt(flow)
                .array();
    }

    static String readTag(byte[] frame) {
        for (int i = 14; i + 8 <= frame.length; i++) {
            if (frame[i] == 'J' && frame[i + 1] == 'F' && frame[i + 3] == 0) {
                int flow = ByteBuffer.wrap(frame, i + 4, 4).getInt();
                if (flow >= 0 && flow < FLOWS) {
                    return (char) frame[i + 2] + "" + flow;
                }
            }
        }
        return null;
    }

    byte[] inbound(int i, long dstMac, long srcMac) {
        long[] c = client(i);
        boolean v6 = !InetAddr.isV4(c[0], c[1]);
        return TestFrames.l4(dstMac, srcMac, c, v6 ? VIP6 : VIP4, i % 2 == 0 ? 6 : 17, clientPort(i), 80, tag('F', i));
    }

    byte[] natReply(int i, long dstMac, long srcMac) {
        long[] c = client(i);
        boolean v6 = !InetAddr.isV4(c[0], c[1]);
        return TestFrames.l4(
                dstMac, srcMac, realServer(i, v6), c, i % 2 == 0 ? 6 : 17, 8080, clientPort(i), tag('R', i));
    }

    static int localPort(int i) {
        return 5000 + i * 3;
    }

    byte[] fullNatReply(int i, long dstMac, long srcMac) {
        boolean v6 = i % 4 == 0;
        return TestFrames.l4(dstMac, srcMac, realServer(i, v6), v6 ? LIP6 : LIP4, 6, 8080, localPort(i), tag('L', i));
    }

    /**
     * One group's workers and where each tagged frame landed. Receiving runs while the sender
     * sends: a ring holds a bounded number of frames (and a V3 ring at a trickle only {@code
     * blockCount} timeouts' worth), so it must be drained as frames come.
     */
    static final class Group {
        final List<AfPacketSocket> workers;
        final Map<String, Integer> where = new HashMap<>();
        private final List<byte[]> frames = new ArrayList<>();
        private final RxHandler handler =
                (ring, off, len) -> frames.add(ring.asSlice(off, len).toArray(JAVA_BYTE));

        Group(List<AfPacketSocket> workers) {
            this.workers = workers;
        }

        void poll(int waitMillis) {
            for (int w = 0; w < workers.size(); w++) {
                if (waitMillis > 0) {
                    workers.get(w).awaitReadable(waitMillis);
                }
                workers.get(w).receive(handler);
                for (byte[] f : frames) {
                    String t = readTag(f);
                    if (t != null) {
                        Integer prev = where.put(t, w);
                        assertThat(prev == null || prev == w)
                                .as("%s seen by two workers", t)
                                .isTrue();
                    }
                }
                frames.clear();
            }
        }

        /** Receives until {@code expected} tagged frames have arrived (or 10 s pass). */
        Map<String, Integer> await(int expected) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (where.size() < expected && System.nanoTime() < deadline) {
                poll(5);
            }
            return where;
        }
    }

    static void transmit(AfPacketSocket tx, List<byte[]> frames, Group... receivers) {
        try (Arena arena = Arena.ofConfined()) {
            for (byte[] f : frames) {
                MemorySegment s = arena.allocateFrom(JAVA_BYTE, f);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!tx.send(s, 0, f.length)) {
                    tx.flush();
                    assertThat(System.nanoTime()).as("TX ring stuck").isLessThan(deadline);
                }
                if (tx.txPending() >= 16) {
                    tx.flush();
                    for (Group g : receivers) {
                        g.poll(0);
                    }
                }
            }
            tx.flush();
        }
    }

    @Test
    void oneArmKeepsBothDirectionsOfEveryFlowOnOneWorker() throws Exception {
        FanoutProgram program = FanoutProgram.oneArm()
                .vip(VIP4[0], VIP4[1])
                .vip(VIP6[0], VIP6[1])
                .localAddress(LIP4[0], LIP4[1])
                .localAddress(LIP6[0], LIP6[1])
                .workers(WORKERS)
                .build();
        PacketRingConfig cfg = RING.withFanout(3101, program);
        List<AfPacketSocket> workers = new ArrayList<>();
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", RING))) {
            // Workers join in order: member i of the group is worker i.
            for (int w = 0; w < WORKERS; w++) {
                workers.add(b.call(() -> AfPacketSocket.open("vb", cfg)));
            }
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < FLOWS; i++) {
                frames.add(inbound(i, vb.mac(), va.mac()));
                frames.add(natReply(i, vb.mac(), va.mac()));
                frames.add(fullNatReply(i, vb.mac(), va.mac()));
            }
            Group group = new Group(workers);
            transmit(tx, frames, group);
            Map<String, Integer> where = group.await(3 * FLOWS);

            assertThat(where).hasSize(3 * FLOWS);
            int[] perWorker = new int[WORKERS];
            for (int i = 0; i < FLOWS; i++) {
                long[] c = client(i);
                int expected = FanoutProgram.workerFor(c[0], c[1], clientPort(i), WORKERS);
                assertThat(where.get("F" + i)).as("inbound flow %d", i).isEqualTo(expected);
                assertThat(where.get("R" + i)).as("NAT reply of flow %d", i).isEqualTo(expected);
                assertThat(where.get("L" + i)).as("FULLNAT reply of flow %d", i).isEqualTo(localPort(i) % WORKERS);
                perWorker[expected]++;
            }
            // The hash spreads flows: neither worker is starved.
            assertThat(perWorker[0]).isBetween(FLOWS / 4, FLOWS * 3 / 4);
        } finally {
            workers.forEach(AfPacketSocket::close);
        }
    }

    @Test
    void clientAndServerFacingGroupsAgreeAcrossInterfaces() throws Exception {
        PacketRingConfig clientSide = RING.withFanout(3201, FanoutProgram.clientFacing());
        PacketRingConfig serverSide = RING.withFanout(3202, FanoutProgram.serverFacingNat());
        PacketRingConfig fullNatSide = RING.withFanout(3203, FanoutProgram.serverFacingFullNat(WORKERS));
        List<AfPacketSocket> onClient = new ArrayList<>();
        List<AfPacketSocket> onServer = new ArrayList<>();
        List<AfPacketSocket> onServerFullNat = new ArrayList<>();
        try (AfPacketSocket txClient = a.call(() -> AfPacketSocket.open("va", RING));
                AfPacketSocket txServer = a.call(() -> AfPacketSocket.open("va2", RING))) {
            for (int w = 0; w < WORKERS; w++) {
                onClient.add(b.call(() -> AfPacketSocket.open("vb", clientSide)));
                onServer.add(b.call(() -> AfPacketSocket.open("vb2", serverSide)));
                onServerFullNat.add(b.call(() -> AfPacketSocket.open("vb2", fullNatSide)));
            }
            List<byte[]> in = new ArrayList<>();
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < FLOWS; i++) {
                in.add(inbound(i, vb.mac(), va.mac()));
                out.add(natReply(i, vb2.mac(), va2.mac()));
                out.add(fullNatReply(i, vb2.mac(), va2.mac()));
            }
            Group client = new Group(onClient);
            Group server = new Group(onServer);
            Group serverFullNat = new Group(onServerFullNat);
            transmit(txClient, in, client);
            transmit(txServer, out, server, serverFullNat);
            Map<String, Integer> inbound = client.await(FLOWS);
            Map<String, Integer> replies = server.await(2 * FLOWS);
            Map<String, Integer> fullNat = serverFullNat.await(2 * FLOWS);

            for (int i = 0; i < FLOWS; i++) {
                assertThat(inbound.get("F" + i)).as("flow %d", i).isNotNull().isEqualTo(replies.get("R" + i));
                assertThat(fullNat.get("L" + i)).as("FULLNAT reply %d", i).isEqualTo(localPort(i) % WORKERS);
            }
            assertThat(inbound.values()).contains(0, 1);
        } finally {
            onClient.forEach(AfPacketSocket::close);
            onServer.forEach(AfPacketSocket::close);
            onServerFullNat.forEach(AfPacketSocket::close);
        }
    }

    @Test
    void framesThatAreNotIpGoToTheFirstWorker() throws Exception {
        PacketRingConfig cfg = RING.withFanout(3301, FanoutProgram.clientFacing());
        List<AfPacketSocket> workers = new ArrayList<>();
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", RING))) {
            for (int w = 0; w < WORKERS; w++) {
                workers.add(b.call(() -> AfPacketSocket.open("vb", cfg)));
            }
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                frames.add(TestFrames.raw(vb.mac(), va.mac(), TestFrames.ETH_P_EXP, tag('X', i)));
            }
            Group group = new Group(workers);
            transmit(tx, frames, group);
            Map<String, Integer> where = group.await(20);
            assertThat(where).hasSize(20);
            assertThat(where.values()).containsOnly(0);
        } finally {
            workers.forEach(AfPacketSocket::close);
        }
    }
}
