package io.jlvs.bench;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.worker.Verdict;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SYNPROXY's cost per SYN (issue 8's target: 200 ns): one operation is a client's SYN, with the
 * options a Linux client sends (MSS, SACK-permitted, timestamps, window scale), through {@code
 * Worker.process} to the cookie SYN-ACK handed to the TX sink: parse, service lookup, SipHash
 * cookie, options, the SYN-ACK written with full checksums. Run it with {@code
 * EstablishedFlowBenchmark.reference} in the same invocation and report {@code synToSynAck /
 * reference}, as the other per-packet figures are.
 */
public class SynProxyBenchmark extends JmhSettings {
    static final long NOW = 1_000;
    private static final int FRAME = 256;

    SyntheticDirector director;
    final MemorySegment synFrame = Arena.ofAuto().allocate(FRAME, 64);
    final MemorySegment rx = Arena.ofAuto().allocate(FRAME, 64);
    final CountingSink sink = new CountingSink();
    final ParsedPacket parsed = new ParsedPacket();
    int synLength;
    long replied;
    long operations;

    @Setup(Level.Trial)
    public void setUp() {
        director = new SyntheticDirector(ForwardingMethod.MASQ, 1 << 16, true);
        long[] c = InetAddr.parse(SyntheticDirector.CLIENT);
        long[] v = InetAddr.parse(SyntheticDirector.VIP);
        synLength = new FrameWriter()
                .begin(synFrame, 0, FRAME)
                .ethernet(SyntheticDirector.MAC_C, SyntheticDirector.MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(40000, SyntheticDirector.VPORT, 123_456_789, 0, 0x02, 64240)
                .mss(1460)
                .sackPermitted()
                .timestamps(1_000_000, 0)
                .nop()
                .windowScale(7)
                .finish();
        director.worker().beginBatch(director.snapshot(), sink, NOW);
    }

    /** Fails the run unless every SYN was answered, and nothing was kept for it. */
    @TearDown(Level.Trial)
    public void verify() {
        if (replied != operations || director.worker().connections().size() != 0) {
            throw new IllegalStateException("answered " + replied + " of " + operations + " SYNs; "
                    + director.worker().connections().size() + " connections");
        }
    }

    /** The same frame copied and parsed only: the unit of {@code EstablishedFlowBenchmark.reference}. */
    @Benchmark
    public int synReference() {
        MemorySegment.copy(synFrame, 0, rx, 0, synLength);
        return PacketParser.parse(rx, 0, synLength, parsed);
    }

    @Benchmark
    public int synToSynAck() {
        MemorySegment.copy(synFrame, 0, rx, 0, synLength);
        int v = director.worker().process(rx, 0, synLength, SyntheticDirector.IF_C, NOW);
        operations++;
        if (v == Verdict.REPLIED) {
            replied++;
        }
        return v;
    }
}
