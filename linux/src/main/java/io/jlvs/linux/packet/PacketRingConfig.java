package io.jlvs.linux.packet;

/**
 * Sizes and options of one {@link AfPacketSocket}; defaults written once, in {@link #DEFAULTS}.
 *
 * @param version the ring layout ({@link TpacketVersion}): V2 hands each frame over at once, V3
 *     packs frames into blocks handed over when full or at their timeout.
 * @param blockSize RX block size in bytes, a power of two and a multiple of the page size. With
 *     V3 a block is also the unit of batching: big blocks amortise more, small blocks wait less.
 *     With V2 it only groups the fixed-size frame slots ({@code blockSize / frameSize} per block).
 * @param blockCount RX blocks in the ring; {@code blockSize × blockCount} is the RX ring's bytes.
 *     With V3 at a trickle each block is retired by its timeout holding only the frames of one
 *     timeout period, so the ring is then {@code blockCount × blockTimeoutMillis} deep in time:
 *     a worker that stops receiving for longer loses frames (counted in {@link
 *     PacketStats#drops()}). With V2 the ring holds {@code blockSize × blockCount / frameSize}
 *     frames whatever the rate.
 * @param frameSize V2: the RX slot size, which bounds the frame length (the kernel truncates
 *     longer frames; {@link AfPacketSocket#open} raises it to fit the interface's MTU). V3 packs
 *     frames of any length into a block, so there it is only the unit the kernel counts in.
 * @param blockTimeoutMillis V3 only: how long the kernel may hold a partly filled RX block
 *     (tp_retire_blk_tov). The kernel counts it in whole milliseconds, so 1 ms is the shortest
 *     wait there is; 0 would make the kernel derive a timeout from the link speed (8 ms or
 *     more). DESIGN.md §3a measured 0.7–1.0 ms of first-packet delay at low rates with 1 ms.
 * @param txFrameSize TX slot size in bytes, a power of two; a frame may use {@code txFrameSize -
 *     version.txDataOffset()} bytes of it (the frame header comes first).
 * @param txFrameCount TX slots in the ring.
 * @param qdiscBypass PACKET_QDISC_BYPASS: transmit straight to the driver, skipping the qdisc
 *     layer (and tcpdump, which taps there). Back-pressure then shows as ENOBUFS on flush.
 * @param ignoreOutgoing PACKET_IGNORE_OUTGOING: do not receive frames this host transmits,
 *     including the worker's own, on this interface.
 * @param fanoutGroup PACKET_FANOUT group id (0..65535) shared by the workers' sockets on this
 *     interface, or −1 for no fanout.
 * @param fanoutProgram the steering program when {@code fanoutGroup >= 0}.
 * @param offloads PACKET_VNET_HDR: every frame comes and goes with its virtio_net_hdr, so
 *     interfaces may keep their offloads on (TSO/GSO/GRO, checksum offload): partial checksums
 *     are finished by the kernel on the way out, and GSO super-frames (up to 64 KiB, longer than a
 *     slot) are received whole through the socket's queue ({@code PACKET_COPY_THRESH}) and sent
 *     through a second socket without a ring. V2 only (V3 has no copy path for long frames).
 */
