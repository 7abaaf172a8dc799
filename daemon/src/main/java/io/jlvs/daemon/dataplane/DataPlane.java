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
        NeighbourBus bus = new NeighbourBus(workers, 256);
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

    /** Every worker's counters, for the control plane to sum. */
    public List<Counters> counters() {
        List<Counters> cs = new ArrayList<>();
        for (WorkerLoop l : loops) {
            cs.add(l.worker().counters());
        }
        return cs;
    }

    public List<AfPacketSocket> sockets() {
        return List.copyOf(sockets);
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
