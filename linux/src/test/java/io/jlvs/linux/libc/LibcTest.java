package io.jlvs.linux.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Calls that need no privileges: errno capture, socket options, affinity. */
class LibcTest {
    @Test
    void errnoIsCapturedPerCall() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.allocateCallState(arena);
            assertThat(Libc.close(cs, -1)).isEqualTo(-1);
            assertThat(Libc.errno(cs)).isEqualTo(Errno.EBADF);
            assertThat(Libc.sendto(cs, -1, MemorySegment.NULL, 0, Libc.MSG_DONTWAIT, MemorySegment.NULL, 0))
                    .isEqualTo(-1);
            assertThat(Libc.errno(cs)).isEqualTo(Errno.EBADF);
            assertThat(Libc.pollNow(cs, MemorySegment.NULL, 0)).isZero();
        }
    }

    @Test
    void intOptionsRoundTripAndFailuresAreNamed() {
        int fd = Libc.openSocket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0, "AF_INET");
        try {
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 65536, "SO_RCVBUF", "test socket");
            // The kernel doubles SO_RCVBUF for its bookkeeping (socket(7)).
            assertThat(Libc.getIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF"))
                    .isEqualTo(131072);
            assertThatThrownBy(() -> Libc.setIntOption(fd, Libc.SOL_SOCKET, 9999, 1, "OPT_9999", "test socket"))
                    .isInstanceOf(LinuxException.class)
                    .hasMessage("setsockopt(OPT_9999) on test socket failed (ENOPROTOOPT: Protocol not available);"
                            + " this kernel does not know the option");
        } finally {
            Libc.closeQuietly(fd);
        }
        assertThatThrownBy(() -> Libc.getIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF"))
                .hasMessage("getsockopt(SO_RCVBUF) failed (EBADF: Bad file descriptor)");
    }

    @Test
    void unknownInterfaceIndexIsNamed() {
        assertThatThrownBy(() -> Libc.interfaceIndex("jlt-nope1"))
                .isInstanceOf(LinuxException.class)
                .hasMessage("interface jlt-nope1 not found (ENODEV: No such device)");
        assertThat(Libc.interfaceIndex("lo")).isEqualTo(1);
    }

    @Test
    void pageSizeIsAPowerOfTwo() {
        assertThat(Integer.bitCount(Libc.pageSize())).isEqualTo(1);
        assertThat(Libc.pageSize()).isGreaterThanOrEqualTo(4096);
    }

    @Test
    void pinsTheCallingThreadOnly() throws Exception {
        BitSet all = CpuAffinity.currentThreadCpus();
        int cpu = all.nextSetBit(0);
        BitSet seenByPinned = CompletableFuture.supplyAsync(
                        () -> {
                            CpuAffinity.pinCurrentThread(cpu);
                            return CpuAffinity.currentThreadCpus();
                        },
                        r -> Thread.ofPlatform().start(r))
                .get();
        BitSet expected = new BitSet();
        expected.set(cpu);
        assertThat(seenByPinned).isEqualTo(expected);
        assertThat(CpuAffinity.currentThreadCpus()).isEqualTo(all);
    }

    @Test
    void pinningToNoUsableCpuIsExplained() throws Exception {
        BitSet impossible = new BitSet();
        impossible.set(1023);
        Throwable t = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                CpuAffinity.pinCurrentThread(impossible);
                                return null;
                            } catch (LinuxException e) {
                                return e;
                            }
                        },
                        r -> Thread.ofPlatform().start(r))
                .get();
        assertThat(t).hasMessageStartingWith("cannot pin thread to CPUs {1023}: none of them is online");
        assertThatThrownBy(() -> CpuAffinity.pinCurrentThread(new BitSet()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
