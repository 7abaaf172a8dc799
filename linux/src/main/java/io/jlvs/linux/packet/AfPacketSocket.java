package io.jlvs.linux.packet;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * An AF_PACKET SOCK_RAW socket bound to one interface for all ethertypes, with a TPACKET_V3 RX
 * ring and a TPACKET_V3 TX ring in one shared mapping: one worker's window on one interface.
 *
 * <p><b>Receive.</b> {@link #receive} walks the blocks the kernel has handed over, calls the
 * handler for each frame, and hands each block back as soon as its frames are seen. A V3 block
 * comes to user space when it is full or when {@link PacketRingConfig#blockTimeoutMillis}
 * passes (packet(7), "TPACKET_V3"), so at low rates a frame can wait up to that long.
 *
 * <p><b>Transmit.</b> Frames are written into TX slots ({@link #txClaim}/{@link #txCommit} to
 * build a frame in place, or {@link #send} to copy one) and {@link #flush} makes one {@code
 * sendto} for the whole batch, as DESIGN.md §3.1 asks: the measured cost is the syscall and the
 * kernel's send path, not the copy (§3a). TX uses TPACKET_V3 too because the ring version is
 * one per socket and RX needs V3; V3 TX slots are fixed-size frames exactly like V2's (the
 * kernel rejects block parameters for a V3 TX ring), so nothing is lost against V2 TX. ENOBUFS
 * and EAGAIN on flush are back-pressure: counted, the frames stay queued for the next flush.
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
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_VERSION = 10;
    static final int PACKET_TX_RING = 13;
    static final int PACKET_LOSS = 14;
    static final int PACKET_FANOUT = 18;
    static final int PACKET_QDISC_BYPASS = 20;
    static final int PACKET_FANOUT_DATA = 22;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int TPACKET_V3 = 2;
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
    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_USER = 1;
    private static final int TP_STATUS_AVAILABLE = 0;
    private static final int TP_STATUS_SEND_REQUEST = 1;
    private static final int TP_STATUS_WRONG_FORMAT = 4;
    private static final int ETH_HLEN = 14;

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
    private final long txBase;
    private final int blockSize;
    private final int blockCount;
    private final int txFrameSize;
    private final int txFrameCount;
    private final int txMaxFrame;

    private int rxBlock;
    private int txHead;
    private boolean txClaimed;
    private int txPending;
    private boolean closed;

    private long rxFrames;
    private long rxBlocks;
    private long rxMalformed;
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
            Arena arena,
            int fd,
            MemorySegment ring,
            MemorySegment callState,
            MemorySegment pollFd) {
        this.ifName = ifName;
        this.ifIndex = ifIndex;
        this.config = config;
        this.arena = arena;
        this.fd = fd;
        this.ring = ring;
        this.callState = callState;
        this.pollFd = pollFd;
        this.blockSize = config.blockSize();
        this.blockCount = config.blockCount();
        this.txBase = (long) config.blockSize() * config.blockCount();
        this.txFrameSize = config.txFrameSize();
        this.txFrameCount = config.txFrameCount();
        // tpacket_snd refuses frames longer than mtu + hard header (+ a VLAN tag's slack).
        this.txMaxFrame = Math.min(config.txMaxFrame(), mtu + ETH_HLEN);
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
        // Protocol 0: the socket receives nothing until bind() names the interface, so no
        // frame from another interface slips into the ring while it is being set up.
        int fd = Libc.openSocket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0, "AF_PACKET");
        Arena arena = Arena.ofShared();
        try {
            String on = "AF_PACKET socket on " + ifName;
            Libc.setIntOption(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V3, "PACKET_VERSION", on);
            // A frame the kernel cannot send (too long for the device) is dropped and its slot
            // freed, instead of the whole TX ring stopping at it in TP_STATUS_WRONG_FORMAT.
            Libc.setIntOption(fd, SOL_PACKET, PACKET_LOSS, 1, "PACKET_LOSS", on);
            if (config.qdiscBypass()) {
                Libc.setIntOption(fd, SOL_PACKET, PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS", on);
            }
            if (config.ignoreOutgoing()) {
                Libc.setIntOption(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING", on);
            }

            MemorySegment rxReq = arena.allocate(28, 4);
            rxReq.set(JAVA_INT, 0, config.blockSize());
            rxReq.set(JAVA_INT, 4, config.blockCount());
            rxReq.set(JAVA_INT, 8, config.frameSize());
            rxReq.set(JAVA_INT, 12, config.blockSize() / config.frameSize() * config.blockCount());
            rxReq.set(JAVA_INT, 16, config.blockTimeoutMillis());
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
            MemorySegment txReq = arena.allocate(28, 4);
            txReq.set(JAVA_INT, 0, txBlockSize);
            txReq.set(JAVA_INT, 4, (int) (txBytes / txBlockSize));
            txReq.set(JAVA_INT, 8, config.txFrameSize());
            txReq.set(JAVA_INT, 12, config.txFrameCount());
            Libc.setOption(fd, SOL_PACKET, PACKET_TX_RING, txReq, "PACKET_TX_RING", on);

            long size = (long) config.blockSize() * config.blockCount() + txBytes;
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
            return new AfPacketSocket(ifName, ifIndex, mtu, config, arena, fd, ring, callState, pollFd);
        } catch (RuntimeException e) {
            arena.close();
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

    /** Delivers the frames of every block the kernel has handed over; returns the frame count. */
    public int receive(RxHandler handler) {
        return receive(handler, blockCount);
    }

    /**
     * Delivers the frames of at most {@code maxBlocks} ready blocks, in ring order, returning
     * each block to the kernel after its last frame; returns the number of frames delivered.
     */
    public int receive(RxHandler handler, int maxBlocks) {
        int frames = 0;
        for (int n = 0; n < maxBlocks; n++) {
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
        rxFrames += frames;
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
            handler.onFrame(ring, data, snaplen);
            delivered++;
            pkt += ring.get(JAVA_INT, pkt + PKT_NEXT_OFFSET) & 0xFFFF_FFFFL;
        }
        return delivered;
    }

    /** True when a block is ready now (no syscall). */
    public boolean rxReady() {
        long block = (long) rxBlock * blockSize;
        return ((int) STATUS.getAcquire(ring, block + BLOCK_STATUS) & TP_STATUS_USER) != 0;
    }

    /**
     * Waits until a block is ready or {@code timeoutMillis} passes (0: just check, a critical
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
        int status = (int) STATUS.getAcquire(ring, slot + PKT_STATUS);
        if (status != TP_STATUS_AVAILABLE) {
            if (status != TP_STATUS_WRONG_FORMAT) {
                txRingFull++;
                return -1;
            }
            // Not expected with PACKET_LOSS set; the slot is ours again either way.
            txErrors++;
            STATUS.setRelease(ring, slot + PKT_STATUS, TP_STATUS_AVAILABLE);
        }
        txClaimed = true;
        return slot + PacketRingConfig.TX_DATA_OFFSET;
    }

    /**
     * Queues the claimed slot's first {@code length} bytes for the next {@link #flush}. Returns
     * false (and counts a rejection) without a preceding claim or for a length outside
     * 14..{@link #maxTxFrame()}.
     */
    public boolean txCommit(int length) {
        if (!txClaimed || length < ETH_HLEN || length > txMaxFrame) {
            txRejected++;
            return false;
        }
        long slot = txBase + (long) txHead * txFrameSize;
        ring.set(JAVA_INT, slot + PKT_LEN, length);
        ring.set(JAVA_INT, slot + PKT_SNAPLEN, length);
        STATUS.setRelease(ring, slot + PKT_STATUS, TP_STATUS_SEND_REQUEST);
        txHead = txHead + 1 == txFrameCount ? 0 : txHead + 1;
        txClaimed = false;
        txPending++;
        return true;
    }

    /**
     * Copies a frame into the next slot and queues it. Returns false when the ring is full
     * ({@link #txRingFull()}) or the length is out of range ({@link #txRejected()}).
     */
    public boolean send(MemorySegment frame, long offset, int length) {
        if (length < ETH_HLEN || length > txMaxFrame) {
            txRejected++;
            return false;
        }
        long data = txClaim();
        if (data < 0) {
            return false;
        }
        MemorySegment.copy(frame, offset, ring, data, length);
        return txCommit(length);
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
        long r = Libc.sendtoNow(callState, fd, MemorySegment.NULL, 0, 0);
        if (r < 0) {
            int errno = Libc.errno(callState);
            if (errno == Errno.ENOBUFS || errno == Errno.EAGAIN) {
                txBackpressure++;
            } else {
                txErrors++;
                lastTxErrno = errno;
            }
            return -errno;
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

    public long rxBlocks() {
        return rxBlocks;
    }

    /** Frames skipped because a block's offsets did not add up. */
    public long rxMalformed() {
        return rxMalformed;
    }

    /** Frames handed to the kernel by successful flushes. */
    public long txFrames() {
        return txFrames;
    }

    public long txFlushes() {
        return txFlushes;
    }

    /** Claims that found no free slot. */
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
    }

    @Override
    public String toString() {
        return "AfPacketSocket[" + ifName + "#" + ifIndex + ", fd " + fd + ", " + config.blockCount() + "x"
                + config.blockSize() + " RX, " + config.txFrameCount() + "x" + config.txFrameSize() + " TX"
                + (config.fanoutGroup() >= 0 ? ", fanout " + config.fanoutGroup() : "") + "]";
    }
}
