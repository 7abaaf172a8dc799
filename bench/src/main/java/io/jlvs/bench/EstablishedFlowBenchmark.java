package io.jlvs.bench;

import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.service.ForwardingMethod;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost of an established flow through {@code Worker.process}: one operation is one
 * packet in one direction — a client's data segment (in) or a real server's (out) — of a TCP
 * connection that went through a real three-way handshake, with every neighbour resolved and a
 * TX sink that only counts. Each operation first copies the frame's template into the "RX"
 * buffer, because the worker rewrites it in place; {@link #reference} does that same copy and
 * then only parses, so {@code score / reference} is the cost of a forwarded packet in units of
 * "copy the frame and read its headers", comparable across machines and runs. The established
 * FULLNAT per-packet figure is the mean of {@link #fullNatIn} and {@link #fullNatOut}.
 *
 * <p>Frames: IPv4, TCP ACK|PSH with {@value #PAYLOAD} bytes of payload (118-byte frames). Time
 * does not move, so nothing expires and no neighbour goes stale.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class EstablishedFlowBenchmark {
    /** TCP payload bytes per segment. */
    static final int PAYLOAD = 64;

    static final long NOW = 1_000;
    private static final int FRAME = 256;

    SyntheticDirector nat;
    SyntheticDirector fullNat;
    ForwardingAudit natAudit;
    ForwardingAudit fullNatAudit;

    final MemorySegment natInFrame = Arena.ofAuto().allocate(FRAME, 64);
    final MemorySegment natOutFrame = Arena.ofAuto().allocate(FRAME, 64);
    final MemorySegment fullNatInFrame = Arena.ofAuto().allocate(FRAME, 64);
    final MemorySegment fullNatOutFrame = Arena.ofAuto().allocate(FRAME, 64);
    /** Where each operation's frame is copied to and processed, as in an RX ring. */
    final MemorySegment rx = Arena.ofAuto().allocate(FRAME, 64);

    int natInLength;
    int natOutLength;
    int fullNatInLength;
    int fullNatOutLength;
    final ParsedPacket parsed = new ParsedPacket();
    final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        nat = new SyntheticDirector(ForwardingMethod.MASQ, 1 << 16);
        SyntheticDirector.Flow natFlow = nat.establish(40000, 0);
        natInLength = nat.clientSegment(natFlow, PAYLOAD, natInFrame);
        natOutLength = nat.serverSegment(natFlow, PAYLOAD, natOutFrame);
        nat.worker().beginBatch(nat.snapshot(), sink, NOW);
        natAudit = new ForwardingAudit(nat.worker());

        fullNat = new SyntheticDirector(ForwardingMethod.FULLNAT, 1 << 16);
        SyntheticDirector.Flow fnFlow = fullNat.establish(40000, 0);
        fullNatInLength = fullNat.clientSegment(fnFlow, PAYLOAD, fullNatInFrame);
        fullNatOutLength = fullNat.serverSegment(fnFlow, PAYLOAD, fullNatOutFrame);
        fullNat.worker().beginBatch(fullNat.snapshot(), sink, NOW);
        fullNatAudit = new ForwardingAudit(fullNat.worker());
    }

    /** Fails the run if any measured packet was not forwarded. */
    @TearDown(Level.Trial)
    public void verify() {
        natAudit.requireAllForwarded();
        fullNatAudit.requireAllForwarded();
    }

    /** Copy the FULLNAT client frame into the RX buffer and parse it: the unit of the ratios. */
    @Benchmark
    public int reference() {
        MemorySegment.copy(fullNatInFrame, 0, rx, 0, fullNatInLength);
        return PacketParser.parse(rx, 0, fullNatInLength, parsed);
    }

    /** NAT, client → real server: destination rewritten to RIP:rport. */
    @Benchmark
    public int natIn() {
        MemorySegment.copy(natInFrame, 0, rx, 0, natInLength);
        return nat.worker().process(rx, 0, natInLength, SyntheticDirector.IF_C, NOW);
    }

    /** NAT, real server → client: source rewritten to VIP:vport. */
    @Benchmark
    public int natOut() {
        MemorySegment.copy(natOutFrame, 0, rx, 0, natOutLength);
        return nat.worker().process(rx, 0, natOutLength, SyntheticDirector.IF_S, NOW);
    }

    /** FULLNAT, client → real server: both ends rewritten, sequence number shifted. */
    @Benchmark
    public int fullNatIn() {
        MemorySegment.copy(fullNatInFrame, 0, rx, 0, fullNatInLength);
        return fullNat.worker().process(rx, 0, fullNatInLength, SyntheticDirector.IF_C, NOW);
    }

    /** FULLNAT, real server → client: both ends restored, acknowledgement shifted back. */
    @Benchmark
    public int fullNatOut() {
        MemorySegment.copy(fullNatOutFrame, 0, rx, 0, fullNatOutLength);
        return fullNat.worker().process(rx, 0, fullNatOutLength, SyntheticDirector.IF_S, NOW);
    }
}
