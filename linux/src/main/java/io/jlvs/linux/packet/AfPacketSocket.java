package io.jlvs.linux.packet;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jlvs.core.packet.Offload;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An AF_PACKET SOCK_RAW socket bound to one interface for all ethertypes, with an RX ring and a
 * TX ring in one shared mapping: one worker's window on one interface. The ring layout is
 * {@link PacketRingConfig#version()}, TPACKET_V2 by default (see {@link TpacketVersion}).
 *
 * <p><b>Receive.</b> {@link #receive} hands the handler each frame the kernel has handed over and
 * gives its memory back as soon as the handler returns: with V2 frame by frame, the moment the
 * kernel has written it; with V3 block by block, where a block comes to user space only when it
 * is full or when {@link PacketRingConfig#blockTimeoutMillis} passes (packet(7), "TPACKET_V3"),
 * so at low rates a frame can wait that long. A frame the kernel had to cut short (longer than
 * a V2 slot) is counted in {@link #rxTruncated()} and not delivered.
 *
 * <p><b>Transmit.</b> Frames are written into TX slots ({@link #txClaim}/{@link #txCommit} to
 * build a frame in place, or {@link #send} to copy one) and {@link #flush} makes one {@code
 * sendto} for the whole batch, as DESIGN.md §3.1 asks: the measured cost is the syscall and the
 * kernel's send path, not the copy (§3a). TX slots are fixed-size frames in both versions (the
 * kernel rejects block parameters for a V3 TX ring); only the header before the data differs.
 * When every slot is queued, {@link #send} flushes and tries once more, so a batch larger than
 * the ring is sent rather than dropped. ENOBUFS and EAGAIN on flush are back-pressure: counted,
 * the frames stay queued for the next flush.
 *
 * <p><b>Threads.</b> Everything but {@link #close} and the counter getters is for the one
 * worker thread that owns the socket; the receive and send paths do not allocate, lock or
 * throw. The socket lives in the network namespace of the thread that opened it (see {@code
 * NetNamespace}) and may be used from any thread after that. Counters are plain fields written
 * by the owner; other threads read them approximately.
 */
public final class AfPacketSocket implements AutoCloseable {
    // linux/if_packet.h
    static final int SOL_PACKET = 263;
    static final int PACKET_RX_RING = 5;
    static final int PACKET_COPY_THRESH = 7;
    static final int PACKET_VNET_HDR = 15;
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_VERSION = 10;
    static final int PACKET_TX_RING = 13;
    static final int PACKET_LOSS = 14;
    static final int PACKET_FANOUT = 18;
    static final int PACKET_QDISC_BYPASS = 20;
    static final int PACKET_FANOUT_DATA = 22;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int PACKET_FANOUT_CBPF = 6;
    static final int PACKET_FANOUT_FLAG_IGNORE_OUTGOING = 0x4000;
    static final int ETH_P_ALL = 0x0003;

    // Block descriptor (struct tpacket_block_desc with tpacket_hdr_v1).
    private static final long BLOCK_STATUS = 8;
    private static final long BLOCK_NUM_PKTS = 12;
    private static final long BLOCK_FIRST_PKT = 16;
    // struct tpacket3_hdr.
    private static final long PKT_NEXT_OFFSET = 0;
    private static final long PKT_SNAPLEN = 12;
    private static final long PKT_LEN = 16;
    private static final long PKT_STATUS = 20;
    private static final long PKT_MAC = 24;
    private static final long PKT_HDR_SIZE = 48;
    // struct tpacket2_hdr.
    private static final long V2_STATUS = 0;
    private static final long V2_LEN = 4;
    private static final long V2_SNAPLEN = 8;
    private static final long V2_MAC = 12;
    private static final long V2_HDR_SIZE = 32;
    /**
     * Where a V2 RX frame starts in its slot: TPACKET_ALIGN(TPACKET2_HDRLEN (52) + 16) − 14
     * (tpacket_rcv's macoff for an Ethernet device with no reserve and no vnet header).
     */
    static final int V2_RX_MAC_OFFSET = 66;

    private static final int VLAN_HLEN = 4;
    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_USER = 1;
    private static final int TP_STATUS_COPY = 2;
    private static final int TP_STATUS_AVAILABLE = 0;
    private static final int TP_STATUS_SEND_REQUEST = 1;
    private static final int TP_STATUS_WRONG_FORMAT = 4;
    private static final int ETH_HLEN = 14;
    /**
     * With offloads on: the longest frame the socket's queue hands over (an IP packet of 64 KiB
     * with an Ethernet header and a VLAN tag), behind its virtio_net_hdr.
     */
    private static final int SUPER_FRAME_BYTES = PacketRingConfig.VNET_HEADER + ETH_HLEN + 4 + 0xFFFF;
    /**
     * The kernel queues a super-frame for recvmsg only while the socket's receive allocation is
     * under its limit; a batch may leave a few hundred queued before the worker reads them.
     */
    private static final int SUPER_FRAME_QUEUE_BYTES = 64 << 20;

    // Status words are shared with the kernel: read with acquire, hand over with release, so
    // the frame bytes are seen before (RX) or published before (TX) the status change.
    private static final VarHandle STATUS = JAVA_INT.varHandle();

    private final String ifName;
    private final int ifIndex;
    private final PacketRingConfig config;
    private final Arena arena;
    private final int fd;
    private final MemorySegment ring;
    private final MemorySegment callState;
    private final MemorySegment pollFd;
    private final boolean v2;
    private final long txBase;
    private final int blockSize;
    private final int blockCount;
    private final int rxFrameSize;
    private final int rxFrameCount;
    private final int txFrameSize;
    private final int txFrameCount;
    private final int txMaxFrame;
    /** 10 with offloads on (the virtio_net_hdr before every frame), else 0. */
    private final int vnet;
    /** Offloads on: where a super-frame is received, and the socket without a ring it is sent by. */
    private final MemorySegment superFrame;

    private final int superTxFd;
    /** Two struct iovec for a super-frame's send: its virtio_net_hdr, then the frame. */
    private final MemorySegment superIov;

    private final MemorySegment superHeader;
    // Where the TX slot header keeps its fields, and where the frame starts, for this version.
    private final long txStatus;
    private final long txLen;
    private final long txSnaplen;
    private final long txData;

    /** V3: the next block to look at; V2: the next frame slot. */
    private int rxBlock;

    private int rxFrame;
    private int txHead;
    private boolean txClaimed;
    private int txPending;
    private boolean closed;

    private long rxFrames;
    private long rxBlocks;
    private long rxMalformed;
    private long rxTruncated;
    private long rxLongFrames;
    private long txSuperFrames;
    private long txFrames;
    private long txFlushes;
    private long txRingFull;
    private long txBackpressure;
    private long txRejected;
    private long txErrors;
    private int lastTxErrno;

    private AfPacketSocket(
            String ifName,
            int ifIndex,
            int mtu,
            PacketRingConfig config,
            RxLayout rx,
            Arena arena,
            int fd,
            MemorySegment ring,
            MemorySegment callState,
            MemorySegment pollFd,
            int superTxFd) {
        this.ifName = ifName;
        this.ifIndex = ifIndex;
        this.config = config;
        this.arena = arena;
        this.fd = fd;
        this.ring = ring;
        this.callState = callState;
        this.pollFd = pollFd;
        this.v2 = config.version() == TpacketVersion.V2;
        this.blockSize = rx.blockSize();
        this.blockCount = rx.blockCount();
        this.rxFrameSize = rx.frameSize();
        this.rxFrameCount = rx.frameCount();
        this.txBase = rx.bytes();
        this.txFrameSize = config.txFrameSize();
        this.txFrameCount = config.txFrameCount();
        // tpacket_snd refuses frames longer than mtu + hard header (+ a VLAN tag's slack).
        this.txMaxFrame = Math.min(config.txMaxFrame(), mtu + ETH_HLEN);
        this.txStatus = v2 ? V2_STATUS : PKT_STATUS;
        this.txLen = v2 ? V2_LEN : PKT_LEN;
        this.txSnaplen = v2 ? V2_SNAPLEN : PKT_SNAPLEN;
        this.vnet = config.offloads() ? PacketRingConfig.VNET_HEADER : 0;
        this.txData = config.version().txDataOffset() + vnet;
        this.superTxFd = superTxFd;
        if (config.offloads()) {
            this.superFrame = arena.allocate(SUPER_FRAME_BYTES, 64);
            this.superIov = arena.allocate(2 * Libc.IOVEC_SIZE, 8);
            this.superHeader = arena.allocate(PacketRingConfig.VNET_HEADER, 8);
            superIov.set(ValueLayout.JAVA_LONG, 0, superHeader.address());
            superIov.set(ValueLayout.JAVA_LONG, 8, PacketRingConfig.VNET_HEADER);
        } else {
            this.superFrame = MemorySegment.NULL;
            this.superIov = MemorySegment.NULL;
            this.superHeader = MemorySegment.NULL;
        }
    }

    /**
     * The RX ring as it is asked of the kernel. For V2 the slot is the config's frame size, or
     * the next power of two that holds a full frame of the interface's MTU (with a VLAN tag)
     * behind the kernel's header, so no frame is cut short; the ring keeps its bytes.
     */
    record RxLayout(int blockSize, int blockCount, int frameSize) {
        static RxLayout of(PacketRingConfig config, int mtu) {
            if (config.version() == TpacketVersion.V3) {
                return new RxLayout(config.blockSize(), config.blockCount(), config.frameSize());
            }
            int vnet = config.offloads() ? PacketRingConfig.VNET_HEADER : 0;
            int need = V2_RX_MAC_OFFSET + vnet + ETH_HLEN + VLAN_HLEN + mtu;
            int frame = Math.max(config.frameSize(), Integer.highestOneBit(need - 1) << 1);
            if (frame <= config.blockSize()) {
                return new RxLayout(config.blockSize(), config.blockCount(), frame);
            }
            long bytes = (long) config.blockSize() * config.blockCount();
            return new RxLayout(frame, (int) Math.max(1, bytes / frame), frame);
        }

        long bytes() {
            return (long) blockSize * blockCount;
        }

        int frameCount() {
            return blockSize / frameSize * blockCount;
        }
    }

    /**
     * Opens a socket on {@code ifName} in the calling thread's network namespace.
     *
     * @throws LinuxException naming the step that failed (no such interface, no CAP_NET_RAW, a
     *     ring the kernel refused, a fanout group that does not match)
     */
    @SuppressWarnings("restricted") // reinterpret: giving the mmap()ed ring its real size
    public static AfPacketSocket open(String ifName, PacketRingConfig config) {
        int ifIndex = Libc.interfaceIndex(ifName);
        int mtu = Interfaces.mtu(ifName);
        int pageSize = Libc.pageSize();
        if (config.blockSize() % pageSize != 0) {
            throw new IllegalArgumentException(
                    "blockSize " + config.blockSize() + " is not a multiple of the page size " + pageSize);
        }
        RxLayout rx = RxLayout.of(config, mtu);
        int superTxFd = -1;
        // Protocol 0: the socket receives nothing until bind() names the interface, so no
        // frame from another interface slips into the ring while it is being set up.
        int fd = Libc.openSocket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0, "AF_PACKET");
        Arena arena = Arena.ofShared();
        try {
            String on = "AF_PACKET socket on " + ifName;
            Libc.setIntOption(fd, SOL_PACKET, PACKET_VERSION, config.version().kernelValue(), "PACKET_VERSION", on);
            // A frame the kernel cannot send (too long for the device) is dropped and its slot
            // freed, instead of the whole TX ring stopping at it in TP_STATUS_WRONG_FORMAT.
            Libc.setIntOption(fd, SOL_PACKET, PACKET_LOSS, 1, "PACKET_LOSS", on);
            if (config.qdiscBypass()) {
                Libc.setIntOption(fd, SOL_PACKET, PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS", on);
            }
            if (config.ignoreOutgoing()) {
                Libc.setIntOption(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING", on);
            }
            if (config.offloads()) {
                // Before the rings: the kernel refuses to change the header size under them.
                Libc.setIntOption(fd, SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR", on);
                // A frame longer than its slot is then cut in the ring (marked TP_STATUS_COPY) and
                // queued whole for recvfrom: how super-frames arrive (measured, bench/results/
                // gso-probe-2026-11-25.md).
                Libc.setIntOption(fd, SOL_PACKET, PACKET_COPY_THRESH, 1, "PACKET_COPY_THRESH", on);
                Libc.setIntOption(
                        fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, SUPER_FRAME_QUEUE_BYTES, "SO_RCVBUFFORCE", on);
            }

            // struct tpacket_req3 for V3; its first four fields are struct tpacket_req, V2's.
            boolean v3 = config.version() == TpacketVersion.V3;
            MemorySegment rxReq = arena.allocate(v3 ? 28 : 16, 4);
            rxReq.set(JAVA_INT, 0, rx.blockSize());
            rxReq.set(JAVA_INT, 4, rx.blockCount());
            rxReq.set(JAVA_INT, 8, rx.frameSize());
            rxReq.set(JAVA_INT, 12, rx.frameCount());
            if (v3) {
                rxReq.set(JAVA_INT, 16, config.blockTimeoutMillis());
            }
            Libc.setOption(fd, SOL_PACKET, PACKET_RX_RING, rxReq, "PACKET_RX_RING", on);

            // The kernel lays TX frames out per block without crossing block boundaries; with a
            // block of exactly one page or one frame (whichever is larger), and power-of-two
            // sizes, slot i starts at i * txFrameSize.
            int txBlockSize = Math.max(pageSize, config.txFrameSize());
            long txBytes = (long) config.txFrameSize() * config.txFrameCount();
            if (txBytes % txBlockSize != 0) {
                throw new IllegalArgumentException(
                        "txFrameCount * txFrameSize (" + txBytes + ") must be a multiple of " + txBlockSize + " bytes");
            }
            MemorySegment txReq = arena.allocate(v3 ? 28 : 16, 4);
            txReq.set(JAVA_INT, 0, txBlockSize);
            txReq.set(JAVA_INT, 4, (int) (txBytes / txBlockSize));
            txReq.set(JAVA_INT, 8, config.txFrameSize());
            txReq.set(JAVA_INT, 12, config.txFrameCount());
            Libc.setOption(fd, SOL_PACKET, PACKET_TX_RING, txReq, "PACKET_TX_RING", on);

            long size = rx.bytes() + txBytes;
            MemorySegment callState = Libc.allocateCallState(arena);
            MemorySegment addr = Libc.mmap(
                    callState,
                    MemorySegment.NULL,
                    size,
                    Libc.PROT_READ | Libc.PROT_WRITE,
                    Libc.MAP_SHARED | Libc.MAP_POPULATE,
                    fd,
                    0);
            if (addr.address() == Libc.MAP_FAILED) {
                int errno = Libc.errno(callState);
                throw new LinuxException(
                        "mapping the " + (size >> 10) + " KiB packet ring of " + ifName + " failed ("
                                + Errno.describe(errno) + ")"
                                + (errno == Errno.ENOMEM || errno == Errno.EAGAIN
                                        ? "; use fewer or smaller blocks"
                                        : ""),
                        errno);
            }
            // Tie the mapping to the arena: after close() the segment is dead, so a stale access
            // throws IllegalStateException instead of touching unmapped memory.
            MemorySegment ring = addr.reinterpret(size, arena, AfPacketSocket::unmap);

            MemorySegment sll = arena.allocate(20, 4);
            sll.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            sll.set(JAVA_SHORT, 2, Short.reverseBytes((short) ETH_P_ALL)); // htons
            sll.set(JAVA_INT, 4, ifIndex);
            if (Libc.bind(callState, fd, sll, 20) != 0) {
                throw LinuxException.failed("binding AF_PACKET socket to " + ifName, Libc.errno(callState));
            }

            if (config.fanoutGroup() >= 0) {
                int flags = config.ignoreOutgoing() ? PACKET_FANOUT_FLAG_IGNORE_OUTGOING : 0;
                // The low half is the group id, the high half the mode and its flags.
                int arg = (config.fanoutGroup() & 0xFFFF) | ((PACKET_FANOUT_CBPF | flags) << 16);
                String what = "PACKET_FANOUT group " + config.fanoutGroup();
                Libc.setIntOption(fd, SOL_PACKET, PACKET_FANOUT, arg, what, on);
                Libc.setOption(
                        fd,
                        SOL_PACKET,
                        PACKET_FANOUT_DATA,
                        config.fanoutProgram().bpf().toSockFprog(arena),
                        "PACKET_FANOUT_DATA",
                        on);
            }

            MemorySegment pollFd = arena.allocate(Libc.POLLFD_SIZE, 4);
            pollFd.set(JAVA_INT, 0, fd);
            pollFd.set(JAVA_SHORT, 4, (short) (Libc.POLLIN | Libc.POLLERR));
            superTxFd = config.offloads() ? openSuperTx(ifName, ifIndex, arena, callState) : -1;
            return new AfPacketSocket(ifName, ifIndex, mtu, config, rx, arena, fd, ring, callState, pollFd, superTxFd);
        } catch (RuntimeException e) {
            arena.close();
            Libc.closeQuietly(fd);
            if (superTxFd >= 0) {
                Libc.closeQuietly(superTxFd);
            }
            throw e;
        }
    }

    /**
     * The socket super-frames leave by: a TX ring's slots are frame-sized, and with a ring mapped
     * the kernel sends only from the ring, so frames of up to 64 KiB go through a second socket
     * without one, a {@code writev} each. Bound to the interface with protocol 0: it receives nothing.
     */
    private static int openSuperTx(String ifName, int ifIndex, Arena arena, MemorySegment cs) {
        int fd = Libc.openSocket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0, "AF_PACKET");
        try {
            String on = "super-frame AF_PACKET socket on " + ifName;
            Libc.setIntOption(fd, SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR", on);
            // No PACKET_QDISC_BYPASS here: the bypass drops a GSO frame the device cannot take
            // whole (ENOBUFS), where the normal path cuts it into segments in software, so a
            // super-frame received on an interface with GRO/TSO may leave by one without TSO.
            MemorySegment sll = arena.allocate(20, 4);
            sll.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            sll.set(JAVA_INT, 4, ifIndex);
            if (Libc.bind(cs, fd, sll, 20) != 0) {
                throw LinuxException.failed("binding " + on, Libc.errno(cs));
            }
            return fd;
        } catch (RuntimeException e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    private static void unmap(MemorySegment ring) {
        try (Arena a = Arena.ofConfined()) {
            Libc.munmap(Libc.allocateCallState(a), ring, ring.byteSize());
        }
    }

    /**
     * Replaces the steering program of this socket's fanout group (the kernel keeps one program
     * per group, so one member's call changes it for all): when the VIPs or local addresses a
     * program tests for change. Control plane; the kernel swaps programs atomically (RCU).
     */
    public void setFanoutProgram(FanoutProgram program) {
        if (config.fanoutGroup() < 0) {
            throw new IllegalStateException("socket on " + ifName + " is not in a fanout group");
        }
        try (Arena a = Arena.ofConfined()) {
            Libc.setOption(
                    fd,
                    SOL_PACKET,
                    PACKET_FANOUT_DATA,
                    program.bpf().toSockFprog(a),
                    "PACKET_FANOUT_DATA",
                    "AF_PACKET socket on " + ifName);
        }
    }

    // ---------------------------------------------------------------- receive path

    /** Delivers every frame the kernel has handed over; returns the frame count. */
    public int receive(RxHandler handler) {
        return receive(handler, Integer.MAX_VALUE);
    }

    /**
     * Delivers ready frames in ring order, giving each one's memory back to the kernel once the
     * handler has seen it, and returns the number delivered. V2 stops after {@code maxFrames};
     * V3 hands back whole blocks, so it stops at the first block boundary at or after {@code
     * maxFrames}.
     */
    public int receive(RxHandler handler, int maxFrames) {
        int frames = v2 ? receiveFrames(handler, maxFrames) : receiveBlocks(handler, maxFrames);
        rxFrames += frames;
        return frames;
    }

    private int receiveFrames(RxHandler handler, int maxFrames) {
        int frames = 0;
        while (frames < maxFrames) {
            long slot = (long) rxFrame * rxFrameSize;
            int status = (int) STATUS.getAcquire(ring, slot + V2_STATUS);
            if ((status & TP_STATUS_USER) == 0) {
                break;
            }
            int len = ring.get(JAVA_INT, slot + V2_LEN);
            int snaplen = ring.get(JAVA_INT, slot + V2_SNAPLEN);
            int mac = ring.get(JAVA_SHORT, slot + V2_MAC) & 0xFFFF;
            if (mac < V2_HDR_SIZE + vnet || snaplen < 0 || mac + snaplen > rxFrameSize) {
                rxMalformed++;
            } else if ((status & TP_STATUS_COPY) != 0) {
                // A super-frame: the slot holds its start, the socket's queue all of it.
                if (receiveWhole(handler)) {
                    frames++;
                }
            } else if (snaplen < len) {
                // Longer than the slot (an MTU raised after open): a cut frame is no frame.
                rxTruncated++;
            } else {
                long offload = vnet == 0 ? Offload.NONE : Offload.read(ring, slot + mac - vnet);
                handler.onFrame(ring, slot + mac, snaplen, offload);
                frames++;
            }
            STATUS.setRelease(ring, slot + V2_STATUS, TP_STATUS_KERNEL);
            rxFrame = rxFrame + 1 == rxFrameCount ? 0 : rxFrame + 1;
        }
        return frames;
    }

    /**
     * Takes the next frame of the socket's queue (it holds only the frames the ring marked
     * TP_STATUS_COPY, in ring order) and hands it over with its offload state.
     */
    private boolean receiveWhole(RxHandler handler) {
        long n = Libc.recvfrom(
                callState,
                fd,
                superFrame,
                SUPER_FRAME_BYTES,
                Libc.MSG_DONTWAIT,
                MemorySegment.NULL,
                MemorySegment.NULL);
        if (n < vnet + ETH_HLEN) {
            rxTruncated++;
            return false;
        }
        rxLongFrames++;
        handler.onFrame(superFrame, vnet, (int) n - vnet, Offload.read(superFrame, 0));
        return true;
    }

    private int receiveBlocks(RxHandler handler, int maxFrames) {
        int frames = 0;
        for (int n = 0; n < blockCount && frames < maxFrames; n++) {
            long block = (long) rxBlock * blockSize;
            int status = (int) STATUS.getAcquire(ring, block + BLOCK_STATUS);
            if ((status & TP_STATUS_USER) == 0) {
                break;
            }
            frames += deliverBlock(handler, block);
            STATUS.setRelease(ring, block + BLOCK_STATUS, TP_STATUS_KERNEL);
            rxBlocks++;
            rxBlock = rxBlock + 1 == blockCount ? 0 : rxBlock + 1;
        }
        return frames;
    }

    private int deliverBlock(RxHandler handler, long block) {
        long end = block + blockSize;
        int count = ring.get(JAVA_INT, block + BLOCK_NUM_PKTS);
        long pkt = block + (ring.get(JAVA_INT, block + BLOCK_FIRST_PKT) & 0xFFFF_FFFFL);
        int delivered = 0;
        for (int i = 0; i < count; i++) {
            // The kernel wrote these offsets, but a wrong one would make the handler read
            // another block's frames: check, count, and skip the rest of the block.
            if (pkt < block || pkt + PKT_HDR_SIZE > end) {
                rxMalformed++;
                break;
            }
            int snaplen = ring.get(JAVA_INT, pkt + PKT_SNAPLEN);
            long data = pkt + (ring.get(JAVA_SHORT, pkt + PKT_MAC) & 0xFFFF);
            if (snaplen < 0 || data + snaplen > end) {
                rxMalformed++;
                break;
            }
            if (snaplen < ring.get(JAVA_INT, pkt + PKT_LEN)) {
                rxTruncated++;
            } else {
                handler.onFrame(ring, data, snaplen);
                delivered++;
            }
            pkt += ring.get(JAVA_INT, pkt + PKT_NEXT_OFFSET) & 0xFFFF_FFFFL;
        }
        return delivered;
    }

    /** True when a frame (V2) or a block (V3) is ready now (no syscall). */
    public boolean rxReady() {
        long status = v2 ? (long) rxFrame * rxFrameSize + V2_STATUS : (long) rxBlock * blockSize + BLOCK_STATUS;
        return ((int) STATUS.getAcquire(ring, status) & TP_STATUS_USER) != 0;
    }

    /**
     * Waits until a frame (V2) or a block (V3) is ready or {@code timeoutMillis} passes (0: just check, a critical
     * call; −1: no limit). Returns true when there is something to receive. For idle workers:
     * a busy worker calls {@link #receive} without waiting.
     */
    public boolean awaitReadable(int timeoutMillis) {
        if (rxReady()) {
            return true;
        }
        pollFd.set(JAVA_SHORT, 6, (short) 0);
        int r = timeoutMillis == 0
                ? Libc.pollNow(callState, pollFd, 1)
                : Libc.poll(callState, pollFd, 1, timeoutMillis);
        // EINTR or a timeout: report "nothing yet"; the caller loops.
        return r > 0 && rxReady();
    }

    // ---------------------------------------------------------------- transmit path

    /** The mapping that {@link #txClaim} offsets point into (the RX blocks come first). */
    public MemorySegment ring() {
        return ring;
    }

    /** The longest frame {@link #txCommit}/{@link #send} accept: slot size and device MTU. */
    public int maxTxFrame() {
        return txMaxFrame;
    }

    /**
     * The offset in {@link #ring()} at which the next frame may be written (up to {@link
     * #maxTxFrame()} bytes), or −1 when every slot is still queued or being sent; then flush and
     * try again. Claiming twice without a commit returns the same slot.
     */
    public long txClaim() {
        long slot = txBase + (long) txHead * txFrameSize;
        int status = (int) STATUS.getAcquire(ring, slot + txStatus);
        if (status != TP_STATUS_AVAILABLE) {
            if (status != TP_STATUS_WRONG_FORMAT) {
                txRingFull++;
                return -1;
            }
            // Not expected with PACKET_LOSS set; the slot is ours again either way.
            txErrors++;
            STATUS.setRelease(ring, slot + txStatus, TP_STATUS_AVAILABLE);
        }
        txClaimed = true;
        return slot + txData;
    }

    /**
     * Queues the claimed slot's first {@code length} bytes for the next {@link #flush}. Returns
     * false (and counts a rejection) without a preceding claim or for a length outside
     * 14..{@link #maxTxFrame()}.
     */
    public boolean txCommit(int length) {
        return txCommit(length, Offload.NONE);
    }

    /** As {@link #txCommit(int)}, for a frame with an offload state (needs offloads on). */
    public boolean txCommit(int length, long offload) {
        if (!txClaimed || length < ETH_HLEN || length > txMaxFrame || (vnet == 0 && offload != Offload.NONE)) {
            txRejected++;
            return false;
        }
        long slot = txBase + (long) txHead * txFrameSize;
        if (vnet != 0) {
            // Slots are reused: the header is written every time, zeros for a frame without one.
            Offload.write(ring, slot + txData - vnet, offload);
        }
        ring.set(JAVA_INT, slot + txLen, length + vnet);
        ring.set(JAVA_INT, slot + txSnaplen, length + vnet);
        STATUS.setRelease(ring, slot + txStatus, TP_STATUS_SEND_REQUEST);
        txHead = txHead + 1 == txFrameCount ? 0 : txHead + 1;
        txClaimed = false;
        txPending++;
        return true;
    }

    /**
     * Copies a frame into the next slot and queues it. When every slot is queued it first hands
     * them to the kernel ({@link #flush}) and tries once more: the kernel frees a slot when its
     * frame has left, which on a veth happens within the {@code sendto}. Returns false when the
     * ring is still full ({@link #txRingFull()}: frames still leaving, or back-pressure) or the
     * length is out of range ({@link #txRejected()}).
     */
    public boolean send(MemorySegment frame, long offset, int length) {
        return send(frame, offset, length, Offload.NONE);
    }

    /**
     * As {@link #send(MemorySegment, long, int)}, for a frame with an offload state (see {@code
     * Offload}), which needs offloads on. A frame longer than a slot (a super-frame) goes out at
     * once through the super-frame socket, after the frames queued before it, so a flow's frames
     * keep their order. Back-pressure there loses the frame (counted); TCP resends it.
     */
    public boolean send(MemorySegment frame, long offset, int length, long offload) {
        if (length > txMaxFrame && vnet != 0 && Offload.isSuper(offload)) {
            return sendSuper(frame, offset, length, offload);
        }
        if (length < ETH_HLEN || length > txMaxFrame) {
            txRejected++;
            return false;
        }
        long data = txClaim();
        if (data < 0) {
            if (txPending == 0 || flush() <= 0 || (data = txClaim()) < 0) {
                return false;
            }
        }
        MemorySegment.copy(frame, offset, ring, data, length);
        return txCommit(length, offload);
    }

    private boolean sendSuper(MemorySegment frame, long offset, int length, long offload) {
        if (!frame.isNative() || length > SUPER_FRAME_BYTES) {
            txRejected++;
            return false;
        }
        if (txPending > 0) {
            flush();
        }
        Offload.write(superHeader, 0, offload);
        superIov.set(ValueLayout.JAVA_LONG, Libc.IOVEC_SIZE, frame.address() + offset);
        superIov.set(ValueLayout.JAVA_LONG, Libc.IOVEC_SIZE + 8, length);
        if (Libc.writev(callState, superTxFd, superIov, 2) < 0) {
            sendFailed();
            return false;
        }
        txSuperFrames++;
        return true;
    }

    /** Counts a failed send by its errno (back-pressure or an error) and returns the errno. */
    private int sendFailed() {
        int errno = Libc.errno(callState);
        if (errno == Errno.ENOBUFS || errno == Errno.EAGAIN) {
            txBackpressure++;
        } else {
            txErrors++;
            lastTxErrno = errno;
        }
        return errno;
    }

    /**
     * Hands the queued frames to the kernel with one {@code sendto}. Returns the number of
     * frames handed over (0 when none were queued), or −errno: {@code -ENOBUFS}/{@code -EAGAIN}
     * are back-pressure ({@link #txBackpressure()}) and the frames stay queued for the next
     * flush; anything else is counted in {@link #txErrors()}.
     */
    public int flush() {
        if (txPending == 0) {
            return 0;
        }
        // Not a critical call: on a veth the kernel's transmit path runs the receiving side's
        // softirq processing inline, tens to hundreds of microseconds in which a critical call
        // would hold up every safepoint; the thread-state transition costs a few nanoseconds.
        long r = Libc.sendto(callState, fd, MemorySegment.NULL, 0, Libc.MSG_DONTWAIT, MemorySegment.NULL, 0);
        if (r < 0) {
            return -sendFailed();
        }
        int n = txPending;
        txPending = 0;
        txFrames += n;
        txFlushes++;
        return n;
    }

    /** Frames committed and not yet handed over by a successful {@link #flush}. */
    public int txPending() {
        return txPending;
    }

    // ---------------------------------------------------------------- control plane

    public String interfaceName() {
        return ifName;
    }

    public int interfaceIndex() {
        return ifIndex;
    }

    public PacketRingConfig config() {
        return config;
    }

    public int fd() {
        return fd;
    }

    public long rxFrames() {
        return rxFrames;
    }

    /** V3 blocks handed back to the kernel (0 with V2). */
    public long rxBlocks() {
        return rxBlocks;
    }

    /** Frames skipped because a block's offsets or a slot's header did not add up. */
    public long rxMalformed() {
        return rxMalformed;
    }

    /** Frames skipped because the kernel had to cut them to fit the ring (snaplen < len). */
    public long rxTruncated() {
        return rxTruncated;
    }

    /**
     * Frames longer than a slot received whole through the socket's queue (offloads on): super-frames,
     * and frames of an MTU raised after the socket was opened.
     */
    public long rxLongFrames() {
        return rxLongFrames;
    }

    /** Super-frames sent through the super-frame socket (offloads on). */
    public long txSuperFrames() {
        return txSuperFrames;
    }

    /** Frames handed to the kernel by successful flushes. */
    public long txFrames() {
        return txFrames;
    }

    public long txFlushes() {
        return txFlushes;
    }

    /** Claims that found no free slot (a {@link #send} that then flushed and got one counts too). */
    public long txRingFull() {
        return txRingFull;
    }

    /** Flushes that met ENOBUFS or EAGAIN. */
    public long txBackpressure() {
        return txBackpressure;
    }

    /** Frames refused for their length, or commits without a claim. */
    public long txRejected() {
        return txRejected;
    }

    public long txErrors() {
        return txErrors;
    }

    /** The errno of the last flush that failed other than by back-pressure; 0 if none. */
    public int lastTxErrno() {
        return lastTxErrno;
    }

    /** Reads (and so resets) the kernel's counters for this socket. */
    public PacketStats kernelStats() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = Libc.allocateCallState(a);
            MemorySegment st = a.allocate(12, 4);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 12);
            if (Libc.getsockopt(cs, fd, SOL_PACKET, PACKET_STATISTICS, st, len) != 0) {
                throw LinuxException.failed("getsockopt(PACKET_STATISTICS) on " + ifName, Libc.errno(cs));
            }
            return new PacketStats(
                    st.get(JAVA_INT, 0) & 0xFFFF_FFFFL,
                    st.get(JAVA_INT, 4) & 0xFFFF_FFFFL,
                    st.get(JAVA_INT, 8) & 0xFFFF_FFFFL);
        }
    }

    /** Unmaps the rings and closes the socket; the worker must have stopped using it. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        arena.close();
        Libc.closeQuietly(fd);
        if (superTxFd >= 0) {
            Libc.closeQuietly(superTxFd);
        }
    }

    @Override
    public String toString() {
        String rx = v2 ? rxFrameCount + "x" + rxFrameSize : blockCount + "x" + blockSize;
        return "AfPacketSocket[" + ifName + "#" + ifIndex + ", fd " + fd + ", " + config.version() + ", " + rx
                + " RX, " + txFrameCount + "x" + txFrameSize + " TX"
                + (config.fanoutGroup() >= 0 ? ", fanout " + config.fanoutGroup() : "") + "]";
    }
}
