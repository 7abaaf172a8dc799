package io.jlvs.bench;

import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.worker.Worker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

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
public class EstablishedFlowBenchmark extends JmhSettings {
    /** TCP payload bytes per segment. */
    static final int PAYLOAD = 64;

    static final long NOW = 1_000;
    private static final int FRAME = 256;

    /** Where each operation's frame is copied to and processed, as in an RX ring. */
    final MemorySegment rx = Arena.ofAuto().allocate(FRAME, 64);

    final ParsedPacket parsed = new ParsedPacket();
    final CountingSink sink = new CountingSink();
    Replay nat;
    Replay fullNat;

    /**
     * One established flow of one forwarding method through a worker of its own: a client frame
     * (in) and a real server's (out) to replay, and the audit of that worker.
     */
    static final class Replay {
        final SyntheticDirector director;
        final Worker worker;
        final MemorySegment inFrame = Arena.ofAuto().allocate(FRAME, 64);
        final MemorySegment outFrame = Arena.ofAuto().allocate(FRAME, 64);
        final int inLength;
        final int outLength;
        final ForwardingAudit audit;

        Replay(ForwardingMethod method, CountingSink sink) {
            director = new SyntheticDirector(method, 1 << 16);
            worker = director.worker();
            SyntheticDirector.Flow flow = director.establish(40000, 0);
            inLength = director.clientSegment(flow, PAYLOAD, inFrame);
            outLength = director.serverSegment(flow, PAYLOAD, outFrame);
            worker.beginBatch(director.snapshot(), sink, NOW);
            audit = new ForwardingAudit(worker);
        }

        /** Copies the client's frame into {@code rx} and forwards it. */
        int in(MemorySegment rx) {
            MemorySegment.copy(inFrame, 0, rx, 0, inLength);
            return worker.process(rx, 0, inLength, SyntheticDirector.IF_C, NOW);
        }

        /** Copies the real server's frame into {@code rx} and forwards it. */
        int out(MemorySegment rx) {
            MemorySegment.copy(outFrame, 0, rx, 0, outLength);
            return worker.process(rx, 0, outLength, SyntheticDirector.IF_S, NOW);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        nat = new Replay(ForwardingMethod.MASQ, sink);
        fullNat = new Replay(ForwardingMethod.FULLNAT, sink);
    }

    /** Fails the run if any measured packet was not forwarded. */
    @TearDown(Level.Trial)
    public void verify() {
        nat.audit.requireAllForwarded();
        fullNat.audit.requireAllForwarded();
    }

    /** Copy the FULLNAT client frame into the RX buffer and parse it: the unit of the ratios. */
    @Benchmark
    public int reference() {
        MemorySegment.copy(fullNat.inFrame, 0, rx, 0, fullNat.inLength);
        return PacketParser.parse(rx, 0, fullNat.inLength, parsed);
    }

    /** NAT, client → real server: destination rewritten to RIP:rport. */
    @Benchmark
    public int natIn() {
        return nat.in(rx);
    }

    /** NAT, real server → client: source rewritten to VIP:vport. */
    @Benchmark
    public int natOut() {
        return nat.out(rx);
    }

    /** FULLNAT, client → real server: both ends rewritten, sequence number shifted. */
    @Benchmark
    public int fullNatIn() {
        return fullNat.in(rx);
    }

    /** FULLNAT, real server → client: both ends restored, acknowledgement shifted back. */
    @Benchmark
    public int fullNatOut() {
        return fullNat.out(rx);
    }
}
