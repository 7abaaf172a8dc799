package io.jlvs.core.worker;

import static io.jlvs.core.worker.WorkerTest.CLIENT;
import static io.jlvs.core.worker.WorkerTest.IF_C;
import static io.jlvs.core.worker.WorkerTest.IF_S;
import static io.jlvs.core.worker.WorkerTest.LIP;
import static io.jlvs.core.worker.WorkerTest.MAC_C;
import static io.jlvs.core.worker.WorkerTest.MAC_CLIENT;
import static io.jlvs.core.worker.WorkerTest.MAC_S;
import static io.jlvs.core.worker.WorkerTest.RS;
import static io.jlvs.core.worker.WorkerTest.VIP;
import static io.jlvs.core.worker.WorkerTest.a;
import static io.jlvs.core.worker.WorkerTest.rsMac;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.Offload;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.Wire;
import io.jlvs.core.service.ForwardingMethod;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * GSO super-frames with partial checksums (interfaces with offloads on) through the worker as one
 * packet each: FULLNAT both ways, the check field rewritten to the final pseudo-header sum, the
 * offload state sent on with csum_start where the TCP header now is; finished the way the kernel
 * finishes it, the checksum verifies. The tracker counts the whole payload. No allocation.
 */
class WorkerSuperFrameTest {
    static final int PAYLOAD = 60_000;
    static final int GSO_SIZE = 1448;

    final WorkerTest t = new WorkerTest();
    final FrameWriter w = new FrameWriter();

