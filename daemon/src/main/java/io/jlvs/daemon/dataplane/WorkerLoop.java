package io.jlvs.daemon.dataplane;

import io.jlvs.core.worker.Snapshot;
import io.jlvs.core.worker.TxSink;
import io.jlvs.core.worker.Worker;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.packet.AfPacketSocket;
import io.jlvs.linux.packet.RxHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Supplier;

/**
 * The run-to-completion loop of one worker thread (DESIGN.md §3.1): take what the RX rings hold,
 * process every frame fully, flush the TX rings once per batch. When nothing arrives it spins a
 * little, then sleeps in poll(2) on all its sockets, so an idle director does not burn a core.
 *
 * <p>Nothing here allocates per frame: the handlers and the TX sink are fields made once.
 */
final class WorkerLoop implements Runnable {
    /** Empty batches to spin through before sleeping in poll. */
    private static final int SPINS_BEFORE_POLL = 64;
    /** poll(2) timeout: bounds expiry and shutdown latency on an idle director. */
    private static final int POLL_MILLIS = 10;
    /** Ring blocks taken per socket per batch, so one busy interface cannot starve another. */
    private static final int BLOCKS_PER_BATCH = 4;

    private final Worker worker;
    private final AfPacketSocket[] sockets;
    private final AfPacketSocket[] byIfIndex;
    private final RxHandler[] handlers;
    private final Supplier<Snapshot> snapshots;
    private final TxSink sink = this::send;
    private final MemorySegment pollFds;
    private final MemorySegment callState;
    private final long startNanos = System.nanoTime();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerLoop.class);
    private volatile boolean running = true;
    private volatile long failures;
    /** The current batch's tick: milliseconds since the loop started, read once per batch. */
    private long tick;

    private long lastHousekeeping;

    WorkerLoop(Worker worker, AfPacketSocket[] sockets, Supplier<Snapshot> snapshots) {
        this.worker = worker;
        this.sockets = sockets.clone();
        this.snapshots = snapshots;
        int maxIf = 0;
        for (AfPacketSocket s : sockets) {
            maxIf = Math.max(maxIf, s.interfaceIndex());
        }
        this.byIfIndex = new AfPacketSocket[maxIf + 1];
        this.handlers = new RxHandler[sockets.length];
        for (int i = 0; i < sockets.length; i++) {
            AfPacketSocket s = sockets[i];
            byIfIndex[s.interfaceIndex()] = s;
            int ifIndex = s.interfaceIndex();
            handlers[i] = (ring, offset, length) -> worker.process(ring, offset, length, ifIndex, tick);
        }
        Arena arena = Arena.ofAuto();
        this.pollFds = arena.allocate(Libc.POLLFD_SIZE * sockets.length, 8);
        for (int i = 0; i < sockets.length; i++) {
            pollFds.set(ValueLayout.JAVA_INT, i * Libc.POLLFD_SIZE, sockets[i].fd());
            pollFds.set(ValueLayout.JAVA_SHORT, i * Libc.POLLFD_SIZE + 4, (short) Libc.POLLIN);
        }
        this.callState = Libc.allocateCallState(arena);
    }

    private boolean send(int ifIndex, MemorySegment f, long offset, int length) {
        AfPacketSocket s = ifIndex < byIfIndex.length ? byIfIndex[ifIndex] : null;
        return s != null && s.send(f, offset, length);
    }

    void stop() {
        running = false;
    }

    Worker worker() {
        return worker;
    }

    /** The tick of the batch under way (ms since the loop started). */
    long tick() {
        return tick;
    }

    /** Sends gratuitous ARP / unsolicited NA for the owned addresses, from this worker. */
    void announce() {
        worker.announce(sink);
        for (AfPacketSocket s : sockets) {
            s.flush();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                loop();
            } catch (RuntimeException | Error e) {
                // A bug must not silently stop forwarding: the rest of the batch is lost, the
                // failure is logged and counted, and the worker goes on with the next batch.
                failures++;
                if (failures <= 10 || Long.bitCount(failures) == 1) {
                    LOG.error("worker {}: batch failed ({} so far); continuing", worker.id(), failures, e);
                }
            }
        }
    }

    /** Batches abandoned because something threw; read by the control plane. */
    long failures() {
        return failures;
    }

    private void loop() {
        int idle = 0;
        while (running) {
            tick = (System.nanoTime() - startNanos) / 1_000_000L;
            worker.beginBatch(snapshots.get(), sink, tick);
            int frames = 0;
            for (int i = 0; i < sockets.length; i++) {
                frames += sockets[i].receive(handlers[i], BLOCKS_PER_BATCH);
            }
            for (AfPacketSocket s : sockets) {
                if (s.txPending() > 0) {
                    s.flush();
                }
            }
            if (tick - lastHousekeeping >= 1000) {
                lastHousekeeping = tick;
                worker.housekeeping(tick);
            }
            if (frames > 0) {
                idle = 0;
            } else if (++idle > SPINS_BEFORE_POLL) {
                waitForFrames();
            }
        }
    }

    private void waitForFrames() {
        for (AfPacketSocket s : sockets) {
            if (s.rxReady()) {
                return;
            }
        }
        for (int i = 0; i < sockets.length; i++) {
            pollFds.set(ValueLayout.JAVA_SHORT, i * Libc.POLLFD_SIZE + 6, (short) 0);
        }
        Libc.poll(callState, pollFds, sockets.length, POLL_MILLIS);
    }
}
