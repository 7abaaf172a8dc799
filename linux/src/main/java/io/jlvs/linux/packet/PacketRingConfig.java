package io.jlvs.linux.packet;

/**
 * Sizes and options of one {@link AfPacketSocket}; defaults written once, in {@link #DEFAULTS}.
 *
 * @param blockSize RX block size in bytes, a power of two and a multiple of the page size.
 *     TPACKET_V3 hands a block to user space when it is full or its timeout fires, so a block
 *     is also the unit of batching: big blocks amortise more, small blocks wait less.
 * @param blockCount RX blocks in the ring. At a trickle each block is retired by its timeout
 *     holding only the frames of one timeout period, so the ring is then {@code blockCount ×
 *     blockTimeoutMillis} deep in time, not {@code blockCount × blockSize} in bytes: a worker
 *     that stops receiving for longer loses frames (counted in {@link PacketStats#drops()}).
 * @param frameSize the RX frame size the kernel uses to count frames (tp_frame_size); V3 packs
 *     frames of any length into a block, so this is only a lower bound on slot alignment.
 * @param blockTimeoutMillis how long the kernel may hold a partly filled RX block
 *     (tp_retire_blk_tov). The kernel counts it in whole milliseconds, so 1 ms is the shortest
 *     wait there is; 0 would make the kernel derive a timeout from the link speed (8 ms or
 *     more). DESIGN.md §3a measured 0.7–1.0 ms of first-packet delay at low rates with 1 ms.
 * @param txFrameSize TX slot size in bytes, a power of two; a frame may use {@code txFrameSize -
 *     48} bytes of it (the tpacket3_hdr comes first).
 * @param txFrameCount TX slots in the ring.
 * @param qdiscBypass PACKET_QDISC_BYPASS: transmit straight to the driver, skipping the qdisc
 *     layer (and tcpdump, which taps there). Back-pressure then shows as ENOBUFS on flush.
 * @param ignoreOutgoing PACKET_IGNORE_OUTGOING: do not receive frames this host transmits,
 *     including the worker's own, on this interface.
 * @param fanoutGroup PACKET_FANOUT group id (0..65535) shared by the workers' sockets on this
 *     interface, or −1 for no fanout.
 * @param fanoutProgram the steering program when {@code fanoutGroup >= 0}.
 */
public record PacketRingConfig(
        int blockSize,
        int blockCount,
        int frameSize,
        int blockTimeoutMillis,
        int txFrameSize,
        int txFrameCount,
        boolean qdiscBypass,
        boolean ignoreOutgoing,
        int fanoutGroup,
        FanoutProgram fanoutProgram) {

    /** tpacket3_hdr rounded up to TPACKET_ALIGNMENT: where TX frame data starts in a slot. */
    public static final int TX_DATA_OFFSET = 48;

    /**
     * 256 KiB × 16 RX blocks (4 MiB), 1 ms block timeout, 2 KiB × 1024 TX slots (2 MiB),
     * qdisc bypass and ignore-outgoing on, no fanout.
     */
    public static final PacketRingConfig DEFAULTS =
            new PacketRingConfig(1 << 18, 16, 2048, 1, 2048, 1024, true, true, -1, null);

    public PacketRingConfig {
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
    }

    private static void requirePowerOfTwo(String name, int value, int min) {
        if (value < min || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " must be a power of two of at least " + min + ", not " + value);
        }
    }

    public PacketRingConfig withRx(int blockSize, int blockCount, int blockTimeoutMillis) {
        return new PacketRingConfig(
                blockSize,
                blockCount,
                Math.min(frameSize, blockSize),
                blockTimeoutMillis,
                txFrameSize,
                txFrameCount,
                qdiscBypass,
                ignoreOutgoing,
                fanoutGroup,
                fanoutProgram);
    }

    public PacketRingConfig withTx(int txFrameSize, int txFrameCount) {
        return new PacketRingConfig(
                blockSize,
                blockCount,
                frameSize,
                blockTimeoutMillis,
                txFrameSize,
                txFrameCount,
                qdiscBypass,
                ignoreOutgoing,
                fanoutGroup,
                fanoutProgram);
    }

    public PacketRingConfig withQdiscBypass(boolean on) {
        return new PacketRingConfig(
                blockSize,
                blockCount,
                frameSize,
                blockTimeoutMillis,
                txFrameSize,
                txFrameCount,
                on,
                ignoreOutgoing,
                fanoutGroup,
                fanoutProgram);
    }

    public PacketRingConfig withIgnoreOutgoing(boolean on) {
        return new PacketRingConfig(
                blockSize,
                blockCount,
                frameSize,
                blockTimeoutMillis,
                txFrameSize,
                txFrameCount,
                qdiscBypass,
                on,
                fanoutGroup,
                fanoutProgram);
    }

    public PacketRingConfig withFanout(int group, FanoutProgram program) {
        return new PacketRingConfig(
                blockSize,
                blockCount,
                frameSize,
                blockTimeoutMillis,
                txFrameSize,
                txFrameCount,
                qdiscBypass,
                ignoreOutgoing,
                group,
                program);
    }

    /** The longest frame (Ethernet header included) one TX slot holds. */
    public int txMaxFrame() {
        return txFrameSize - TX_DATA_OFFSET;
    }
}
