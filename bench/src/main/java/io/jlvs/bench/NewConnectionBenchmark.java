package io.jlvs.bench;

import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.worker.Worker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of a new connection: one operation is one client SYN for a tuple the worker has not seen
 * — looked up and missed in both directions, matched to the virtual service, scheduled (rr),
 * given a FULLNAT local port where the method needs one, entered in the table and timer wheel,
 * rewritten and forwarded.
 *
 * <p>The clock moves one tick (1 ms) per SYN, in batches of {@value #BATCH} as a worker's RX batches
 * would, and each batch starts with {@code beginBatch}, which expires the connections whose time
 * is up. Half-open connections live 60 s (IPVS's SYN_RECV timeout), so about 60 000 are in the
 * table at any time and each operation also pays for retiring one: the steady state of a director
 * taking a constant stream of connections that never complete. The SYNs cycle through {@value
 * #TUPLES} distinct client tuples, far more than live at once, so a tuple's previous connection is
 * always gone when it comes round again (checked after the run: every SYN opened a connection).
 */
public class NewConnectionBenchmark extends JmhSettings {
    /** Distinct client tuples, a power of two. */
    static final int TUPLES = 1 << 17;
    /** SYNs per batch; the tick advances by this much per batch. */
    static final int BATCH = 32;

    private static final int STRIDE = 64;

    @Param({"MASQ", "FULLNAT"})
    public ForwardingMethod method;

    SyntheticDirector director;
    Worker worker;
    ForwardingAudit audit;
    final CountingSink sink = new CountingSink();
    final MemorySegment syns = Arena.ofAuto().allocate((long) TUPLES * STRIDE, 64);
    final MemorySegment rx = Arena.ofAuto().allocate(STRIDE, 64);
    int synLength;
    int next;
    long now;

    @Setup(Level.Trial)
    public void setUp() {
        // Capacity: the ~60 000 live half-open connections, with room to spare.
        director = new SyntheticDirector(method, 1 << 17);
        worker = director.worker();
        // One connection to each real server resolves their MACs (rr: one each, in order).
        for (int i = 0; i < SyntheticDirector.REALS.size(); i++) {
            director.establish(30000 + i, 0);
        }
        for (int i = 0; i < TUPLES; i++) {
            int n = director.clientSyn(clientAddress(i), clientPort(i), i, syns, (long) i * STRIDE, STRIDE);
            if (i > 0 && n != synLength || n <= 0) {
                throw new IllegalStateException("SYN " + i + " is " + n + " bytes");
            }
            synLength = n;
        }
        now = 0;
        next = 0;
        worker.beginBatch(director.snapshot(), sink, now);
        audit = new ForwardingAudit(worker);
    }

    /** Client address of tuple {@code i}: 198.18.0.20 .. 198.18.0.51 (IPv4 as an int). */
    static int clientAddress(int i) {
        return 0xC612_0000 | (20 + (i >>> 12));
    }

    /** Client port of tuple {@code i}: 4096 ports per address, spread over 1024 .. 62449. */
    static int clientPort(int i) {
        return 1024 + (i & 0xFFF) * 15;
    }

    /** Fails the run unless every SYN was forwarded and opened a connection of its own. */
    @TearDown(Level.Trial)
    public void verify() {
        long forwarded = audit.requireAllForwarded();
        long opened = audit.connectionsOpened();
        if (opened != forwarded) {
            throw new IllegalStateException(forwarded + " SYNs forwarded but " + opened + " connections opened");
        }
    }

    @Benchmark
    public int syn() {
        int i = next;
        if ((i & (BATCH - 1)) == 0) {
            now += BATCH;
            worker.beginBatch(director.snapshot(), sink, now);
        }
        MemorySegment.copy(syns, (long) i * STRIDE, rx, 0, synLength);
        next = (i + 1) & (TUPLES - 1);
        return worker.process(rx, 0, synLength, SyntheticDirector.IF_C, now);
    }
}
