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
 * process every frame fully, flush the TX rings once per batch.
 *
 * <p><b>Idle.</b> When a batch finds nothing, the worker watches its rings' status words (no
 * syscall) for {@link #SPIN_NANOS} after the last frame it saw, then sleeps in poll(2) on all its
 * sockets. Under load the next frame usually comes within that window, and catching it there is
 * cheaper than a wakeup; an idle director sleeps and does not burn a core.
 *
 * <p>Nothing here allocates per frame: the handlers and the TX sink are fields made once. Only
 * this thread touches the worker and its sockets' rings; other threads ask ({@link #announce}).
 */
final class WorkerLoop implements Runnable {
    /**
     * How long after its last frame an idle worker keeps watching its rings before it sleeps.
     * A frame that finds the worker asleep waits for a wakeup (several microseconds, more when
     * the core is busy with other work); spinning costs the core for as long as it spins.
     */
    static final long SPIN_NANOS = 50_000;
    /** poll(2) timeout: bounds expiry, announcement and shutdown latency on an idle director. */
    private static final int POLL_MILLIS = 10;
    /**
     * Frames taken per socket per batch, so one busy interface cannot starve another, the first
     * frame of a batch does not wait long for its flush, and a batch fits the TX ring.
     */
    static final int FRAMES_PER_BATCH = 256;

    private final Worker worker;
    private final AfPacketSocket[] sockets;
    private final AfPacketSocket[] byIfIndex;
    private final RxHandler[] handlers;
    private final Supplier<Snapshot> snapshots;
    private final TxSink sink = new Sink();
    private final MemorySegment pollFds;
    private final MemorySegment callState;
    private final long startNanos = System.nanoTime();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerLoop.class);
    private volatile boolean running = true;
    private volatile boolean announceRequested;
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
            handlers[i] = new Receiver(ifIndex);
        }
        Arena arena = Arena.ofAuto();
        this.pollFds = arena.allocate(Libc.POLLFD_SIZE * sockets.length, 8);
        for (int i = 0; i < sockets.length; i++) {
            pollFds.set(ValueLayout.JAVA_INT, i * Libc.POLLFD_SIZE, sockets[i].fd());
            pollFds.set(ValueLayout.JAVA_SHORT, i * Libc.POLLFD_SIZE + 4, (short) Libc.POLLIN);
        }
        this.callState = Libc.allocateCallState(arena);
    }

    /** One interface's frames into the worker, with the offload state the socket read for each. */
    private final class Receiver implements RxHandler {
        private final int ifIndex;

        Receiver(int ifIndex) {
            this.ifIndex = ifIndex;
        }

        @Override
        public void onFrame(MemorySegment ring, long offset, int length) {
            worker.process(ring, offset, length, ifIndex, tick);
        }

        @Override
        public void onFrame(MemorySegment ring, long offset, int length, long offload) {
            worker.process(ring, offset, length, offload, ifIndex, tick);
        }
    }

    /** The worker's frames out, to the socket of the interface each names. */
    private final class Sink implements TxSink {
        @Override
        public boolean send(int ifIndex, MemorySegment f, long offset, int length) {
            AfPacketSocket s = ifIndex < byIfIndex.length ? byIfIndex[ifIndex] : null;
            return s != null && s.send(f, offset, length);
        }

        @Override
        public boolean send(int ifIndex, MemorySegment f, long offset, int length, long offload) {
            AfPacketSocket s = ifIndex < byIfIndex.length ? byIfIndex[ifIndex] : null;
            return s != null && s.send(f, offset, length, offload);
        }
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

    /**
     * Asks the worker thread to send gratuitous ARP / unsolicited NA for the owned addresses at
     * its next batch (within {@link #POLL_MILLIS} when idle): the worker's buffers and the TX
     * rings belong to that thread alone.
     */
    void announce() {
        announceRequested = true;
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
        long lastFrame = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            tick = (now - startNanos) / 1_000_000L;
            worker.beginBatch(snapshots.get(), sink, tick);
            if (announceRequested) {
                announceRequested = false;
                worker.announce(sink);
            }
            int frames = 0;
            for (int i = 0; i < sockets.length; i++) {
                frames += sockets[i].receive(handlers[i], FRAMES_PER_BATCH);
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
                lastFrame = now;
            } else {
                awaitFrames(lastFrame);
            }
        }
    }

    /**
     * Returns when a ring has something, the clock reaches the next tick (so expiry and drain
     * steps run on time), or poll(2) gives up after {@link #POLL_MILLIS}; spins first while the
     * last frame is less than {@link #SPIN_NANOS} old.
     */
    private void awaitFrames(long lastFrame) {
        long nextTick = startNanos + (tick + 1) * 1_000_000L;
        while (true) {
            if (anyReady()) {
                return;
            }
            long t = System.nanoTime();
            if (t - lastFrame >= SPIN_NANOS) {
                break;
            }
            if (t - nextTick >= 0) {
                return;
            }
            Thread.onSpinWait();
        }
        for (int i = 0; i < sockets.length; i++) {
            pollFds.set(ValueLayout.JAVA_SHORT, i * Libc.POLLFD_SIZE + 6, (short) 0);
        }
        if (!anyReady()) {
            Libc.poll(callState, pollFds, sockets.length, POLL_MILLIS);
        }
    }

    private boolean anyReady() {
        for (AfPacketSocket s : sockets) {
            if (s.rxReady()) {
                return true;
            }
        }
        return false;
    }
}
