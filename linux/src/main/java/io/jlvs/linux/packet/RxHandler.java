package io.jlvs.linux.packet;

import java.lang.foreign.MemorySegment;

/**
 * Receives the frames of a batch, one call per frame, on the worker's thread.
 *
 * <p>The frame is {@code length} bytes of {@code ring} at {@code offset}, starting with the
 * Ethernet header. It is valid only during the call: the block is given back to the kernel once
 * the handler has seen all its frames, so keep nothing that points into it. Implementations are
 * long-lived objects (not a lambda made per call) and must not allocate or throw.
 */
@FunctionalInterface
public interface RxHandler {
    void onFrame(MemorySegment ring, long offset, int length);

    /**
     * A frame with its offload state ({@code io.jlvs.core.packet.Offload}, from the kernel's
     * virtio_net_hdr on a socket with offloads on): a handler that rewrites frames must take it
     * (a partial checksum, a super-frame in a buffer other than the ring). Others see the frame.
     */
    default void onFrame(MemorySegment ring, long offset, int length, long offload) {
        onFrame(ring, offset, length);
    }
}
