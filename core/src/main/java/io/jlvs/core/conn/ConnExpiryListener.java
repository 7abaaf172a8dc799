package io.jlvs.core.conn;

/**
 * Told of each connection that times out, after it has left both indices of its table and before
 * its entry is reused, so the tuple, indices and sequence tracking can still be read (to forge a
 * RST to both ends, count the end, or sync the removal). Runs on the worker thread, on the packet
 * path: it must not allocate or block.
 */
@FunctionalInterface
public interface ConnExpiryListener {
    void expired(int conn);
}
