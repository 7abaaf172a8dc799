package io.jlvs.core.worker;

import io.jlvs.core.clientaddr.ClientAddressCarrier;
import io.jlvs.core.conn.ConnFlags;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.conn.ConnTracker;
import io.jlvs.core.conn.FwdMethod;
import io.jlvs.core.conn.LocalAddresses;
import io.jlvs.core.conn.LocalPortAllocator;
import io.jlvs.core.conn.RealServerLoad;
import io.jlvs.core.conn.TimerWheel;
import io.jlvs.core.drain.Drainer;
import io.jlvs.core.drain.FlowActions;
import io.jlvs.core.neigh.NeighbourBus;
import io.jlvs.core.neigh.NeighbourTable;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.ArpPacket;
import io.jlvs.core.packet.EtherType;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.Icmpv6Header;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.MacAddr;
import io.jlvs.core.packet.Offload;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.Wire;
import io.jlvs.core.persist.PersistScheduler;
import io.jlvs.core.persist.PersistTable;
import io.jlvs.core.proto.TcpStates;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.sched.Overload;
import io.jlvs.core.sched.Scheduler;
import io.jlvs.core.sched.SchedulerOptions;
import io.jlvs.core.sched.WorkerSchedulers;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import io.jlvs.core.synproxy.SynProxy;
import io.jlvs.core.xmit.FullNat;
import io.jlvs.core.xmit.IcmpEcho;
import io.jlvs.core.xmit.IcmpRelay;
import io.jlvs.core.xmit.Mss;
import io.jlvs.core.xmit.Nat;
import io.jlvs.core.xmit.Offloads;
import io.jlvs.core.xmit.Segmenter;
import io.jlvs.core.xmit.Tun;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One data-plane worker: everything that happens to a frame between the RX ring and the TX ring
 * (DESIGN.md §3), run to completion, with no allocation, lock or exception per frame. It owns
 * its share of the state — connection table, timer wheel, persistence templates, schedulers,
 * neighbour cache, counters — and reads the control plane's {@link Snapshot} once per batch.
 *
 * <p>The path of a TCP/UDP frame, as IPVS's {@code ip_vs_in}/{@code ip_vs_out} divide it: a
 * frame whose tuple is a connection's inbound tuple goes client → real server; one matching an
 * outbound tuple is a reply; otherwise a frame for a virtual service may open a connection (for
 * TCP only a SYN, as IPVS does); anything else is the director kernel's business and is ignored.
 * Each forwarded frame then leaves through the interface and next hop the director's routing
 * table names, with the MAC jlvs resolved itself.
 *
 * <p>Time is a tick in milliseconds, passed in by the caller.
 */
public final class Worker {
    /** Ticks are milliseconds. */
    public static final int TICKS_PER_SECOND = 1000;

    private static final int SCRATCH = 16 * 1024;
    private static final int SYNTH = 256;

    private final int workerId;
    private final ParsedPacket p = new ParsedPacket();
    /** The flow quoted inside an ICMP error. */
    private final ParsedPacket quoted = new ParsedPacket();

    private final ConnTable table;
    private final ConnTracker tracker;
    private final RealServerLoad load;
    private final LocalAddresses localAddresses;
    private final LocalPortAllocator ports;
    private final PersistTable templates;
    private final PersistScheduler persist;
    private final Overload overload;
    private final SchedulerOptions schedulerOptions;
    private final NeighbourTable neighbours;
    private final FrameWriter writer = new FrameWriter();
    /** Cuts a super-frame into segments where it cannot go whole (a tunnel). */
    private final Segmenter segmenter = new Segmenter();

    private final MemorySegment scratch;
    /** Segments jlvs sends in a flow's name (drain closes and resets), built here then forwarded. */
    private final MemorySegment synth;

    private final Drainer drainer;
    private final long isnSecret;
    private final NeighbourTable.FrameSink drainSink = this::sendQueued;
    private final NeighbourBus.Listener busListener = this::learntElsewhere;
    private NeighbourBus bus;
    private final Counters counters;
    private final SynProxy synProxy;
    /** TOA options and PROXY headers for the services that pass the client address on. */
    private final ClientAddressCarrier clientAddress;

    private Snapshot snapshot;
    private WorkerSchedulers schedulers;
    private int[] serviceGroup = new int[0];
    private TxSink tx;
    /** The current batch's tick, for callbacks that are not handed one. */
    private long batchNow;

    /**
     * @param workerId this worker's number, 0 .. workers-1 (FULLNAT ports: lport mod workers)
     * @param workers how many workers share the director's traffic
     * @param config table sizes
     * @param initial the first snapshot
     * @param now the current tick
     */
    public Worker(int workerId, int workers, WorkerConfig config, Snapshot initial, long now) {
        this.workerId = workerId;
        this.localAddresses = new LocalAddresses(config.localAddressCapacity());
        this.table = new ConnTable(config.connCapacity(), localAddresses);
        TimerWheel wheel = new TimerWheel(table, config.timerBuckets(), now);
        ServiceTable services = initial.services();
        this.load = new RealServerLoad(config.maxRealServers());
        this.ports = new LocalPortAllocator(table, workerId, workers, config.seed() ^ workerId);
        this.templates = new PersistTable(config.templateCapacity(), TICKS_PER_SECOND);
        this.persist = new PersistScheduler(templates);
        this.overload = new Overload(workers);
        load.overload(overload);
        this.schedulerOptions = SchedulerOptions.defaults(TICKS_PER_SECOND).withRandomSeed(config.seed() + workerId);
        this.tracker = new ConnTracker(table, wheel, load, initial.timeouts(), ports, this::timedOut);
        this.neighbours = NeighbourTable.withDefaults(config.neighbourCapacity());
        this.scratch = Arena.ofAuto().allocate(SCRATCH, 64);
        this.synth = Arena.ofAuto().allocate(SYNTH, 64);
        this.drainer = new Drainer(table, new Segments(), workers);
        this.isnSecret = config.seed() * 0x9E37_79B9_7F4A_7C15L + workerId;
        this.counters = new Counters(services.serviceIdCapacity(), services.realIndexCapacity());
        // One cookie secret for all workers: a client's ACK may reach another worker than its SYN.
        this.synProxy = new SynProxy(
                table,
                new Handshakes(),
                config.seed() * 0xC2B2_AE3D_27D4_EB4FL,
                SynProxy.DEFAULT_PENDING,
                counters.synProxy);
        this.clientAddress = new ClientAddressCarrier(table, counters);
        adopt(initial, now);
    }

    /**
     * Shares neighbour answers with the other workers (ARP and NDP reach only one of them);
     * set before the first batch when there is more than one worker.
     */
    public void neighbourBus(NeighbourBus b) {
        this.bus = b;
    }

