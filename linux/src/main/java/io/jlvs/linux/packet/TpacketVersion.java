package io.jlvs.linux.packet;

/**
 * The layout of an {@link AfPacketSocket}'s rings (packet(7), PACKET_VERSION); one per socket,
 * for RX and TX alike.
 *
 * <p>DESIGN.md §3a measured the trade: TPACKET_V3 packs frames into blocks and hands a block to
 * user space only when it is full or its timeout fires — at least one millisecond, and one jiffy
 * (4 ms at HZ=250) on kernels that retire blocks from a timer-list — so at the request rates of a
 * load balancer nearly every frame waits for the timeout. TPACKET_V2 hands over each frame as
 * soon as it is written, so a frame waits for nothing but the worker; it costs one status word
 * per frame and a fixed slot per frame instead of packing.
 */
public enum TpacketVersion {
    /** One slot per frame, each handed over at once: the latency mode and the default. */
    V2(1, 32),
    /** Blocks of packed frames, handed over full or at their timeout: fewer, larger batches. */
    V3(2, 48);

    private final int kernelValue;
    private final int txDataOffset;

    TpacketVersion(int kernelValue, int txDataOffset) {
        this.kernelValue = kernelValue;
        this.txDataOffset = txDataOffset;
    }

    /** The PACKET_VERSION value (linux/if_packet.h: TPACKET_V2 = 1, TPACKET_V3 = 2). */
    int kernelValue() {
        return kernelValue;
    }

    /**
     * Where a TX frame's data starts in its slot: the frame header (tpacket2_hdr, 32 bytes, or
     * tpacket3_hdr, 48) rounded up to TPACKET_ALIGNMENT, which is where the kernel reads it from
     * when PACKET_TX_HAS_OFF is not set.
     */
    public int txDataOffset() {
        return txDataOffset;
    }
}
