package io.jlvs.core.worker;

import java.lang.foreign.MemorySegment;

/**
 * Where a worker's output frames go: the TX ring (or send batch) of an interface. The frame is
 * copied before {@code send} returns, so the caller may reuse its memory at once.
 */
@FunctionalInterface
public interface TxSink {
    /** Queues one frame on interface {@code ifIndex}; false when the ring is full (counted). */
    boolean send(int ifIndex, MemorySegment frame, long offset, int length);

    /**
     * Queues a frame that goes with an {@link io.jlvs.core.packet.Offload} state (a partial
     * checksum for the kernel to finish, a super-frame for it to segment). A sink that cannot pass
     * the state on refuses the frame (false): sent without it, the frame would be wrong on the wire.
     */
    default boolean send(int ifIndex, MemorySegment frame, long offset, int length, long offload) {
        return offload == io.jlvs.core.packet.Offload.NONE && send(ifIndex, frame, offset, length);
    }
}
