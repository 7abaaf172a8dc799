package io.jlvs.linux.libc;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;

/**
 * Pins the calling (platform) thread to CPUs. DESIGN.md §3a: when the kernel's receive softirq and
 * a worker share a core, overload livelocks, so workers are pinned away from the cores that take
 * the receive interrupts. Affinity is per thread on Linux, so call this from the worker itself.
 */
public final class CpuAffinity {
    /** cpu_set_t as glibc sizes it: 1024 CPUs. */
    private static final int MASK_BYTES = 128;

    private CpuAffinity() {}

    /** Restricts the calling thread to {@code cpus}. */
    public static void pinCurrentThread(BitSet cpus) {
        if (cpus.isEmpty() || cpus.length() > MASK_BYTES * 8) {
            throw new IllegalArgumentException("CPU set must name CPUs 0.." + (MASK_BYTES * 8 - 1) + ": " + cpus);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.allocateCallState(arena);
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length; i++) {
                mask.setAtIndex(JAVA_LONG, i, words[i]);
            }
            if (Libc.schedSetaffinity(cs, 0, MASK_BYTES, mask) != 0) {
                int errno = Libc.errno(cs);
                if (errno == Errno.EINVAL) {
                    throw new LinuxException(
                            "cannot pin thread to CPUs " + cpus + ": none of them is online or allowed ("
                                    + Errno.describe(errno) + ")",
                            errno);
                }
                throw LinuxException.failed("sched_setaffinity(" + cpus + ")", errno);
            }
        }
    }

    /** Restricts the calling thread to one CPU. */
    public static void pinCurrentThread(int cpu) {
        BitSet one = new BitSet();
        one.set(cpu);
        pinCurrentThread(one);
    }

    /** The CPUs the calling thread may run on. */
    public static BitSet currentThreadCpus() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.allocateCallState(arena);
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            if (Libc.schedGetaffinity(cs, 0, MASK_BYTES, mask) < 0) {
                throw LinuxException.failed("sched_getaffinity", Libc.errno(cs));
            }
            return BitSet.valueOf(mask.toArray(JAVA_LONG));
        }
    }
}