    /** A FULLNAT connection CLIENT:40001 → VIP:80 → RS[0], both next hops resolved; [lport, server ISN]. */
    int[] connection(Worker wk) {
        t.syn(wk, CLIENT, 40001, VIP, 0);
        t.answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        ParsedPacket out = t.tx.take(IF_S);
        int lport = out.srcPort();
        int isn = out.seq();
        t.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, LIP, lport, 7000, isn + 1, 0x12, 0, 2);
        t.answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 3);
        t.tx.take(IF_C);
        return new int[] {lport, isn};
    }

    /**
     * Writes a TCP super-frame as a sender with TSO writes it: the check field holds the
     * pseudo-header sum (CHECKSUM_PARTIAL), the IPv4 header checksum is complete.
     */
    int superFrame(
            MemorySegment seg,
            long srcMac,
            long dstMac,
            String src,
            int sport,
            String dst,
            int dport,
            int seq,
            int ack) {
        int n = WorkerTest.tcpFrame(w, seg, srcMac, dstMac, src, sport, dst, dport, seq, ack, 0x18, pattern(PAYLOAD));
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(seg, 0, n, p)).isEqualTo(ParseResult.OK);
        Wire.putU16(seg, p.l4Offset() + 16, InternetChecksum.fold(Checksums.pseudoHeader(p)));
        return n;
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static final long OFFLOAD = Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV4, GSO_SIZE, 34, 16);

    /** Checks what went out and finishes its checksum as the kernel would; returns it parsed. */
    static ParsedPacket finishedAsTheKernelWould(byte[] frame, long offload) {
        assertThat(Offload.needsChecksum(offload)).isTrue();
        assertThat(Offload.isSuper(offload)).isTrue();
        assertThat(Offload.gsoType(offload)).isEqualTo(Offload.GSO_TCPV4);
        assertThat(Offload.gsoSize(offload)).isEqualTo(GSO_SIZE);
        assertThat(Offload.csumStart(offload)).isEqualTo(14 + 20);
        assertThat(Offload.csumOffset(offload)).isEqualTo(16);
        MemorySegment seg = Arena.ofAuto().allocate(frame.length);
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, seg, 0, frame.length);
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(seg, 0, frame.length, p)).isEqualTo(ParseResult.OK);
        assertThat(Checksums.verifyIpv4Header(seg, p.l3Offset())).isTrue();
        assertThat(Wire.u16(seg, p.l4Offset() + 16))
                .as("a partial checksum is the pseudo-header sum of the new addresses")
                .isEqualTo(InternetChecksum.fold(Checksums.pseudoHeader(p)));
        // skb_checksum_help: the sum from csum_start to the end, complemented, at csum_offset.
        int start = Offload.csumStart(offload);
        int check = InternetChecksum.finish(InternetChecksum.add(0, seg, start, frame.length - start));
        Wire.putU16(seg, start + Offload.csumOffset(offload), check);
        assertThat(Checksums.verifyL4(p)).as("the finished checksum").isTrue();
        assertThat(p.payloadLength()).isEqualTo(PAYLOAD);
        byte[] payload = seg.asSlice(p.payloadOffset(), PAYLOAD).toArray(ValueLayout.JAVA_BYTE);
        assertThat(payload).isEqualTo(pattern(PAYLOAD));
        return p;
    }

    @Test
    void fullNatForwardsASuperFrameEachWayAsOnePacket() {
        Worker wk = t.worker(ForwardingMethod.FULLNAT);
        int[] conn = connection(wk);
        WorkerTest.Capture cap = new WorkerTest.Capture();
        wk.beginBatch(wk.snapshot(), cap, 4);
        MemorySegment seg = Arena.ofAuto().allocate(PAYLOAD + 256);

        // Server → client: 60 000 bytes in one frame.
        int n = superFrame(seg, rsMac(0), MAC_S, RS[0], 80, LIP, conn[0], 7001, conn[1] + 1);
        assertThat(wk.process(seg, 0, n, OFFLOAD, IF_S, 4)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket back = finishedAsTheKernelWould(cap.frames.getFirst(), cap.offloads.getFirst());
        assertThat(InetAddr.format(back.srcHi(), back.srcLo())).isEqualTo(VIP);
        assertThat(InetAddr.format(back.dstHi(), back.dstLo())).isEqualTo(CLIENT);
        assertThat(back.dstPort()).isEqualTo(40001);
        assertThat(back.ack()).isEqualTo(1001);

        // Client → server: an upload of 60 000 bytes, acknowledging the server's whole super-frame.
        n = superFrame(seg, MAC_CLIENT, MAC_C, CLIENT, 40001, VIP, 80, 1001, 7001 + PAYLOAD);
        assertThat(wk.process(seg, 0, n, OFFLOAD, IF_C, 5)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket up = finishedAsTheKernelWould(cap.frames.get(1), cap.offloads.get(1));
        assertThat(InetAddr.format(up.srcHi(), up.srcLo())).isEqualTo(LIP);
        assertThat(InetAddr.format(up.dstHi(), up.dstLo())).isEqualTo(RS[0]);
        assertThat(up.seq()).isEqualTo(conn[1] + 1);

        assertThat(wk.counters().superFrames).isEqualTo(2);
        assertThat(wk.connections().size()).isEqualTo(1);
        int id = wk.connections()
                .lookupIn(
                        io.jlvs.core.packet.IpProtocol.TCP,
                        a(CLIENT)[0],
                        a(CLIENT)[1],
                        40001,
                        a(VIP)[0],
                        a(VIP)[1],
                        80);
        // The tracker counted each super-frame's whole payload.
        assertThat(wk.connections().seqNext(id, io.jlvs.core.conn.ConnTable.OUT))
                .isEqualTo(7001 + PAYLOAD);
        assertThat(wk.connections().seqNext(id, io.jlvs.core.conn.ConnTable.IN)).isEqualTo(1001 + PAYLOAD);
    }

    @Test
    void aTunnelCarriesASuperFrameAsTheSegmentsTheKernelWouldHaveCut() {
        Worker wk = t.worker(ForwardingMethod.TUNNEL);
        t.syn(wk, CLIENT, 40002, VIP, 0);
        t.answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        t.tx.take(IF_S);
        MemorySegment seg = Arena.ofAuto().allocate(PAYLOAD + 256);
        int n = superFrame(seg, MAC_CLIENT, MAC_C, CLIENT, 40002, VIP, 80, 1001, 1);
        // The sender's MSS as jlvs clamps it for the tunnel: segments fit the 1500-byte MTU in IPIP.
        int mss = 1440;
        long offload = Offload.of(Offload.NEEDS_CSUM, Offload.GSO_TCPV4, mss, 34, 16);
        assertThat(wk.process(seg, 0, n, offload, IF_C, 2)).isEqualTo(Verdict.FORWARDED);
        int segments = (PAYLOAD + mss - 1) / mss;
        assertThat(t.tx.frames).hasSize(segments);
        byte[] expected = pattern(PAYLOAD);
        for (int i = 0; i < segments; i++) {
            ParsedPacket outer = t.tx.take(IF_S); // outer checksums verified by take()
            assertThat(outer.protocol()).isEqualTo(4); // IPIP
            byte[] frame = outer.segment().toArray(ValueLayout.JAVA_BYTE);
            int at = (int) (outer.l3Offset() + outer.ipHeaderLength()) - 14;
            java.util.Arrays.fill(frame, 0, 12, (byte) 0);
            frame[at + 12] = 0x08;
            frame[at + 13] = 0x00;
            ParsedPacket inner = WorkerTest.parse(java.util.Arrays.copyOfRange(frame, at, frame.length));
            int chunk = Math.min(mss, PAYLOAD - i * mss);
            assertThat(inner.seq()).isEqualTo(1001 + i * mss);
            assertThat(inner.payloadLength()).isEqualTo(chunk);
            assertThat(inner.tcpFlags() & 0x08)
                    .as("PSH on the last segment only")
                    .isEqualTo(i == segments - 1 ? 0x08 : 0);
            byte[] payload =
                    inner.segment().asSlice(inner.payloadOffset(), chunk).toArray(ValueLayout.JAVA_BYTE);
            assertThat(payload).isEqualTo(java.util.Arrays.copyOfRange(expected, i * mss, i * mss + chunk));
        }
        assertThat(wk.counters().drops[DropReason.SUPER_FRAME]).isZero();
    }

    @Test
    void superFramesAllocateNothing() {
        Worker wk = t.worker(ForwardingMethod.FULLNAT);
        int[] conn = connection(wk);
        WorkerTest.CountingSink sink = new WorkerTest.CountingSink();
        MemorySegment down = Arena.ofAuto().allocate(PAYLOAD + 256);
        MemorySegment up = Arena.ofAuto().allocate(PAYLOAD + 256);
        MemorySegment work = Arena.ofAuto().allocate(PAYLOAD + 256);
        int downLen = superFrame(down, rsMac(0), MAC_S, RS[0], 80, LIP, conn[0], 7001, conn[1] + 1);
        int upLen = superFrame(up, MAC_CLIENT, MAC_C, CLIENT, 40001, VIP, 80, 1001, 7001);
        wk.beginBatch(wk.snapshot(), sink, 4);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) { // warm up: let the JIT settle first
            both(wk, work, down, downLen, up, upLen);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            both(wk, work, down, downLen, up, upLen);
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink.frames).isEqualTo(240_000);
        assertThat(wk.counters().superFrames).isEqualTo(240_000);
        assertThat(bytes).as("bytes allocated by 200k super-frames").isLessThan(16_384);
    }

    private static void both(
            Worker wk, MemorySegment work, MemorySegment down, int downLen, MemorySegment up, int upLen) {
        MemorySegment.copy(down, 0, work, 0, downLen);
        wk.process(work, 0, downLen, OFFLOAD, IF_S, 4);
        MemorySegment.copy(up, 0, work, 0, upLen);
        wk.process(work, 0, upLen, OFFLOAD, IF_C, 4);
    }
}
