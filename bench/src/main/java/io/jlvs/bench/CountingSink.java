package io.jlvs.bench;

import io.jlvs.core.worker.TxSink;
import java.lang.foreign.MemorySegment;

/**
 * A TX sink that counts what it is given and copies nothing, so a benchmark measures the worker
 * and not a ring.
 */
public final class CountingSink implements TxSink {
    private long frames;
    private long bytes;

    @Override
    public boolean send(int ifIndex, MemorySegment frame, long offset, int length) {
        frames++;
        bytes += length;
        return true;
    }

    public long frames() {
        return frames;
    }

    public long bytes() {
        return bytes;
    }
}
