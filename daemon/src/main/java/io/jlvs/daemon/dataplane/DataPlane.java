package io.jlvs.daemon.dataplane;

import io.jlvs.core.neigh.NeighbourBus;
import io.jlvs.core.worker.Counters;
import io.jlvs.core.worker.OwnedAddresses;
import io.jlvs.core.worker.Snapshot;
import io.jlvs.core.worker.Worker;
import io.jlvs.core.worker.WorkerConfig;
import io.jlvs.linux.libc.CpuAffinity;
import io.jlvs.linux.packet.AfPacketSocket;
import io.jlvs.linux.packet.FanoutProgram;
import io.jlvs.linux.packet.PacketRingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane of jlvsd: one worker thread per configured core, each with an AF_PACKET socket
 * (RX and TX ring) on every served interface, joined per interface in a fanout group whose
 * steering program sends both directions of a flow to the same worker (DESIGN.md §3.5). The
 * control plane {@link #publish publishes} snapshots; workers pick them up at their next batch.
 */
public final class DataPlane implements AutoCloseable, DataPlaneStats.DataPlaneView {
    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final AtomicReference<Snapshot> snapshot;
    private final List<WorkerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AfPacketSocket> sockets = new ArrayList<>();
    private final int workerCount;
    /** Shares neighbour answers between workers; null with one worker. */
    private final NeighbourBus bus;

    /**
     * Opens every socket (failing early, with the kernel's reason, before any thread starts).
     *
     * @param fanoutBase first PACKET_FANOUT group id; interface {@code i} uses {@code base + i}
     */
    public DataPlane(List<String> interfaces, int workers, WorkerConfig config, Snapshot initial, int fanoutBase) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.snapshot = new AtomicReference<>(initial);
        this.workerCount = workers;
        this.bus = workers > 1 ? new NeighbourBus(workers, 256) : null;
        long now = 0;
        try {
            for (int w = 0; w < workers; w++) {
                AfPacketSocket[] mine = new AfPacketSocket[interfaces.size()];
                for (int i = 0; i < interfaces.size(); i++) {
                    String name = interfaces.get(i);
                    PacketRingConfig ring = PacketRingConfig.DEFAULTS;
                    if (workers > 1) {
                        ring = ring.withFanout(fanoutBase + i, steering(initial, workers));
                    }
                    // Workers join each group in worker order: member i of every group is worker i.
                    mine[i] = AfPacketSocket.open(name, ring);
                    sockets.add(mine[i]);
                }
                Worker worker = new Worker(w, workers, config, initial, now);
                if (workers > 1) {
                    worker.neighbourBus(bus);
                }
                loops.add(new WorkerLoop(worker, mine, snapshot::get));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The steering program for every served interface: a frame to a VIP is hashed by its source
     * (the client), one to a FULLNAT local address goes to {@code lport mod workers}, anything else
     * (a NAT reply) is hashed by its destination (the client again), so both directions of every
     * flow meet on one worker whichever interface they use (DESIGN.md §3.5).
     */
    static FanoutProgram steering(Snapshot s, int workers) {
        FanoutProgram.OneArm b = FanoutProgram.oneArm().workers(workers);
        for (OwnedAddresses.Owned o : s.owned().list()) {
            if (o.kind() == OwnedAddresses.Kind.LOCAL_ADDRESS) {
                b.localAddress(o.hi(), o.lo());
            } else {
                b.vip(o.hi(), o.lo());
            }
        }
        return b.build();
    }

    /**
     * Starts the worker threads, each pinned to one CPU of the process's allowed set, from the
     * highest down (the kernel's receive softirq tends to run low; DESIGN.md §3a).
     */
    public void start() {
        java.util.BitSet allowed = CpuAffinity.currentThreadCpus();
        List<Integer> cpus = new ArrayList<>();
        for (int c = allowed.length() - 1; c >= 0; c = allowed.previousSetBit(c - 1)) {
            if (allowed.get(c)) {
                cpus.add(c);
            }
        }
        for (int w = 0; w < loops.size(); w++) {
            WorkerLoop loop = loops.get(w);
            int core = cpus.isEmpty() ? -1 : cpus.get(w % cpus.size());
            Thread t = Thread.ofPlatform().name("jlvs-worker-" + w).unstarted(() -> {
                if (core >= 0) {
                    try {
                        CpuAffinity.pinCurrentThread(core);
                    } catch (RuntimeException e) {
                        log.warn("worker not pinned to CPU {}: {}", core, e.getMessage());
                    }
                }
                loop.run();
            });
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("{} worker(s) started on {} socket(s)", loops.size(), sockets.size());
    }

    /** Makes {@code s} the snapshot every worker uses from its next batch (one volatile write). */
    public void publish(Snapshot s) {
        Snapshot old = snapshot.getAndSet(s);
        if (workerCount > 1
                && (old == null || !old.owned().list().equals(s.owned().list()))) {
            FanoutProgram p = steering(s, workerCount);
            // One member per group is enough: the kernel keeps one program per fanout group.
            for (int i = 0; i < sockets.size() / workerCount; i++) {
                sockets.get(i).setFanoutProgram(p);
            }
        }
    }

    public Snapshot current() {
        return snapshot.get();
    }

    /** Gratuitous ARP / unsolicited NA for every owned address, sent by worker 0. */
    public void announce() {
        if (!loops.isEmpty()) {
            loops.getFirst().announce();
        }
    }

    @Override
    public long tick(int worker) {
        return loops.get(worker).tick();
    }

    @Override
    public List<Worker> workers() {
        List<Worker> ws = new ArrayList<>();
        for (WorkerLoop l : loops) {
            ws.add(l.worker());
        }
        return ws;
    }

    /**
     * The data plane's own figures summed over workers, for metrics: drops by reason, frames by
     * verdict, and the events behind the scenes (ARP/NDP answers, probes, relayed ICMP errors...).
     */
    public record Totals(long[] drops, long[] verdicts, java.util.Map<String, Long> events) {}

    /** Kernel ring counters so far: PACKET_STATISTICS resets on every read, so they add up here. */
    private long ringDrops;

    private long ringFreezes;

    public synchronized Totals totals() {
        long[] drops = new long[io.jlvs.core.worker.DropReason.COUNT];
        long[] verdicts = null;
        java.util.Map<String, Long> events = new java.util.LinkedHashMap<>();
        for (WorkerLoop l : loops) {
            Worker w = l.worker();
            Counters c = w.counters();
            for (int i = 0; i < drops.length; i++) {
                drops[i] += c.drops[i];
            }
            if (verdicts == null) {
                verdicts = new long[c.verdicts.length];
            }
            for (int i = 0; i < verdicts.length; i++) {
                verdicts[i] += c.verdicts[i];
            }
            c.each((event, count) -> events.merge(event, count, Long::sum));
            events.merge("neighbour_learned", w.neighbours().learned, Long::sum);
            events.merge("frame_queued_for_neighbour", w.neighbours().queued, Long::sum);
            events.merge("worker_batch_failed", l.failures(), Long::sum);
        }
        for (AfPacketSocket sock : sockets) {
            try {
                io.jlvs.linux.packet.PacketStats k = sock.kernelStats();
                ringDrops += k.drops();
                ringFreezes += k.freezes();
            } catch (RuntimeException e) {
                log.warn("reading the kernel's counters of {}: {}", sock, e.getMessage());
            }
            events.merge("rx_block_malformed", sock.rxMalformed(), Long::sum);
            events.merge("rx_frame_truncated", sock.rxTruncated(), Long::sum);
            events.merge("tx_ring_full", sock.txRingFull(), Long::sum);
            events.merge("tx_super_frame", sock.txSuperFrames(), Long::sum);
            events.merge("tx_backpressure", sock.txBackpressure(), Long::sum);
            events.merge("tx_error", sock.txErrors(), Long::sum);
        }
        events.put("rx_ring_drop", ringDrops);
        events.put("rx_ring_freeze", ringFreezes);
        if (bus != null) {
            long dropped = 0;
            for (int i = 0; i < workerCount; i++) {
                dropped += bus.dropped(i);
            }
            events.put("neighbour_news_dropped", dropped);
        }
        return new Totals(drops, verdicts == null ? new long[0] : verdicts, events);
    }

    @Override
    public void close() {
        for (WorkerLoop l : loops) {
            l.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AfPacketSocket s : sockets) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("closing {}: {}", s, e.getMessage());
            }
        }
        sockets.clear();
    }
}