    /** The counters, for the control plane to sum. */
    public Counters counters() {
        return counters;
    }

    public ConnTable connections() {
        return table;
    }

    public RealServerLoad load() {
        return load;
    }

    public NeighbourTable neighbours() {
        return neighbours;
    }

    /** The FULLNAT local ports this worker hands out, with per-address counts. */
    public LocalPortAllocator localPorts() {
        return ports;
    }

    /** The drain side of this worker: its figures per real server. */
    public Drainer drainer() {
        return drainer;
    }

    public PersistTable templates() {
        return templates;
    }

    public int id() {
        return workerId;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Starts a batch: takes a newer snapshot if one was published, and retires the connections
     * whose time is up. Call once per batch, before {@link #process}.
     */
    public void beginBatch(Snapshot latest, TxSink sink, long now) {
        this.tx = sink;
        this.batchNow = now;
        if (latest != snapshot) {
            adopt(latest, now);
        }
        if (bus != null) {
            bus.drain(workerId, busListener);
        }
        tracker.expire(now);
        drainer.step(now);
        synProxy.step(now);
    }

    /** Periodic upkeep (about once a second): scheduler caches, template sweep. */
    public void housekeeping(long now) {
        schedulers.housekeeping(now);
        templates.sweep(now, 1024);
    }

    // A new snapshot: schedulers rebuilt (their state carried over), FULLNAT local address groups
    // updated, counters grown. Batch boundary only, so allocation here is not on the packet path.
    private void adopt(Snapshot s, long now) {
        ServiceTable services = s.services();
        schedulers = WorkerSchedulers.build(
                services, load, overload, schedulerOptions, schedulers == null ? null : schedulers);
        counters.ensure(services.serviceIdCapacity(), services.realIndexCapacity());
        if (serviceGroup.length < services.serviceIdCapacity()) {
            int old = serviceGroup.length;
            serviceGroup = Arrays.copyOf(serviceGroup, services.serviceIdCapacity());
            Arrays.fill(serviceGroup, old, serviceGroup.length, -1);
        }
        for (int i = 0; i < services.serviceCount(); i++) {
            VirtualService svc = services.service(i);
            if (svc.localAddressCount() == 0) {
                continue;
            }
            int[] idx = new int[svc.localAddressCount()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = localAddresses.add(svc.localAddressHi(k), svc.localAddressLo(k));
            }
            if (serviceGroup[svc.id()] < 0) {
                serviceGroup[svc.id()] = ports.addGroup(idx);
            } else {
                ports.replaceGroup(serviceGroup[svc.id()], idx);
            }
        }
        templates.expireQuiescentTemplate(s.expireQuiescentTemplate());
        synProxy.adopt(s.synProxy());
        tracker.timeouts(s.timeouts());
        snapshot = s;
        drainer.adopt(services, s.expireNodestConn(), now);
    }

    /**
     * Processes one received frame.
     *
     * @param frame the memory holding the frame (the RX ring); it is rewritten in place
     * @param ifIndex the interface it arrived on
     * @return a {@link Verdict}
     */
    public int process(MemorySegment frame, long offset, int length, int ifIndex, long now) {
        return process(frame, offset, length, Offload.NONE, ifIndex, now);
    }

    /**
     * Processes one received frame that came with an {@link Offload} state (the kernel's
     * virtio_net_hdr): a partial checksum, or a GSO super-frame of up to 64 KiB handled as one
     * packet. The state goes out with the frame, made true for what jlvs changed ({@link Offloads}).
     */
    public int process(MemorySegment frame, long offset, int length, long offload, int ifIndex, long now) {
        batchNow = now;
        p.offload(offload);
        if (Offload.isSuper(offload)) {
            counters.superFrames++;
        }
        int res = PacketParser.parse(frame, offset, length, p);
        int v;
        if (res != ParseResult.OK) {
            v = drop(res);
        } else if (p.etherType() == EtherType.ARP) {
            v = arp(ifIndex, now);
        } else if (p.ipVersion() == 0) {
            v = Verdict.IGNORED;
        } else if (p.protocol() == IpProtocol.TCP || p.protocol() == IpProtocol.UDP) {
            v = transport(ifIndex, now);
        } else if (p.protocol() == IpProtocol.ICMP || p.protocol() == IpProtocol.ICMPV6) {
            v = icmp(ifIndex, now);
        } else {
            v = Verdict.IGNORED;
        }
        counters.verdicts[v]++;
        return v;
    }

    // ---------------------------------------------------------------- TCP and UDP

    private int transport(int ifIndex, long now) {
        int proto = p.protocol();
        int id = table.lookupIn(proto, p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort());
        if (id >= 0 && !newConnectionExpected(id)) {
            return inbound(id, ifIndex, now);
        }
        if (id >= 0) {
            // IPVS conn_reuse_mode: a SYN on a connection that is over is a new connection from a
            // reused client port; the old entry goes and the SYN is scheduled afresh, or a busy
            // client would stick to the server its port last went to.
            remove(id);
            counters.reusedConnections++;
        }
        id = table.lookupOut(proto, p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort());
        if (id >= 0) {
            return outbound(id, now);
        }
        VirtualService svc = snapshot.services().find(proto, p.dstHi(), p.dstLo(), p.dstPort());
        if (svc == null) {
            return Verdict.IGNORED;
        }
        return newConnection(svc, ifIndex, now);
    }

    /** IPVS's {@code ip_vs_in} rescheduling test under {@code conn_reuse_mode} (see {@link Snapshot}). */
    private boolean newConnectionExpected(int id) {
        if (p.protocol() != IpProtocol.TCP
                || (p.tcpFlags() & (TcpStates.SYN | TcpStates.ACK | TcpStates.RST)) != TcpStates.SYN) {
            return false;
        }
        int state = table.state(id);
        // SYNPROXY (alibaba's synproxy_conn_reuse, CLOSE and TIME_WAIT), whatever conn_reuse_mode
        // says: a proxied connection that ended cannot take a new SYN to its server, whose SYN-ACK
        // would meet the shifts of the old handshake; the SYN gets a cookie and the ACK opens a
        // connection afresh.
        if ((table.flags(id) & ConnFlags.SYNPROXY) != 0 && (state == TcpStates.TIME_WAIT || state == TcpStates.CLOSE)) {
            return true;
        }
        int mode = snapshot.connReuseMode();
        if (mode == 0) {
            return false;
        }
        if (snapshot.expireNodestConn()) {
            RealServer r = snapshot.services().real(table.real(id));
            if (r != null && r.weight() == 0) {
                return true;
            }
        }
        return state == TcpStates.TIME_WAIT
                || ((mode & 2) != 0 && state == TcpStates.FIN_WAIT && (table.flags(id) & ConnFlags.NOOUTPUT) != 0);
    }

    private int newConnection(VirtualService svc, int ifIndex, long now) {
        int proto = p.protocol();
        if (proto == IpProtocol.TCP && svc.synProxy()) {
            Offloads.finish(p);
            int r = synProxy.newFlow(p, svc, ifIndex, snapshot.interfaces().mac(ifIndex), now);
            if (r == SynProxy.REPLY) {
                return send(ifIndex, synProxy.reply(), 0, synProxy.replyLength())
                        ? Verdict.REPLIED
                        : drop(DropReason.TX_FULL);
            }
            return synProxyVerdict(r);
        }
        if (proto == IpProtocol.TCP
                && (p.tcpFlags() & (TcpStates.SYN | TcpStates.ACK | TcpStates.RST)) != TcpStates.SYN) {
            // IPVS schedules TCP only on a SYN: a stray segment must not pin a server.
            if ((p.tcpFlags() & (TcpStates.SYN | TcpStates.ACK | TcpStates.RST)) == TcpStates.ACK) {
                return strayReset(now);
            }
            return drop(DropReason.NO_CONNECTION);
        }
        int id = openConnection(svc, now);
        return id < 0 ? Verdict.DROPPED : inbound(id, ifIndex, now);
    }

    private int synProxyVerdict(int r) {
        return r == SynProxy.DROP ? drop(DropReason.SYNPROXY) : Verdict.REPLIED;
    }

    /**
     * Schedules the client segment in {@link #p} and opens its connection: the id, or -1 with the
     * drop counted.
     */
    private int openConnection(VirtualService svc, long now) {
        int proto = p.protocol();
        ServiceTable services = snapshot.services();
        Scheduler scheduler = schedulers.forService(svc.id());
        int realIndex =
                persist.select(services, scheduler, p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), now);
        if (realIndex == Scheduler.NONE) {
            drop(DropReason.NO_REAL_SERVER);
            return -1;
        }
        RealServer real = services.real(realIndex);
        int fwd = real.method().code();
        int rport = real.port() == 0 ? p.dstPort() : real.port();
        int laddr = -1;
        int lport = 0;
        if (fwd == FwdMethod.FULLNAT) {
            int group = svc.id() < serviceGroup.length ? serviceGroup[svc.id()] : -1;
            int a = ports.allocate(group, proto, real.addrHi(), real.addrLo(), rport);
            if (a < 0) {
                drop(DropReason.NO_LOCAL_PORT);
                return -1;
            }
            laddr = LocalPortAllocator.localAddress(a);
            lport = LocalPortAllocator.localPort(a);
        }
        int id = tracker.open(
                proto,
                p.srcHi(),
                p.srcLo(),
                p.srcPort(),
                p.dstHi(),
                p.dstLo(),
                p.dstPort(),
                real.addrHi(),
                real.addrLo(),
                rport,
                laddr,
                lport,
                svc.id(),
                realIndex,
                fwd,
                now);
        if (id < 0) {
            drop(DropReason.TABLE_FULL);
            return -1;
        }
        int t = persist.lastTemplate();
        if (t != PersistTable.NONE) {
            templates.attach(t, now);
            table.template(id, t);
        }
        if (fwd == FwdMethod.FULLNAT && proto == IpProtocol.TCP) {
            table.seqDelta(
                    id,
                    FullNat.initialSeqDelta(
                            isnSecret,
                            p.srcHi(),
                            p.srcLo(),
                            p.srcPort(),
                            localAddresses.hi(laddr),
                            localAddresses.lo(laddr),
                            lport,
                            real.addrHi(),
                            real.addrLo(),
                            rport,
                            p.seq(),
                            now));
        }
        if (ClientAddressCarrier.carries(svc.clientAddress().mode(), proto, fwd)) {
            clientAddress.opened(id);
        }
        counters.conn(svc.id(), realIndex);
        return id;
    }

    /** A client's frame for connection {@code id}, arrived on {@code ifIndex}. */
    private int inbound(int id, int ifIndex, long now) {
        int realIndex = table.real(id);
        RealServer real = snapshot.services().real(realIndex);
        if (real == null || real.state() == RealState.REMOVED) {
            if (snapshot.expireNodestConn()) {
                drainer.removedServerPacket(id, now);
            }
            return drop(DropReason.REAL_SERVER_REMOVED);
        }
        int proto = p.protocol();
        if (proto == IpProtocol.TCP && (table.flags(id) & ConnFlags.SYNPROXY) != 0) {
            // SYNPROXY may keep a copy of the segment until the server's handshake completes:
            // one without its offload state needs its checksum whole (a super-frame is not kept).
            Offloads.finish(p);
            int r = synProxy.fromClient(p, id, ifIndex, now);
            if (r != SynProxy.CONTINUE) {
                return synProxyVerdict(r);
            }
        }
        boolean draining = proto == IpProtocol.TCP && real.state() == RealState.DRAINING;
        int payload = p.payloadLength();
        // Tracked in the server's own space, as its segments are: SYNPROXY clients ack cookie space.
        int ack = p.ack() - synProxy.seqDelta(id);
        if (draining && !drainer.clientSegment(id, p.seq(), ack, p.tcpFlags(), p.window(), payload, now)) {
            return drop(DropReason.DRAIN_CROSSED);
        }
        if (proto == IpProtocol.TCP) {
            tracker.tcp(id, ConnTable.IN, p.tcpFlags(), p.seq(), ack, payload, p.window(), now);
        } else {
            tracker.udp(id, ConnTable.IN, now);
        }
        return forwardIn(id, ifIndex, true, now);
    }

    /**
     * Rewrites the packet in {@link #p} as connection {@code id}'s forwarding method wants it on its
     * way to the real server and sends it on; counted in the traffic figures when {@code count}.
     */
    private int forwardIn(int id, int ifIndex, boolean count, long now) {
        int realIndex = table.real(id);
        int serviceId = table.service(id);
        int ipLength = p.ipTotalLength();
        long rHi = table.realHi(id);
        long rLo = table.realLo(id);
        int fwd = table.fwd(id);
        boolean ok;
        switch (fwd) {
            case FwdMethod.NAT -> ok = Nat.in(p, rHi, rLo, table.realPort(id), table.seqDelta(id));
            case FwdMethod.FULLNAT -> {
                int la = table.localAddress(id);
                ok = FullNat.in(
                        p,
                        localAddresses.hi(la),
                        localAddresses.lo(la),
                        table.localPort(id),
                        rHi,
                        rLo,
                        table.realPort(id),
                        table.seqDelta(id));
            }
            case FwdMethod.TUN -> {
                if (count) {
                    counters.in(serviceId, realIndex, ipLength);
                }
                return tunnel(rHi, rLo, ifIndex, now);
            }
            default -> ok = true; // DR: the IP packet is untouched; only the MAC changes
        }
        if (!ok || !carryClientAddress(id, fwd, rHi, rLo)) {
            return drop(DropReason.TRANSFORM_FAILED);
        }
        if (p.protocol() == IpProtocol.TCP && synProxy.shifts(id)) {
            synProxy.toServer(p, id);
        }
        if (p.protocol() == IpProtocol.TCP && (p.tcpFlags() & TcpStates.SYN) != 0 && fwd == FwdMethod.FULLNAT) {
            clampMss(rHi, rLo, 0);
        }
        if (count) {
            counters.in(serviceId, realIndex, ipLength);
        }
        // DR leaves the destination at the VIP: route and resolve towards the real server instead.
        return emit(rHi, rLo, now);
    }

    /**
     * The client address (TOA, PROXY header) added to a client packet on its way to real server
     * (rHi, rLo) where the service wants it; false when the packet must be dropped.
     */
    private boolean carryClientAddress(int id, int fwd, long rHi, long rLo) {
        if (!clientAddress.pending(p, id)) {
            return true;
        }
        VirtualService svc = snapshot.services().serviceById(table.service(id));
        return svc == null
                || !ClientAddressCarrier.carries(svc.clientAddress().mode(), p.protocol(), fwd)
                || clientAddress.toServer(p, id, svc.clientAddress(), egressMtu(rHi, rLo))
                        != ClientAddressCarrier.FAILED;
    }

    private int outbound(int id, long now) {
        if ((table.flags(id) & ClientAddressCarrier.OWED) != 0) {
            clientAddress.fromServer(p, id);
        }
        if (p.protocol() == IpProtocol.TCP) {
            // Before the tracker: an ACK storm is told by what the tracker holds of the previous segments.
            if (synProxy.shifts(id) && synProxy.ackStorm(p, id)) {
                return drop(DropReason.SYNPROXY);
            }
            if (drainer.active()) {
                drainer.serverSegment(id, p.payloadLength(), now);
            }
            tracker.tcp(id, ConnTable.OUT, p.tcpFlags(), p.seq(), p.ack(), p.payloadLength(), p.window(), now);
            if ((table.flags(id) & ConnFlags.SYNPROXY) != 0) {
                int r = synProxy.fromServer(p, id, now);
                if (r != SynProxy.CONTINUE) {
                    return synProxyVerdict(r);
                }
            }
        } else {
            tracker.udp(id, ConnTable.OUT, now);
        }
        return forwardOut(id, true, now);
    }

    /** As {@link #forwardIn}, for a real server's packet on its way back to the client. */
    private int forwardOut(int id, boolean count, long now) {
        int ipLength = p.ipTotalLength();
        int fwd = table.fwd(id);
        boolean ok;
        if (fwd == FwdMethod.NAT) {
            ok = Nat.out(p, table.virtualHi(id), table.virtualLo(id), table.virtualPort(id), table.seqDelta(id));
        } else if (fwd == FwdMethod.FULLNAT) {
            ok = FullNat.out(
                    p,
                    table.virtualHi(id),
                    table.virtualLo(id),
                    table.virtualPort(id),
                    table.clientHi(id),
                    table.clientLo(id),
                    table.clientPort(id),
                    table.seqDelta(id));
        } else {
            // DR/TUN replies go straight to the client; a reply seen here is the kernel's business.
            return Verdict.IGNORED;
        }
        if (!ok) {
            return drop(DropReason.TRANSFORM_FAILED);
        }
        if (p.protocol() == IpProtocol.TCP && synProxy.shifts(id)) {
            synProxy.toClient(p, id);
        }
        if (p.protocol() == IpProtocol.TCP && (p.tcpFlags() & TcpStates.SYN) != 0) {
            clampMss(p.dstHi(), p.dstLo(), 0);
            // Room for the TOA option or PROXY header the client's segments will carry to the server.
            VirtualService svc = snapshot.services().serviceById(table.service(id));
            if (svc != null && ClientAddressCarrier.carries(svc.clientAddress().mode(), IpProtocol.TCP, fwd)) {
                clampMss(
                        table.realHi(id),
                        table.realLo(id),
                        ClientAddressCarrier.mssReserve(svc.clientAddress().mode(), p.isIpv6()));
            }
        }
        if (count) {
            counters.out(table.service(id), table.real(id), ipLength);
        }
        return emit(p.dstHi(), p.dstLo(), now);
    }

    /** Lowers a SYN's MSS to what fits the MTU towards (hi, lo) less {@code reserve} bytes. */
    private void clampMss(long towardsHi, long towardsLo, int reserve) {
        int mtu = egressMtu(towardsHi, towardsLo);
        if (mtu > 0) {
            Mss.clamp(p, Mss.maxMssFor(mtu, p.isIpv6(), reserve));
        }
    }

    /** The MTU of the interface the route towards (hi, lo) leaves by; 0 when there is none or it is unknown. */
    private int egressMtu(long towardsHi, long towardsLo) {
        int route = snapshot.routes().lookup(towardsHi, towardsLo);
        return route == RouteTable.NO_ROUTE
                ? 0
                : snapshot.interfaces().mtu(snapshot.routes().ifIndex(route));
    }

    private int tunnel(long rHi, long rLo, int ifIndex, long now) {
        int route = servedRoute(rHi, rLo);
        if (route == RouteTable.NO_ROUTE) {
            return Verdict.DROPPED;
        }
        RouteTable routes = snapshot.routes();
        int oif = routes.ifIndex(route);
        DirectorInterfaces ifs = snapshot.interfaces();
        boolean v4 = InetAddr.isV4(rHi, rLo);
        if (v4 ? !ifs.hasV4(oif) : !ifs.hasV6(oif)) {
            // No address of the real server's family to send the tunnel from (not 0.0.0.0 or ::).
            return drop(DropReason.TRANSFORM_FAILED);
        }
        if (Offloads.finish(p)) {
            return encapsulate(p, route, rHi, rLo, ifIndex, now);
        }
        // IPIP has no GSO type a virtio_net_hdr can name: a super-frame goes as the segments the
        // kernel would have cut it into, each in its own tunnel packet.
        int segments = segmenter.count(p);
        if (segments == 0) {
            return drop(DropReason.SUPER_FRAME);
        }
        int v = Verdict.DROPPED;
        for (int i = 0; i < segments; i++) {
            ParsedPacket segment = segmenter.segment(p, i);
            v = segment == null ? drop(DropReason.SUPER_FRAME) : encapsulate(segment, route, rHi, rLo, ifIndex, now);
            if (v != Verdict.FORWARDED && v != Verdict.QUEUED) {
                return v;
            }
        }
        return v;
    }

    /** IPIP-encapsulates {@code q} (a whole packet with complete checksums) along {@code route}. */
    private int encapsulate(ParsedPacket q, int route, long rHi, long rLo, int ifIndex, long now) {
        RouteTable routes = snapshot.routes();
        int oif = routes.ifIndex(route);
        DirectorInterfaces ifs = snapshot.interfaces();
        boolean v4 = InetAddr.isV4(rHi, rLo);
        long sHi = v4 ? 0 : ifs.v6Hi(oif);
        long sLo = v4 ? InetAddr.v4Lo(ifs.v4(oif)) : ifs.v6Lo(oif);
        // Destination MAC 0 for now: toNextHop writes the next hop's once it is resolved.
        int n = Tun.encap(q, scratch, 0, SCRATCH, ifs.mac(oif), 0, sHi, sLo, rHi, rLo, ifs.mtu(oif), writer);
        if (n == Tun.TOO_BIG_DF) {
            // RFC 1191: tell the client the MTU that fits inside the tunnel, from the VIP.
            int len = Tun.fragNeeded(
                    q,
                    scratch,
                    0,
                    SCRATCH,
                    q.dstMac(),
                    q.srcMac(),
                    q.dstHi(),
                    q.dstLo(),
                    Tun.innerMtu(ifs.mtu(oif), !v4),
                    writer);
            if (len > 0) {
                send(ifIndex, scratch, 0, len);
            }
            return drop(DropReason.TUNNEL_TOO_BIG);
        }
        if (n < 0) {
            return drop(n == Tun.TOO_BIG ? DropReason.TUNNEL_TOO_BIG : DropReason.TRANSFORM_FAILED);
        }
        return toNextHop(
                oif, routes.nextHopHi(route, rHi), routes.nextHopLo(route, rLo), scratch, 0, n, Offload.NONE, now);
    }

    // ---------------------------------------------------------------- egress

    /** The route towards (hi, lo) if it leaves through a served interface; else NO_ROUTE, counted. */
    private int servedRoute(long hi, long lo) {
        RouteTable routes = snapshot.routes();
        int route = routes.lookup(hi, lo);
        if (route == RouteTable.NO_ROUTE || !snapshot.interfaces().serves(routes.ifIndex(route))) {
            counters.drops[DropReason.NO_ROUTE]++;
            return RouteTable.NO_ROUTE;
        }
        return route;
    }

    /**
     * Sends the (rewritten) IP packet on, routed towards (nhHi, nhLo)'s route: new Ethernet header
     * (our MAC, the next hop's), TTL decremented. A frame whose next hop is being resolved waits.
     */
    private int emit(long towardsHi, long towardsLo, long now) {
        int route = servedRoute(towardsHi, towardsLo);
        if (route == RouteTable.NO_ROUTE) {
            return Verdict.DROPPED;
        }
        RouteTable routes = snapshot.routes();
        int oif = routes.ifIndex(route);
        DirectorInterfaces ifs = snapshot.interfaces();
        int ttl = p.isIpv4() ? p.ipv4().decrementTtl() : p.ipv6().decrementHopLimit();
        if (ttl <= 0) {
            return drop(DropReason.TTL_EXCEEDED);
        }
        // Our own Ethernet header right before the IP header: VLAN tags of the ingress side are
        // not carried over to the egress interface.
        long eth = p.l3Offset() - 14;
        MemorySegment seg = p.segment();
        int len = (int) (p.frameOffset() + p.frameLength() - eth);
        Wire.putMac(seg, eth + 6, ifs.mac(oif));
        Wire.putU16(seg, eth + 12, p.isIpv4() ? EtherType.IPV4 : EtherType.IPV6);
        long offload = Offloads.egress(p, eth, ifs.mtu(oif));
        if (offload == Offloads.UNSENDABLE) {
            return drop(DropReason.SUPER_FRAME);
        }
        return toNextHop(
                oif,
                routes.nextHopHi(route, towardsHi),
                routes.nextHopLo(route, towardsLo),
                seg,
                eth,
                len,
                offload,
                now);
    }

    /**
     * Sends a frame, complete but for its destination MAC, to the next hop (nhHi, nhLo) on {@code
     * oif}, with the MAC jlvs resolved itself: a frame whose next hop is being resolved waits in the
     * neighbour's queue (a copy), one whose next hop did not answer is dropped. A frame with an
     * {@code offload} state is {@link #p}'s; the queue keeps frames without one.
     */
    private int toNextHop(
            int oif, long nhHi, long nhLo, MemorySegment seg, long offset, int length, long offload, long now) {
        long mac = neighbours.resolve(oif, nhHi, nhLo, now);
        if (mac >= 0) {
            Wire.putMac(seg, offset, mac);
            boolean sent = offload == Offload.NONE
                    ? send(oif, seg, offset, length)
                    : tx != null && tx.send(oif, seg, offset, length, offload);
            // Probes are built in the scratch buffer, which may hold this frame: send it first.
            if (neighbours.refreshDue(oif, nhHi, nhLo, now)) {
                probe(oif, nhHi, nhLo);
            }
            return sent ? Verdict.FORWARDED : drop(DropReason.TX_FULL);
        }
        if (mac == NeighbourTable.FAILED) {
            return drop(DropReason.NEIGHBOUR_FAILED);
        }
        if (offload != Offload.NONE && !Offloads.finish(p)) {
            // A super-frame does not fit a queue slot; its sender resends it once the
            // neighbour answers, as it would after any loss.
            return drop(DropReason.SUPER_FRAME);
        }
        boolean queued = neighbours.enqueue(oif, nhHi, nhLo, seg, offset, length);
        if (mac == NeighbourTable.SEND_PROBE) {
            probe(oif, nhHi, nhLo);
        }
        return queued ? Verdict.QUEUED : drop(DropReason.NEIGHBOUR_QUEUE_FULL);
    }

    private boolean send(int ifIndex, MemorySegment seg, long offset, int length) {
        return tx != null && tx.send(ifIndex, seg, offset, length);
    }

    private void sendQueued(int ifIndex, MemorySegment slab, long offset, int length, long mac) {
        Wire.putMac(slab, offset, mac);
        if (!send(ifIndex, slab, offset, length)) {
            counters.drops[DropReason.TX_FULL]++;
        }
    }

    /** Asks for the MAC of (hi, lo) on {@code oif}: ARP who-has, or an NDP neighbour solicitation. */
    private void probe(int oif, long hi, long lo) {
        DirectorInterfaces ifs = snapshot.interfaces();
        long ourMac = ifs.mac(oif);
        writer.begin(scratch, SCRATCH / 2, SCRATCH / 2);
        if (InetAddr.isV4(hi, lo)) {
            if (!ifs.hasV4(oif)) {
                counters.drops[DropReason.BUILD_FAILED]++;
                return;
            }
            writer.ethernet(MacAddr.BROADCAST, ourMac)
                    .arp(ArpPacket.OP_REQUEST, ourMac, ifs.v4(oif), 0, InetAddr.v4(lo));
        } else {
            if (!ifs.hasV6(oif)) {
                counters.drops[DropReason.BUILD_FAILED]++;
                return;
            }
            // RFC 4861 §7.2.2: to the target's solicited-node multicast address ff02::1:ffXX:XXXX.
            long snHi = 0xFF02_0000_0000_0000L;
            long snLo = 0x0000_0001_FF00_0000L | (lo & 0xFF_FFFFL);
            writer.ethernet(MacAddr.ofIpv6Multicast(snLo), ourMac)
                    .ipv6(ifs.v6Hi(oif), ifs.v6Lo(oif), snHi, snLo, 255, 0, 0)
                    .neighborSolicitation(hi, lo, ourMac);
        }
        int n = writer.finish();
        if (n > 0 && send(oif, scratch, SCRATCH / 2, n)) {
            counters.probesSent++;
        } else {
            counters.drops[DropReason.BUILD_FAILED]++;
        }
    }

    // ---------------------------------------------------------------- ARP, NDP, ICMP

    private int arp(int ifIndex, long now) {
        ArpPacket a = p.arp();
        if (!a.isEthernetIpv4()) {
            return Verdict.IGNORED;
        }
        learn(ifIndex, 0, InetAddr.v4Lo(a.senderIp()), a.senderMac(), now);
        if (a.operation() != ArpPacket.OP_REQUEST) {
            return Verdict.IGNORED;
        }
        long target = InetAddr.v4Lo(a.targetIp());
        if (snapshot.owned().ifIndexOf(0, target) != ifIndex) {
            return Verdict.IGNORED;
        }
        long ourMac = snapshot.interfaces().mac(ifIndex);
        long requester = a.senderMac();
        a.toReply(ourMac);
        p.ethernet().dst(requester).src(ourMac);
        counters.arpReplies++;
        return send(ifIndex, p.segment(), p.frameOffset(), p.frameLength())
                ? Verdict.REPLIED
                : drop(DropReason.TX_FULL);
    }

    private void learn(int ifIndex, long hi, long lo, long mac, long now) {
        learnLocally(ifIndex, hi, lo, mac, now);
        if (bus != null) {
            bus.publish(workerId, ifIndex, hi, lo, mac);
        }
    }

    private void learntElsewhere(int ifIndex, long hi, long lo, long mac) {
        learnLocally(ifIndex, hi, lo, mac, batchNow);
    }

    private void learnLocally(int ifIndex, long hi, long lo, long mac, long now) {
        if (neighbours.learn(ifIndex, hi, lo, mac, now) > 0) {
            neighbours.drain(ifIndex, hi, lo, drainSink);
        }
    }

    private int icmp(int ifIndex, long now) {
        if (p.isIpv6()) {
            Icmpv6Header h = p.icmpv6();
            int type = h.type();
            if (type == Icmpv6Header.NEIGHBOR_SOLICITATION || type == Icmpv6Header.NEIGHBOR_ADVERTISEMENT) {
                return ndp(ifIndex, type, now);
            }
        }
        if (IcmpRelay.isRelayable(p) && PacketParser.parseQuoted(p, quoted) == ParseResult.OK) {
            int v = relayIcmpError(now);
            if (v != Verdict.IGNORED) {
                return v;
            }
        }
        // Echo requests to an address jlvs owns are answered by jlvs; the kernel does not have it.
        if (snapshot.owned().owns(p.dstHi(), p.dstLo()) && IcmpEcho.reply(p)) {
            counters.echoReplies++;
            return send(ifIndex, p.segment(), p.frameOffset(), p.frameLength())
                    ? Verdict.REPLIED
                    : drop(DropReason.TX_FULL);
        }
        return Verdict.IGNORED;
    }

    /**
     * An ICMP error about a tracked flow is translated to match the flow as its receiver knows it
     * (IPVS's ip_vs_nat_icmp): "fragmentation needed" from a router must reach the end that sent
     * the oversized packet, or path-MTU discovery breaks through the director.
     */
    private int relayIcmpError(long now) {
        int proto = quoted.protocol();
        if (proto != IpProtocol.TCP && proto != IpProtocol.UDP) {
            return Verdict.IGNORED;
        }
        // The quote is a packet we sent a real server: its reply tuple is RIP:rport → client/LIP.
        int id = table.lookupOut(
                proto,
                quoted.dstHi(),
                quoted.dstLo(),
                quoted.dstPort(),
                quoted.srcHi(),
                quoted.srcLo(),
                quoted.srcPort());
        if (id >= 0) {
            int fwd = table.fwd(id);
            if (fwd != FwdMethod.NAT && fwd != FwdMethod.FULLNAT) {
                return Verdict.IGNORED;
            }
            boolean ok = IcmpRelay.toClient(
                    p,
                    quoted,
                    table.virtualHi(id),
                    table.virtualLo(id),
                    table.virtualPort(id),
                    table.clientHi(id),
                    table.clientLo(id),
                    table.clientPort(id),
                    fwd == FwdMethod.FULLNAT ? -table.seqDelta(id) : 0);
            if (!ok) {
                return drop(DropReason.TRANSFORM_FAILED);
            }
            counters.icmpRelayed++;
            return emit(p.dstHi(), p.dstLo(), now);
        }
        // The quote is a packet we sent the client: its inbound tuple is client:cport → VIP:vport.
        id = table.lookupIn(
                proto,
                quoted.dstHi(),
                quoted.dstLo(),
                quoted.dstPort(),
                quoted.srcHi(),
                quoted.srcLo(),
                quoted.srcPort());
        if (id < 0) {
            return Verdict.IGNORED;
        }
        int fwd = table.fwd(id);
        long rHi = table.realHi(id);
        long rLo = table.realLo(id);
        boolean ok;
        if (fwd == FwdMethod.FULLNAT) {
            int la = table.localAddress(id);
            long lHi = localAddresses.hi(la);
            long lLo = localAddresses.lo(la);
            ok = IcmpRelay.toReal(
                    p,
                    quoted,
                    lHi,
                    lLo,
                    rHi,
                    rLo,
                    table.realPort(id),
                    lHi,
                    lLo,
                    table.localPort(id),
                    -synProxy.seqDelta(id));
        } else if (fwd == FwdMethod.NAT) {
            ok = IcmpRelay.toReal(
                    p,
                    quoted,
                    p.srcHi(),
                    p.srcLo(),
                    rHi,
                    rLo,
                    table.realPort(id),
                    table.clientHi(id),
                    table.clientLo(id),
                    table.clientPort(id),
                    // The quote is the server's segment as the client got it: back to the server's space.
                    -synProxy.seqDelta(id));
        } else {
            ok = true; // DR/TUN: the real server sent the quoted packet itself; only the MAC changes
        }
        if (!ok) {
            return drop(DropReason.TRANSFORM_FAILED);
        }
        counters.icmpRelayed++;
        return emit(rHi, rLo, now);
    }

    private int ndp(int ifIndex, int type, long now) {
        Icmpv6Header h = p.icmpv6();
        if (type == Icmpv6Header.NEIGHBOR_ADVERTISEMENT) {
            long mac = h.linkLayerAddress(Icmpv6Header.OPT_TARGET_LINK_ADDR);
            if (mac >= 0) {
                learn(ifIndex, h.targetHi(), h.targetLo(), mac, now);
            }
            return Verdict.IGNORED;
        }
        long srcMac = h.linkLayerAddress(Icmpv6Header.OPT_SOURCE_LINK_ADDR);
        if (srcMac >= 0) {
            learn(ifIndex, p.srcHi(), p.srcLo(), srcMac, now);
        }
        long tHi = h.targetHi();
        long tLo = h.targetLo();
        if (snapshot.owned().ifIndexOf(tHi, tLo) != ifIndex) {
            return Verdict.IGNORED;
        }
        long ourMac = snapshot.interfaces().mac(ifIndex);
        // RFC 4861 §7.2.4: solicited NA to the soliciter; to all-nodes if it had no address yet.
        boolean dad = p.srcHi() == 0 && p.srcLo() == 0;
        long dstHi = dad ? 0xFF02_0000_0000_0000L : p.srcHi();
        long dstLo = dad ? 1L : p.srcLo();
        long dstMac = dad ? MacAddr.ofIpv6Multicast(1L) : p.srcMac();
        writer.begin(scratch, 0, SCRATCH / 2)
                .ethernet(dstMac, ourMac)
                .ipv6(tHi, tLo, dstHi, dstLo, 255, 0, 0)
                .neighborAdvertisement(
                        tHi, tLo, (dad ? 0 : Icmpv6Header.NA_SOLICITED) | Icmpv6Header.NA_OVERRIDE, ourMac);
        int n = writer.finish();
        if (n <= 0) {
            return drop(DropReason.BUILD_FAILED);
        }
        counters.ndpReplies++;
        return send(ifIndex, scratch, 0, n) ? Verdict.REPLIED : drop(DropReason.TX_FULL);
    }

    /**
     * Announces the owned addresses on their interfaces (gratuitous ARP, unsolicited NDP
     * advertisement), as a director does when it takes a VIP so neighbours update their caches.
     */
    public void announce(TxSink sink) {
        this.tx = sink;
        DirectorInterfaces ifs = snapshot.interfaces();
        for (OwnedAddresses.Owned o : snapshot.owned().list()) {
            int oif = o.ifIndex();
            if (!ifs.serves(oif)) {
                continue;
            }
            long mac = ifs.mac(oif);
            writer.begin(scratch, 0, SCRATCH / 2);
            if (InetAddr.isV4(o.hi(), o.lo())) {
                writer.ethernet(MacAddr.BROADCAST, mac).gratuitousArp(mac, InetAddr.v4(o.lo()));
            } else {
                writer.ethernet(MacAddr.ofIpv6Multicast(1L), mac)
                        .ipv6(o.hi(), o.lo(), 0xFF02_0000_0000_0000L, 1L, 255, 0, 0)
                        .neighborAdvertisement(o.hi(), o.lo(), Icmpv6Header.NA_OVERRIDE, mac);
            }
            int n = writer.finish();
            if (n > 0 && send(oif, scratch, 0, n)) {
                counters.gratuitousSent++;
            }
        }
    }

    // ---------------------------------------------------------------- segments in a flow's name

    /** What the drainer asks for, built in {@link #synth} and sent through the flow's own rewrite. */
    private final class Segments implements FlowActions {
        @Override
        public boolean closeToServer(int id, long now) {
            if (!fromClient(id, TcpHeader.FIN | TcpHeader.ACK, CLOSE_WINDOW)) {
                return false;
            }
            int v = forwardIn(id, -1, false, now);
            if (v != Verdict.FORWARDED && v != Verdict.QUEUED) {
                return false;
            }
            // The FIN took one sequence number of the server's view of the client's stream.
            table.seqDelta(id, table.seqDelta(id) + 1);
            table.setFlags(id, ConnFlags.DRAIN_CLOSED);
            return true;
        }

        @Override
        public void resetBoth(int id, long now) {
            if (table.protocol(id) == IpProtocol.TCP) {
                if (fromClient(id, TcpHeader.RST | TcpHeader.ACK, 0)) {
                    forwardIn(id, -1, false, now);
                }
                int fwd = table.fwd(id);
                if (fwd == FwdMethod.NAT || fwd == FwdMethod.FULLNAT) {
                    if (fromServer(id)) {
                        forwardOut(id, false, now);
                    }
                } else if (toClientDirect(id)) {
                    emit(table.clientHi(id), table.clientLo(id), now);
                }
            }
            forget(id);
        }

        @Override
        public void forget(int id) {
            remove(id);
        }
    }

    /** Window of a close sent in the client's name: any open window; the server only answers with its FIN. */
    private static final int CLOSE_WINDOW = 0xFFFF;

    /**
     * Builds, and parses into {@link #p}, a segment of flow {@code id} as its client would send it:
     * at the client's next sequence number, acknowledging all the server sent. False if the
     * director never saw the client's sequence numbers.
     */
    private boolean fromClient(int id, int flags, int window) {
        int f = table.flags(id);
        if ((f & ConnFlags.SEQ_IN) == 0) {
            return false;
        }
        boolean acks = (f & ConnFlags.SEQ_OUT) != 0;
        writer.begin(synth, 0, SYNTH)
                .ethernet(0, 0)
                .ip(table.clientHi(id), table.clientLo(id), table.virtualHi(id), table.virtualLo(id))
                .tcp(
                        table.clientPort(id),
                        table.virtualPort(id),
                        table.seqNext(id, ConnTable.IN),
                        acks ? table.seqNext(id, ConnTable.OUT) + synProxy.seqDelta(id) : 0,
                        acks ? flags : flags & ~TcpHeader.ACK,
                        window);
        return parseSynth();
    }

    /**
     * Builds, and parses into {@link #p}, a reset of NAT or FULLNAT flow {@code id} as its real
     * server would send it (to the client, or to the FULLNAT local address), at the server's next
     * sequence number: the client's receive point, exactly (RFC 5961 §3.2).
     */
    private boolean fromServer(int id) {
        int f = table.flags(id);
        if ((f & ConnFlags.SEQ_OUT) == 0) {
            return false;
        }
        boolean fullNat = table.fwd(id) == FwdMethod.FULLNAT;
        int la = table.localAddress(id);
        long dHi = fullNat ? localAddresses.hi(la) : table.clientHi(id);
        long dLo = fullNat ? localAddresses.lo(la) : table.clientLo(id);
        int dport = fullNat ? table.localPort(id) : table.clientPort(id);
        boolean acks = (f & ConnFlags.SEQ_IN) != 0;
        writer.begin(synth, 0, SYNTH)
                .ethernet(0, 0)
                .ip(table.realHi(id), table.realLo(id), dHi, dLo)
                .tcp(
                        table.realPort(id),
                        dport,
                        table.seqNext(id, ConnTable.OUT),
                        acks ? table.seqNext(id, ConnTable.IN) + table.seqDelta(id) : 0,
                        acks ? TcpHeader.RST | TcpHeader.ACK : TcpHeader.RST,
                        0);
        return parseSynth();
    }

    /**
     * DR and TUN: the director never sees the server's segments, so the client's reset is sent from
     * the VIP at the last sequence number the client acknowledged.
     */
    private boolean toClientDirect(int id) {
        if ((table.flags(id) & ConnFlags.ACK_IN) == 0) {
            return false;
        }
        writer.begin(synth, 0, SYNTH)
                .ethernet(0, 0)
                .ip(table.virtualHi(id), table.virtualLo(id), table.clientHi(id), table.clientLo(id))
                .tcp(table.virtualPort(id), table.clientPort(id), table.ackMax(id, ConnTable.IN), 0, TcpHeader.RST, 0);
        return parseSynth();
    }

    /**
     * Answers an acknowledging segment to a virtual service that no connection owns with a reset
     * at its acknowledgement number (RFC 9293 §3.10.7.1), as the director's own stack does under
     * IPVS, which owns the VIP: the client of a flow jlvs reset or forgot learns it now instead of
     * retransmitting into silence. It also makes a deadline reset exact when the server's data was
     * still in flight: the client answers the first reset with a challenge ACK naming its receive
     * point (RFC 5961 §3.2), and this reset lands on it.
     */
    private int strayReset(long now) {
        writer.begin(synth, 0, SYNTH)
                .ethernet(0, 0)
                .ip(p.dstHi(), p.dstLo(), p.srcHi(), p.srcLo())
                .tcp(p.dstPort(), p.srcPort(), p.ack(), 0, TcpHeader.RST, 0);
        if (!parseSynth()) {
            return Verdict.DROPPED;
        }
        int v = emit(p.dstHi(), p.dstLo(), now);
        if (v != Verdict.FORWARDED && v != Verdict.QUEUED) {
            return v;
        }
        counters.strayResets++;
        return Verdict.REPLIED;
    }

    private boolean parseSynth() {
        p.offload(Offload.NONE);
        int n = writer.finish();
        if (n <= 0 || PacketParser.parse(synth, 0, n, p) != ParseResult.OK) {
            counters.drops[DropReason.BUILD_FAILED]++;
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- SYNPROXY's handshakes

    /** What SYNPROXY asks of the worker: its scheduling, its tables and its forwarding path. */
    private final class Handshakes implements SynProxy.Actions {
        @Override
        public int open(VirtualService svc, long now) {
            return openConnection(svc, now);
        }

        @Override
        public boolean toServer(
                int id,
                int flags,
                int seq,
                int ack,
                int window,
                int mss,
                int wscale,
                boolean sack,
                boolean timestamps,
                int tsVal,
                int tsEcr,
                long now) {
            writer.begin(synth, 0, SYNTH)
                    .ethernet(0, 0)
                    .ip(table.clientHi(id), table.clientLo(id), table.virtualHi(id), table.virtualLo(id))
                    .tcp(table.clientPort(id), table.virtualPort(id), seq, ack, flags, window);
            boolean syn = (flags & TcpHeader.SYN) != 0;
            if (syn) {
                // Linux's order: MSS, SACK-permitted, timestamps, NOP + window scale.
                writer.mss(mss);
                if (sack) {
                    writer.sackPermitted();
                }
            }
            if (timestamps) {
                if (!syn || !sack) {
                    writer.nop().nop();
                }
                writer.timestamps(tsVal, tsEcr);
            }
            if (syn && wscale >= 0) {
                writer.nop().windowScale(wscale);
            }
            if (!parseSynth()) {
                return false;
            }
            tracker.tcp(id, ConnTable.IN, flags, seq, ack - synProxy.seqDelta(id), 0, window, now);
            int v = forwardIn(id, -1, false, now);
            return v == Verdict.FORWARDED || v == Verdict.QUEUED;
        }

        @Override
        public void resetClient(int id, int seq, long now) {
            writer.begin(synth, 0, SYNTH)
                    .ethernet(0, 0)
                    .ip(table.virtualHi(id), table.virtualLo(id), table.clientHi(id), table.clientLo(id))
                    .tcp(table.virtualPort(id), table.clientPort(id), seq, 0, TcpHeader.RST, 0);
            if (parseSynth()) {
                emit(table.clientHi(id), table.clientLo(id), now);
            }
        }

        @Override
        public void release(int id, MemorySegment frame, long offset, int length, int ifIndex, long now) {
            p.offload(Offload.NONE); // held frames were made whole before they were kept
            if (PacketParser.parse(frame, offset, length, p) == ParseResult.OK) {
                counters.verdicts[inbound(id, ifIndex, now)]++;
            }
        }

        @Override
        public void forget(int id) {
            remove(id);
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    private void timedOut(int id) {
        drainer.timedOut(id);
        connectionEnded(id);
    }

    /** Removes a connection at once, its persistence template told. */
    private void remove(int id) {
        connectionEnded(id);
        tracker.remove(id);
    }

    private void connectionEnded(int id) {
        synProxy.ended(id);
        drainer.ended(id);
        int t = table.template(id);
        if (t != PersistTable.NONE) {
            templates.detach(t, batchNow);
        }
    }

    private int drop(int reason) {
        counters.drops[reason]++;
        return Verdict.DROPPED;
    }
}
