package io.jlvs.core.neigh;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourTableTest {
    static final long RS1 = InetAddr.v4Lo(0xC612010B); // 198.18.1.11
    static final long RS2 = InetAddr.v4Lo(0xC612010C);
    static final long MAC1 = 0x02_00_00_00_01_0BL;

    final NeighbourTable t = new NeighbourTable(64, 8, 256, 3, 1000, 3, 30_000, 5_000);

    @Test
    void firstUseAsksForAProbeThenWaitsThenRetriesThenFails() {
        assertThat(t.resolve(2, 0, RS1, 0)).isEqualTo(NeighbourTable.SEND_PROBE);
        assertThat(t.resolve(2, 0, RS1, 10)).isEqualTo(NeighbourTable.PENDING);
        assertThat(t.resolve(2, 0, RS1, 999)).isEqualTo(NeighbourTable.PENDING);
        assertThat(t.resolve(2, 0, RS1, 1000)).isEqualTo(NeighbourTable.SEND_PROBE);
        assertThat(t.resolve(2, 0, RS1, 2000)).isEqualTo(NeighbourTable.SEND_PROBE);
        assertThat(t.resolve(2, 0, RS1, 3000)).isEqualTo(NeighbourTable.FAILED);
        // Hold-down: no probe storm for a dead neighbour.
        assertThat(t.resolve(2, 0, RS1, 7999)).isEqualTo(NeighbourTable.FAILED);
        assertThat(t.resolve(2, 0, RS1, 8000)).isEqualTo(NeighbourTable.SEND_PROBE);
        assertThat(t.probesSent).isEqualTo(4);
    }

    @Test
    void learntMacIsUsedUntilStaleThenRefreshedOnce() {
        t.resolve(2, 0, RS1, 0);
        t.learn(2, 0, RS1, MAC1, 5);
        assertThat(t.resolve(2, 0, RS1, 6)).isEqualTo(MAC1);
        assertThat(t.refreshDue(2, 0, RS1, 6)).isFalse();
        assertThat(t.resolve(2, 0, RS1, 30_005)).isEqualTo(MAC1); // now stale, still usable
        assertThat(t.refreshDue(2, 0, RS1, 30_005)).isTrue();
        assertThat(t.refreshDue(2, 0, RS1, 30_006)).isFalse();
        t.learn(2, 0, RS1, MAC1, 30_010);
        assertThat(t.resolve(2, 0, RS1, 30_011)).isEqualTo(MAC1);
    }

    @Test
    void unsolicitedAnswersAreNotLearnt() {
        assertThat(t.learn(2, 0, RS2, MAC1, 0)).isZero();
        assertThat(t.resolve(2, 0, RS2, 1)).isEqualTo(NeighbourTable.SEND_PROBE);
        assertThat(t.learned).isZero();
    }

    @Test
    void sameAddressOnAnotherInterfaceIsAnotherNeighbour() {
        t.resolve(2, 0, RS1, 0);
        t.learn(2, 0, RS1, MAC1, 0);
        assertThat(t.resolve(3, 0, RS1, 1)).isEqualTo(NeighbourTable.SEND_PROBE);
    }

    @Test
    void framesWaitBoundedAndLeaveInOrderOnceResolved() {
        MemorySegment frame = Arena.ofAuto().allocate(300);
        t.resolve(2, 0, RS1, 0);
        for (int n = 0; n < 4; n++) {
            frame.set(ValueLayout.JAVA_BYTE, 0, (byte) n);
            boolean ok = t.enqueue(2, 0, RS1, frame, 0, 100);
            assertThat(ok).isEqualTo(n < 3); // three per neighbour
        }
        assertThat(t.enqueue(2, 0, RS1, frame, 0, 257)).isFalse(); // longer than a slot
        assertThat(t.queueDrops).isEqualTo(2);
        assertThat(t.learn(2, 0, RS1, MAC1, 10)).isEqualTo(3);
        List<Integer> seen = new ArrayList<>();
        int n = t.drain(2, 0, RS1, (ifIndex, slab, off, len, mac) -> {
            assertThat(ifIndex).isEqualTo(2);
            assertThat(len).isEqualTo(100);
            assertThat(mac).isEqualTo(MAC1);
            seen.add((int) slab.get(ValueLayout.JAVA_BYTE, off));
        });
        assertThat(n).isEqualTo(3);
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(t.drain(2, 0, RS1, (a, b, c, d, e) -> {})).isZero();
    }

    @Test
    void failureFreesTheQueueAndCountsItsFrames() {
        MemorySegment frame = Arena.ofAuto().allocate(64);
        t.resolve(2, 0, RS1, 0);
        t.enqueue(2, 0, RS1, frame, 0, 64);
        t.enqueue(2, 0, RS1, frame, 0, 64);
        t.resolve(2, 0, RS1, 1000);
        t.resolve(2, 0, RS1, 2000);
        assertThat(t.resolve(2, 0, RS1, 3000)).isEqualTo(NeighbourTable.FAILED);
        assertThat(t.failedDrops).isEqualTo(3); // two queued + the one that found it failed
        // The slots came back: eight more frames fit across other neighbours.
        int fitted = 0;
        for (int k = 0; k < 8; k++) {
            long addr = InetAddr.v4Lo(0xC6120200 + k);
            t.resolve(2, 0, addr, 3000);
            fitted += t.enqueue(2, 0, addr, frame, 0, 64) ? 1 : 0;
        }
        assertThat(fitted).isEqualTo(8);
    }

    @Test
    void fullTableEvictsTheLeastRecentlyUsedResolvedEntry() {
        NeighbourTable small = new NeighbourTable(4, 0, 64, 1, 1000, 3, 30_000, 5_000);
        for (int k = 0; k < 4; k++) {
            long addr = InetAddr.v4Lo(0x0A000001 + k);
            small.resolve(1, 0, addr, k);
            small.learn(1, 0, addr, k + 1, k);
        }
        small.resolve(1, 0, InetAddr.v4Lo(0x0A000001 + 3), 100); // keep the last one fresh
        assertThat(small.resolve(1, 0, InetAddr.v4Lo(0x0A0000FF), 200)).isEqualTo(NeighbourTable.SEND_PROBE);
        assertThat(small.resolve(1, 0, InetAddr.v4Lo(0x0A000001 + 3), 201)).isEqualTo(4);
        assertThat(small.resolve(1, 0, InetAddr.v4Lo(0x0A000001), 202)).isEqualTo(NeighbourTable.SEND_PROBE);
    }

    @Test
    void resolvingKnownNeighboursAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int k = 0; k < 32; k++) {
            long addr = InetAddr.v4Lo(0xC6120100 + k);
            t.resolve(2, 0, addr, 0);
            t.learn(2, 0, addr, k, 0);
        }
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += t.resolve(2, 0, InetAddr.v4Lo(0xC6120100 + (i & 31)), 1);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            sink += t.resolve(2, 0, InetAddr.v4Lo(0xC6120100 + (i & 31)), 1);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isNotZero();
        assertThat(allocated).as("bytes allocated by 1M lookups").isLessThan(4096);
    }
}
