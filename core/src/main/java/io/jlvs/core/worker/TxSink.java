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
}