public record PacketRingConfig(
        TpacketVersion version,
        int blockSize,
        int blockCount,
        int frameSize,
        int blockTimeoutMillis,
        int txFrameSize,
        int txFrameCount,
        boolean qdiscBypass,
        boolean ignoreOutgoing,
        int fanoutGroup,
        FanoutProgram fanoutProgram,
        boolean offloads) {

    /**
     * TPACKET_V2; RX 4096 slots of 2 KiB (8 MiB in 64 KiB blocks: a 1514-byte frame fits behind
     * the kernel's 66-byte header, and the ring absorbs 3 ms at 1.4 Mpps while the worker is
     * descheduled); TX 2048 slots of 2 KiB (4 MiB, so a batch from two full RX budgets never
     * waits for a slot); a 1 ms block timeout should V3 be chosen; qdisc bypass and
     * ignore-outgoing on; no fanout; offloads (virtio_net_hdr) on.
     */
    public static final PacketRingConfig DEFAULTS =
            new PacketRingConfig(TpacketVersion.V2, 1 << 16, 128, 2048, 1, 2048, 2048, true, true, -1, null, true);

    /** sizeof(struct virtio_net_hdr), in front of every frame when {@code offloads} is on. */
    static final int VNET_HEADER = 10;

    public PacketRingConfig {
        if (version == null) {
            throw new IllegalArgumentException("a ring needs a TPACKET version");
        }
        requirePowerOfTwo("blockSize", blockSize, 4096);
        if (blockCount < 1) {
            throw new IllegalArgumentException("blockCount must be at least 1, not " + blockCount);
        }
        requirePowerOfTwo("frameSize", frameSize, 128);
        if (frameSize > blockSize) {
            throw new IllegalArgumentException("frameSize " + frameSize + " is larger than blockSize " + blockSize);
        }
        if (blockTimeoutMillis < 1) {
            throw new IllegalArgumentException("blockTimeoutMillis must be at least 1 (the kernel counts whole ms)");
        }
        requirePowerOfTwo("txFrameSize", txFrameSize, 128);
        if (txFrameCount < 1) {
            throw new IllegalArgumentException("txFrameCount must be at least 1, not " + txFrameCount);
        }
        if (fanoutGroup < -1 || fanoutGroup > 0xFFFF) {
            throw new IllegalArgumentException("fanoutGroup must be 0..65535 or -1, not " + fanoutGroup);
        }
        if (fanoutGroup >= 0 && fanoutProgram == null) {
            throw new IllegalArgumentException("a fanout group needs a fanout program");
        }
        if (offloads && version != TpacketVersion.V2) {
            throw new IllegalArgumentException(
                    "offloads (PACKET_VNET_HDR) need TPACKET_V2: a V3 ring cuts super-frames short");
        }
    }

    private static void requirePowerOfTwo(String name, int value, int min) {
        if (value < min || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " must be a power of two of at least " + min + ", not " + value);
        }
    }

    /** Another ring layout; V3 turns offloads off (see {@code offloads}). */
    public PacketRingConfig withVersion(TpacketVersion v) {
        Copy c = new Copy(this);
        c.version = v;
        c.offloads = offloads && v == TpacketVersion.V2;
        return c.build();
    }

    public PacketRingConfig withOffloads(boolean on) {
        Copy c = new Copy(this);
        c.offloads = on;
        return c.build();
    }

    public PacketRingConfig withRx(int blockSize, int blockCount, int blockTimeoutMillis) {
        Copy c = new Copy(this);
        c.blockSize = blockSize;
        c.blockCount = blockCount;
        c.frameSize = Math.min(frameSize, blockSize);
        c.blockTimeoutMillis = blockTimeoutMillis;
        return c.build();
    }

    public PacketRingConfig withTx(int txFrameSize, int txFrameCount) {
        Copy c = new Copy(this);
        c.txFrameSize = txFrameSize;
        c.txFrameCount = txFrameCount;
        return c.build();
    }

    public PacketRingConfig withQdiscBypass(boolean on) {
        Copy c = new Copy(this);
        c.qdiscBypass = on;
        return c.build();
    }

    public PacketRingConfig withIgnoreOutgoing(boolean on) {
        Copy c = new Copy(this);
        c.ignoreOutgoing = on;
        return c.build();
    }

    public PacketRingConfig withFanout(int group, FanoutProgram program) {
        Copy c = new Copy(this);
        c.fanoutGroup = group;
        c.fanoutProgram = program;
        return c.build();
    }

    /** The withers' scratch: a config's fields, changed one by one, validated again on build. */
    private static final class Copy {
        TpacketVersion version;
        int blockSize;
        int blockCount;
        int frameSize;
        int blockTimeoutMillis;
        int txFrameSize;
        int txFrameCount;
        boolean qdiscBypass;
        boolean ignoreOutgoing;
        int fanoutGroup;
        FanoutProgram fanoutProgram;
        boolean offloads;

        Copy(PacketRingConfig c) {
            version = c.version;
            blockSize = c.blockSize;
            blockCount = c.blockCount;
            frameSize = c.frameSize;
            blockTimeoutMillis = c.blockTimeoutMillis;
            txFrameSize = c.txFrameSize;
            txFrameCount = c.txFrameCount;
            qdiscBypass = c.qdiscBypass;
            ignoreOutgoing = c.ignoreOutgoing;
            fanoutGroup = c.fanoutGroup;
            fanoutProgram = c.fanoutProgram;
            offloads = c.offloads;
        }

        PacketRingConfig build() {
            return new PacketRingConfig(
                    version,
                    blockSize,
                    blockCount,
                    frameSize,
                    blockTimeoutMillis,
                    txFrameSize,
                    txFrameCount,
                    qdiscBypass,
                    ignoreOutgoing,
                    fanoutGroup,
                    fanoutProgram,
                    offloads);
        }
    }

    /** The longest frame (Ethernet header included) one TX slot holds. */
    public int txMaxFrame() {
        return txFrameSize - version.txDataOffset() - (offloads ? VNET_HEADER : 0);
    }
}
