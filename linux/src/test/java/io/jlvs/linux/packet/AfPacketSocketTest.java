package io.jlvs.linux.packet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.Offload;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.Wire;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.iface.NetInterface;
import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.lab.TestFrames;
import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import io.jlvs.linux.netns.NetNamespace;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AF_PACKET rings against real kernels: namespace A (va, 10.77.0.1) and B (vb, 10.77.0.2)
 * joined by a veth pair. What depends on the ring layout runs for TPACKET_V2 and V3.
 */
@RequiresRootLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AfPacketSocketTest {
    static final PacketRingConfig SMALL =
            PacketRingConfig.DEFAULTS.withRx(1 << 16, 8, 1).withTx(2048, 256);

    static PacketRingConfig small(TpacketVersion v) {
        return SMALL.withVersion(v);
    }

    NetnsLab lab;
    String nsA;
    NetNamespace a;
    NetNamespace b;
    NetInterface va;
    NetInterface vb;

    @BeforeAll
    void setUp() {
        lab = new NetnsLab();
        nsA = lab.namespace("a");
        String nsB = lab.namespace("b");
        lab.veth(nsA, "va", nsB, "vb");
        lab.addr(nsA, "va", "10.77.0.1/24");
        lab.addr(nsB, "vb", "10.77.0.2/24");
        a = lab.enter(nsA);
        b = lab.enter(nsB);
        va = a.call(() -> Interfaces.byName("va"));
        vb = b.call(() -> Interfaces.byName("vb"));
    }

    @AfterAll
    void tearDown() {
        lab.close();
    }

    /** Copies every frame it is handed. */
    static final class Collector implements RxHandler {
        final List<byte[]> frames = new ArrayList<>();

        @Override
        public void onFrame(MemorySegment ring, long offset, int length) {
            frames.add(ring.asSlice(offset, length).toArray(JAVA_BYTE));
        }
    }

    /** Receives until a frame matching {@code want} arrives or 5 s pass. */
    static byte[] receiveMatching(AfPacketSocket s, Predicate<byte[]> want) {
        Collector c = new Collector();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            s.awaitReadable(100);
            s.receive(c);
            for (byte[] f : c.frames) {
                if (want.test(f)) {
                    return f;
                }
            }
            c.frames.clear();
        }
        throw new AssertionError("no matching frame on " + s);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void receivesWhatTheOtherKernelSentByteForByte(TpacketVersion v) throws Exception {
        byte[] payload = bytes("jlvs-rx-" + System.nanoTime());
        // In A a capture socket that sees A's own transmissions; in B the ring under test.
        try (AfPacketSocket tap = a.call(() -> AfPacketSocket.open("va", small(v).withIgnoreOutgoing(false)));
                AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", small(v)));
                DatagramSocket udp = a.call(DatagramSocket::new)) {
            udp.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("10.77.0.2", 9999)));

            byte[] sent = receiveMatching(tap, f -> TestFrames.contains(f, payload));
            byte[] got = receiveMatching(rx, f -> TestFrames.contains(f, payload));

            assertThat(got).isEqualTo(sent);
            assertThat(Arrays.copyOfRange(got, 0, 6)).isEqualTo(vb.macBytes());
            assertThat(Arrays.copyOfRange(got, 6, 12)).isEqualTo(va.macBytes());
            assertThat(((got[12] & 0xFF) << 8) | (got[13] & 0xFF)).isEqualTo(TestFrames.ETH_P_IP);
            assertThat(Arrays.copyOfRange(got, 26, 30)).isEqualTo(new byte[] {10, 77, 0, 1});
            assertThat(Arrays.copyOfRange(got, 30, 34)).isEqualTo(new byte[] {10, 77, 0, 2});
            assertThat(((got[36] & 0xFF) << 8) | (got[37] & 0xFF)).isEqualTo(9999);
            assertThat(Arrays.copyOfRange(got, 42, got.length)).isEqualTo(payload);
            assertThat(rx.rxFrames()).isPositive();
            if (v == TpacketVersion.V3) {
                assertThat(rx.rxBlocks()).isPositive();
            } else {
                assertThat(rx.rxBlocks()).isZero(); // V2 has no blocks to hand back
            }
            assertThat(rx.rxMalformed()).isZero();
            assertThat(rx.rxTruncated()).isZero();
            assertThat(rx.kernelStats().packets()).isGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void transmittedFramesReachThePeerKernelAndItsSockets(TpacketVersion v) throws Exception {
        byte[] payload = bytes("jlvs-tx-" + System.nanoTime());
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", small(v)));
                DatagramSocket server = b.call(() -> new DatagramSocket(9998, InetAddress.getByName("10.77.0.2")))) {
            server.setSoTimeout(5000);
            byte[] frame = TestFrames.l4(
                    vb.mac(),
                    va.mac(),
                    InetAddr.parse("10.77.0.1"),
                    InetAddr.parse("10.77.0.2"),
                    17,
                    40000,
                    9998,
                    payload);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment f = arena.allocateFrom(JAVA_BYTE, frame);
                assertThat(tx.send(f, 0, frame.length)).isTrue();
                assertThat(tx.txPending()).isEqualTo(1);
                assertThat(tx.flush()).isEqualTo(1);
                assertThat(tx.txPending()).isZero();
            }
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            server.receive(p); // the kernel validated every checksum to get here
            assertThat(Arrays.copyOf(p.getData(), p.getLength())).isEqualTo(payload);
            assertThat(p.getAddress()).isEqualTo(InetAddress.getByName("10.77.0.1"));
            assertThat(p.getPort()).isEqualTo(40000);
            assertThat(tx.txFrames()).isEqualTo(1);
            assertThat(tx.txFlushes()).isEqualTo(1);
        }
    }

    /** Copies every frame with the offload state it came with. */
    static final class OffloadCollector implements RxHandler {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> offloads = new ArrayList<>();

        @Override
        public void onFrame(MemorySegment ring, long offset, int length) {
            onFrame(ring, offset, length, Offload.NONE);
        }

        @Override
        public void onFrame(MemorySegment ring, long offset, int length, long offload) {
            frames.add(ring.asSlice(offset, length).toArray(JAVA_BYTE));
            offloads.add(offload);
        }
    }

    @Test
    void aSuperFrameLeavesAndArrivesWholeWithItsOffloadState() throws Exception {
        // A 40 000-byte TCP segment as a sender with TSO hands it to the device: one frame, the
        // check field holding the pseudo-header sum, for the kernel to cut into 1448-byte segments.
        int payload = 40_000;
        try (Arena arena = Arena.ofConfined();
                AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", SMALL));
                AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", SMALL))) {
            MemorySegment frame = arena.allocate(payload + 128);
            byte[] data = new byte[payload];
            for (int i = 0; i < payload; i++) {
                data[i] = (byte) (i * 13 + 5);
            }
            long[] src = InetAddr.parse("10.77.0.1");
            long[] dst = InetAddr.parse("10.77.0.2");
            int n = new FrameWriter()
                    .begin(frame, 0, (int) frame.byteSize())
                    .ethernet(vb.mac(), va.mac())
                    .ip(src[0], src[1], dst[0], dst[1])
                    .tcp(40000, 7777, 1, 1, 0x18, 65535)
                    .payload(MemorySegment.ofArray(data), 0, payload)
                    .finish();
            ParsedPacket p = new ParsedPacket();
            assertThat(PacketParser.parse(frame, 0, n, p)).isEqualTo(ParseResult.OK);
            Wire.putU16(frame, p.l4Offset() + 16, InternetChecksum.fold(Checksums.pseudoHeader(p)));
            long offload = Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV4, 1448, 34, 16);
            byte[] sent = frame.asSlice(0, n).toArray(JAVA_BYTE);

            // The lab's veths have their offloads off; the sending end needs TSO to pass the
            // super-frame on whole (without it the kernel cuts it, as for any GSO sender).
            NetnsLab.run("ip", "netns", "exec", nsA, "ethtool", "-K", "va", "tso", "on", "gso", "on", "tx", "on");
            try {
                assertThat(tx.send(frame, 0, n, offload)).isTrue();
            } finally {
                NetnsLab.run(
                        "ip", "netns", "exec", nsA, "ethtool", "-K", "va", "tso", "off", "gso", "off", "tx", "off");
            }
            assertThat(tx.txSuperFrames()).isEqualTo(1);

            OffloadCollector c = new OffloadCollector();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (c.frames.stream().noneMatch(f -> f.length == n) && System.nanoTime() < deadline) {
                rx.awaitReadable(100);
                rx.receive(c);
            }
            int i = 0;
            while (i < c.frames.size() && c.frames.get(i).length != n) {
                i++;
            }
            assertThat(i).as("the super-frame arrived whole").isLessThan(c.frames.size());
            assertThat(c.frames.get(i)).isEqualTo(sent);
            long got = c.offloads.get(i);
            assertThat(Offload.isSuper(got)).isTrue();
            assertThat(Offload.needsChecksum(got)).isTrue();
            assertThat(Offload.gsoSize(got)).isEqualTo(1448);
            assertThat(Offload.csumStart(got)).isEqualTo(34);
            assertThat(Offload.csumOffset(got)).isEqualTo(16);
            assertThat(rx.rxLongFrames()).isEqualTo(1);
            assertThat(rx.rxTruncated()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void framesBuiltInPlaceArriveIntactInOrder(TpacketVersion v) throws Exception {
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", small(v)));
                AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", small(v)))) {
            int count = 100;
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                // Lengths from the 14-byte minimum... to the full 1514-byte frame.
                int len = i == count - 1 ? 1500 : 8 + (i * 37) % 1400;
                byte[] body = new byte[len];
                body[0] = 'J';
                body[1] = 'L';
                body[2] = (byte) i;
                for (int k = 3; k < len; k++) {
                    body[k] = (byte) (k * 7 + i);
                }
                byte[] frame = TestFrames.raw(vb.mac(), va.mac(), TestFrames.ETH_P_EXP, body);
                sent.add(frame);
                long at = tx.txClaim();
                assertThat(at).isNotNegative();
                MemorySegment.copy(frame, 0, tx.ring(), JAVA_BYTE, at, frame.length);
                assertThat(tx.txCommit(frame.length)).isTrue();
                if (i % 16 == 15) {
                    assertThat(tx.flush()).isEqualTo(16);
                }
            }
            tx.flush();
            Collector c = new Collector();
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<byte[]> got = new ArrayList<>();
            while (got.size() < count && System.nanoTime() < deadline) {
                rx.awaitReadable(50);
                rx.receive(c);
                for (byte[] f : c.frames) {
                    if (f.length >= 17 && f[12] == (byte) 0x88 && f[13] == (byte) 0xB5 && f[14] == 'J') {
                        got.add(f);
                    }
                }
                c.frames.clear();
            }
            assertThat(got).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(got.get(i)).as("frame %d", i).isEqualTo(sent.get(i));
            }
            assertThat(tx.txFrames()).isEqualTo(count);
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void rejectsFramesThatDoNotFitAndCommitsWithoutClaim(TpacketVersion v) throws Exception {
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", small(v)));
                Arena arena = Arena.ofConfined()) {
            assertThat(tx.maxTxFrame()).isEqualTo(1514); // MTU 1500 + Ethernet header
            MemorySegment big = arena.allocate(2000);
            assertThat(tx.send(big, 0, 1515)).isFalse();
            assertThat(tx.send(big, 0, 13)).isFalse();
            assertThat(tx.txCommit(60)).isFalse();
            assertThat(tx.txRejected()).isEqualTo(3);
            assertThat(tx.flush()).isZero(); // nothing queued: no syscall, nothing sent
            assertThat(tx.txFrames()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void txRingFullIsReportedNotThrown(TpacketVersion v) throws Exception {
        PacketRingConfig tiny = small(v).withTx(2048, 2); // one page: two slots
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", tiny));
                Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocateFrom(
                    JAVA_BYTE, TestFrames.raw(vb.mac(), va.mac(), TestFrames.ETH_P_EXP, new byte[50]));
            assertThat(tx.txClaim()).isNotNegative();
            assertThat(tx.txCommit((int) f.byteSize())).isTrue();
            assertThat(tx.txClaim()).isNotNegative();
            assertThat(tx.txCommit((int) f.byteSize())).isTrue();
            // Both slots queued: a claim finds none (and counts it) until a flush frees them.
            assertThat(tx.txClaim()).isEqualTo(-1);
            assertThat(tx.txRingFull()).isEqualTo(1);
            assertThat(tx.flush()).isEqualTo(2);
            // The kernel frees slots as the frames leave; the ring is usable again.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (tx.txClaim() < 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(tx.txClaim()).isNotNegative();
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void aBatchLargerThanTheTxRingIsFlushedNotDropped(TpacketVersion v) throws Exception {
        PacketRingConfig tiny = small(v).withTx(2048, 4); // two pages: four slots
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", tiny));
                AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", small(v)));
                Arena arena = Arena.ofConfined()) {
            byte[] body = bytes("jlvs-batch-" + System.nanoTime());
            MemorySegment f =
                    arena.allocateFrom(JAVA_BYTE, TestFrames.raw(vb.mac(), va.mac(), TestFrames.ETH_P_EXP, body));
            int count = 40; // ten rings' worth, sent as one batch with no flush in between
            for (int i = 0; i < count; i++) {
                assertThat(tx.send(f, 0, (int) f.byteSize())).as("frame %d", i).isTrue();
            }
            assertThat(tx.txRingFull()).isPositive(); // it did fill, and send flushed its way on
            tx.flush();
            assertThat(tx.txFrames()).isEqualTo(count);

            Collector c = new Collector();
            long deadline = System.nanoTime() + 5_000_000_000L;
            int got = 0;
            while (got < count && System.nanoTime() < deadline) {
                rx.awaitReadable(50);
                rx.receive(c);
                for (byte[] frame : c.frames) {
                    if (TestFrames.contains(frame, body)) {
                        got++;
                    }
                }
                c.frames.clear();
            }
            assertThat(got).isEqualTo(count);
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void receiveStopsAtItsBudgetAndTheRestWaits(TpacketVersion v) throws Exception {
        try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", small(v)));
                AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", small(v)));
                Arena arena = Arena.ofConfined()) {
            byte[] body = bytes("jlvs-budget-" + System.nanoTime());
            MemorySegment f =
                    arena.allocateFrom(JAVA_BYTE, TestFrames.raw(vb.mac(), va.mac(), TestFrames.ETH_P_EXP, body));
            int count = 20;
            for (int i = 0; i < count; i++) {
                assertThat(tx.send(f, 0, (int) f.byteSize())).isTrue();
            }
            assertThat(tx.flush()).isEqualTo(count);
            Collector c = new Collector();
            long deadline = System.nanoTime() + 5_000_000_000L;
            int got = 0;
            int calls = 0;
            while (got < count && System.nanoTime() < deadline) {
                rx.awaitReadable(50);
                int n = rx.receive(c, 3);
                if (n > 0) {
                    calls++;
                    // V2 stops at the budget; V3 at the end of the block that crossed it.
                    if (v == TpacketVersion.V2) {
                        assertThat(n).isLessThanOrEqualTo(3);
                    }
                }
                for (byte[] frame : c.frames) {
                    if (TestFrames.contains(frame, body)) {
                        got++;
                    }
                }
                c.frames.clear();
            }
            assertThat(got).isEqualTo(count);
            if (v == TpacketVersion.V2) {
                assertThat(calls).isGreaterThanOrEqualTo(7);
            }
        }
    }

    @Test
    void missingInterfaceIsNamed() {
        assertThatThrownBy(() -> a.call(() -> AfPacketSocket.open("jlt-nope0", SMALL)))
                .isInstanceOf(LinuxException.class)
                .hasMessageStartingWith("interface jlt-nope0 not found")
                .satisfies(e -> assertThat(((LinuxException) e).errno()).isEqualTo(Errno.ENODEV));
    }

    @Test
    void kernelRefusalOfASocketOptionNamesTheOptionAndErrno() {
        int fd = b.call(() -> Libc.openSocket(Libc.AF_PACKET, Libc.SOCK_RAW, 0, "AF_PACKET"));
        try {
            assertThatThrownBy(() -> Libc.setIntOption(
                            fd, AfPacketSocket.SOL_PACKET, AfPacketSocket.PACKET_VERSION, 99, "PACKET_VERSION", "test"))
                    .isInstanceOf(LinuxException.class)
                    .hasMessage("setsockopt(PACKET_VERSION) on test failed (EINVAL: Invalid argument)");
        } finally {
            Libc.closeQuietly(fd);
        }
    }

    @Test
    void fanoutMembersMustAgreeOnTheirFlags() throws Exception {
        PacketRingConfig first = SMALL.withFanout(4242, FanoutProgram.clientFacing());
        try (AfPacketSocket one = b.call(() -> AfPacketSocket.open("vb", first))) {
            assertThat(one.config().fanoutGroup()).isEqualTo(4242);
            // Same group, different flags: the kernel refuses to mix them (EINVAL).
            assertThatThrownBy(() -> b.call(() -> AfPacketSocket.open("vb", first.withIgnoreOutgoing(false))))
                    .isInstanceOf(LinuxException.class)
                    .hasMessageContaining("setsockopt(PACKET_FANOUT group 4242) on AF_PACKET socket on vb failed")
                    .hasMessageContaining("EINVAL");
        }
    }
}
