package io.jlvs.linux.packet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.lab.TestFrames;
import io.jlvs.linux.netns.NetNamespace;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DESIGN.md §3.2: no allocation on the packet path. One thread sends frames through a TX ring
 * in namespace A and receives them through an RX ring in namespace B, rewriting a byte of each
 * received frame as a worker would; the thread's allocated-bytes counter must not move.
 */
@RequiresRootLab
class RingAllocationTest {
    static final int WARMUP = 100_000;
    static final int MEASURED = 200_000;
    static final int BATCH = 32;

    /** A worker's handler: reads and rewrites header bytes in place, counts frames. */
    static final class Rewriter implements RxHandler {
        long frames;
        long checksum;

        @Override
        public void onFrame(MemorySegment ring, long offset, int length) {
            byte b = ring.get(JAVA_BYTE, offset + 14);
            ring.set(JAVA_BYTE, offset + 15, (byte) (b + 1));
            checksum += b + length;
            frames++;
        }
    }

    /** Sends {@code count} frames in batches, receiving as it goes; returns frames sent. */
    static long pump(AfPacketSocket tx, AfPacketSocket rx, MemorySegment frame, int length, Rewriter h, int count) {
        long sent = 0;
        while (sent < count) {
            for (int i = 0; i < BATCH && sent < count; i++) {
                if (!tx.send(frame, 0, length)) {
                    break; // ring full: flush and let the kernel catch up
                }
                sent++;
            }
            tx.flush();
            if (rx.awaitReadable(0)) {
                rx.receive(h);
            }
        }
        return sent;
    }

    /** Receives what is still in flight, waiting in poll(2) as an idle worker does. */
    static void drain(AfPacketSocket rx, Rewriter h) {
        for (int i = 0; i < 2000 && rx.awaitReadable(i % 2 == 0 ? 0 : 2); i++) {
            rx.receive(h);
        }
    }

    @ParameterizedTest
    @EnumSource(TpacketVersion.class)
    void receiveAndSendDoNotAllocate(TpacketVersion version) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PacketRingConfig cfg = PacketRingConfig.DEFAULTS
                .withVersion(version)
                .withRx(1 << 18, 8, 1)
                .withTx(2048, 512);
        try (NetnsLab lab = new NetnsLab()) {
            String nsA = lab.namespace("a");
            String nsB = lab.namespace("b");
            lab.veth(nsA, "va", nsB, "vb");
            NetNamespace a = lab.enter(nsA);
            NetNamespace b = lab.enter(nsB);
            try (AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", cfg));
                    AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", cfg));
                    Arena arena = Arena.ofConfined()) {
                long vbMac = b.call(() -> Interfaces.byName("vb").mac());
                long vaMac = a.call(() -> Interfaces.byName("va").mac());
                byte[] bytes = TestFrames.raw(vbMac, vaMac, TestFrames.ETH_P_EXP, new byte[46]); // 60 bytes
                MemorySegment frame = arena.allocateFrom(JAVA_BYTE, bytes);
                Rewriter h = new Rewriter();

                // Let the JIT compile the whole loop, idle wait included: interpreted
                // method-handle calls allocate, compiled ones do not.
                for (int round = 0; round < 3; round++) {
                    pump(tx, rx, frame, bytes.length, h, WARMUP);
                    drain(rx, h);
                }

                long tid = Thread.currentThread().threadId();
                long receivedBefore = h.frames;
                long before = threads.getThreadAllocatedBytes(tid);
                long sent = pump(tx, rx, frame, bytes.length, h, MEASURED);
                drain(rx, h);
                long allocated = threads.getThreadAllocatedBytes(tid) - before;

                assertThat(sent).isEqualTo(MEASURED);
                // Most frames made it through both rings (the kernel may drop some at a full ring).
                assertThat(h.frames - receivedBefore).isGreaterThan(MEASURED / 2);
                assertThat(tx.txErrors()).isZero();
                // A late JIT recompilation may allocate a few hundred bytes once; one object per
                // frame would be megabytes. 16 KiB tells the two apart without flaking.
                assertThat(allocated)
                        .as("bytes allocated while moving %d frames", MEASURED)
                        .isLessThan(16_384);
            }
        }
    }
}
