package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3.2: the transforms allocate nothing per packet. A million FULLNAT in + out rewrites (with
 * an ISN computed per packet), then 100k of each other transform, in ring-like native memory, against the
 * thread's allocation counter: at even 16 bytes a packet a leak would show as megabytes against a
 * tolerance of a few KB.
 */
class ZeroAllocationTest {
    private static final int SLOT = 2048;
    private static final long TOLERANCE_BYTES = 8 * 1024;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final ParsedPacket p = new ParsedPacket();
    private final ParsedPacket inner = new ParsedPacket();
    private final FrameWriter w = new FrameWriter();

    private final long[] c = Fixtures.addr("192.0.2.10");
    private final long[] v = Fixtures.addr("198.51.100.1");
    private final long[] l = Fixtures.addr("10.1.0.1");
    private final long[] rs = Fixtures.addr("10.2.0.7");
    private final long[] c6 = Fixtures.addr("2001:db8:c::10");
    private final long[] v6 = Fixtures.addr("2001:db8:f::1");
    private final long[] l6 = Fixtures.addr("2001:db8:1::1");
    private final long[] rs6 = Fixtures.addr("2001:db8:2::7");

    private MemorySegment ring;
    private byte[][] frames;

    private static byte[][] frames() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] v = Fixtures.addr("198.51.100.1");
        long[] c6 = Fixtures.addr("2001:db8:c::10");
        long[] v6 = Fixtures.addr("2001:db8:f::1");
        RefFrame tcp4 = Fixtures.frame(c, 40000, v, 80, 6);
        tcp4.tcpOptions = Fixtures.sackOptions(2, new int[] {10, 20, 30, 40}, false, 0);
        tcp4.payload = new byte[100];
        RefFrame tcp6 = Fixtures.frame(c6, 40000, v6, 443, 6);
        tcp6.tcpOptions = Fixtures.sackOptions(1, new int[] {10, 20}, true, 5);
        tcp6.v6Extensions.add(new Object[] {60, new byte[7]});
        tcp6.payload = new byte[64];
        RefFrame udp4 = Fixtures.frame(c, 5353, v, 53, 17);
        udp4.payload = new byte[40];
        RefFrame udp6 = Fixtures.frame(c6, 5353, v6, 53, 17);
        udp6.payload = new byte[30];
        // For the other transforms: a SYN, an ICMP error quoting a forwarded packet, a ping.
        RefFrame syn = Fixtures.frame(c, 40001, v, 80, 6);
        syn.tcpFlags = 0x02;
        syn.tcpOptions = new byte[] {2, 4, 5, (byte) 0xB4};
        RefFrame error = Fixtures.frame(Fixtures.addr("10.2.0.254"), 0, Fixtures.addr("10.1.0.1"), 0, 1);
        error.icmpType = 3;
        error.icmpCode = 4;
        error.icmpRest = 1400;
        RefFrame quoted = Fixtures.frame(Fixtures.addr("10.1.0.1"), 5001, Fixtures.addr("10.2.0.7"), 8080, 6);
        quoted.payload = new byte[20];
        error.payload = Fixtures.datagram(quoted.encode());
        RefFrame ping = Fixtures.frame(c, 0, v, 0, 1);
        ping.payload = new byte[56];
        return new byte[][] {
            tcp4.encode(), tcp6.encode(), udp4.encode(), udp6.encode(), syn.encode(), error.encode(), ping.encode()
        };
    }

    private long offset(int f) {
        return (long) f * SLOT + 2; // frames start 2 bytes in, as in a TPACKET block
    }

    /** FULLNAT in, then out on the same frame; returns how many both applied to. */
    private int fullNat(int packets) {
        int ok = 0;
        for (int i = 0; i < packets; i++) {
            int f = i & 3;
            if (PacketParser.parse(ring, offset(f), frames[f].length, p) != ParseResult.OK) {
                continue;
            }
            int lport = 5000 + (i & 0x3FF);
            boolean four = p.isIpv4();
            long[] cl = four ? c : c6;
            long[] lo = four ? l : l6;
            long[] r = four ? rs : rs6;
            long[] vi = four ? v : v6;
            int delta = FullNat.initialSeqDelta(
                    0x5EC2E7L, cl[0], cl[1], 40000, lo[0], lo[1], lport, r[0], r[1], 80, p.seq(), i);
            if (FullNat.in(p, lo[0], lo[1], lport, r[0], r[1], 8080, delta)
                    && FullNat.out(p, vi[0], vi[1], 80, cl[0], cl[1], 40000, delta)) {
                ok++;
            }
        }
        return ok;
    }

    /** NAT, MSS clamp, IPIP, frag-needed, ICMP relay and echo reply; returns how many applied. */
    private int others(int packets, long tx) {
        int ok = 0;
        for (int i = 0; i < packets; i++) {
            int f = i & 3;
            PacketParser.parse(ring, offset(f), frames[f].length, p);
            boolean four = p.isIpv4();
            long[] r = four ? rs : rs6;
            long[] vi = four ? v : v6;
            if (Nat.in(p, r[0], r[1], 8080, 0) && Nat.out(p, vi[0], vi[1], 80, 0)) {
                ok++;
            }
            PacketParser.parse(ring, offset(4), frames[4].length, p);
            if (Mss.clamp(p, 1400 + (i & 0x3F)) > 0) {
                ok++;
            }
            if (Tun.encap(p, ring, tx, SLOT, 1, 2, l[0], l[1], rs[0], rs[1], 1500, i, w) > 0) {
                ok++;
            }
            if (Tun.fragNeeded(p, ring, tx, SLOT, 1, 2, v[0], v[1], 1400, w) > 0) {
                ok++;
            }
            PacketParser.parse(ring, offset(5), frames[5].length, p);
            PacketParser.parseQuoted(p, inner);
            boolean relayed = (i & 1) == 0
                    ? IcmpRelay.toClient(p, inner, v[0], v[1], 80, c[0], c[1], 40000, -7)
                    : IcmpRelay.toReal(p, inner, l[0], l[1], rs[0], rs[1], 8080, l[0], l[1], 5001, 0);
            if (relayed) {
                ok++;
            }
            // A fresh copy of the ping each time, since answering turns it into a reply.
            MemorySegment.copy(ring, offset(6), ring, tx, frames[6].length);
            PacketParser.parse(ring, tx, frames[6].length, p);
            if (IcmpEcho.reply(p)) {
                ok++;
            }
        }
        return ok;
    }

    /**
     * A new connection's ISN as a worker meets it: one call among thousands of established packets,
     * so the call runs in the interpreter and C1 code, which do no escape analysis, for the first few
     * thousand connections; an object the ISN built per call (a hasher) was 64 bytes each then.
     * {@link ColdIsn}, FullNat and what it calls are loaded afresh here, so none of them is compiled
     * whatever ran before in this JVM.
     */
    @Test
    void anIsnComputedColdAllocatesNothing() throws Exception {
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        URL[] classes = {
            FullNat.class.getProtectionDomain().getCodeSource().getLocation(),
            ColdIsn.class.getProtectionDomain().getCodeSource().getLocation()
        };
        try (URLClassLoader fresh = new URLClassLoader(classes, ClassLoader.getPlatformClassLoader())) {
            Class<?> cold = fresh.loadClass(ColdIsn.class.getName());
            assertThat(cold).isNotSameAs(ColdIsn.class);
            IntUnaryOperator isn = (IntUnaryOperator) cold.getConstructor().newInstance();
            int sum = isn.applyAsInt(0); // class initialisation
            long tid = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 1; i <= 1000; i++) {
                sum += isn.applyAsInt(i);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(sum).isNotZero();
            assertThat(allocated).as("bytes allocated by 1000 cold ISNs").isLessThan(TOLERANCE_BYTES);
        }
    }

    /** The ISN of connection {@code i}; public for {@link #anIsnComputedColdAllocatesNothing}'s loader. */
    public static final class ColdIsn implements IntUnaryOperator {
        private final long[] c = Fixtures.addr("192.0.2.10");
        private final long[] l = Fixtures.addr("10.1.0.1");
        private final long[] r = Fixtures.addr("10.2.0.7");

        @Override
        public int applyAsInt(int i) {
            return FullNat.initialSeqDelta(0x5EC2E7L, c[0], c[1], 40000, l[0], l[1], i, r[0], r[1], 80, i, i);
        }
    }

    @Test
    void transformsAllocateNothingPerPacket() {
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        frames = frames();
        try (Arena arena = Arena.ofConfined()) {
            ring = arena.allocate((long) SLOT * (frames.length + 1));
            for (int f = 0; f < frames.length; f++) {
                MemorySegment.copy(MemorySegment.ofArray(frames[f]), 0, ring, offset(f), frames[f].length);
            }
            long tx = offset(frames.length);
            long tid = Thread.currentThread().threadId();
            for (int round = 0; round < 3; round++) {
                assertThat(fullNat(100_000)).isEqualTo(100_000);
                assertThat(others(20_000, tx)).isEqualTo(6 * 20_000);
            }

            long before = threads.getThreadAllocatedBytes(tid);
            int ok = fullNat(1_000_000);
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(ok).isEqualTo(1_000_000);
            assertThat(allocated).as("bytes allocated over 1M FULLNAT in + out").isLessThan(TOLERANCE_BYTES);

            before = threads.getThreadAllocatedBytes(tid);
            ok = others(100_000, tx);
            allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(ok).isEqualTo(6 * 100_000);
            assertThat(allocated)
                    .as("bytes allocated over 100k of each other transform")
                    .isLessThan(TOLERANCE_BYTES);

            // The work was real: the rewritten frames still carry exact checksums.
            for (int f = 0; f < 6; f++) {
                RefDecoder.Decoded d = Fixtures.assertChecksums(Bytes.read(ring, offset(f), frames[f].length));
                if (f < 4) {
                    // NAT ran last: out set the VIP's port, in the real server's.
                    assertThat(d.srcPort).isEqualTo(80);
                    assertThat(d.dstPort).isEqualTo(8080);
                }
            }
        }
    }
}
