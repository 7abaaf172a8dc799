package io.jlvs.linux.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls jlvs makes, as FFM downcall handles created once.
 *
 * <p>Every call but {@link #geteuid()} takes a <em>call state</em> segment first (from {@link
 * #allocateCallState}) into which the linker copies {@code errno} right after the call ({@link
 * Linker.Option#captureCallState}); reading errno any later would see whatever the JVM itself did
 * in between. Results are returned raw (−1 on failure, as in C) and never throw: the packet path
 * uses these directly with one call state per worker. Control-plane code turns failures into
 * {@link LinuxException} with a message for people.
 *
 * <p>The {@code *Now} variants are linked with {@link Linker.Option#critical} (no thread-state
 * transition): DESIGN.md §3a measured 6.6 ns → 2.6 ns per call. They are only for calls that
 * return at once — {@code poll} with timeout 0 — since a critical call holds up safepoints (and
 * so every GC) for as long as it runs. {@code sendto} on a TX ring is not one of them, even with
 * {@code MSG_DONTWAIT}: it runs the kernel's transmit path, and on a veth the receiver's softirq
 * processing with it, for tens to hundreds of microseconds per batch.
 */
// Linking downcalls is a restricted operation: that is this class's whole purpose.
@SuppressWarnings("restricted")
public final class Libc {
    // socket(2) domains and types; values from <bits/socket.h> for Linux.
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int AF_INET6 = 10;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;

    // send/recv flags.
    public static final int MSG_DONTWAIT = 0x40;

    // poll(2).
    public static final int POLLIN = 0x1;
    public static final int POLLERR = 0x8;
    /** struct pollfd { int fd; short events; short revents; } */
    public static final long POLLFD_SIZE = 8;

    // mmap(2).
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_POPULATE = 0x8000;
    /** MAP_FAILED is (void *) -1. */
    public static final long MAP_FAILED = -1L;

    // open(2), setns(2), eventfd(2).
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private static final MethodHandle SOCKET =
            errnoCall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND =
            errnoCall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
            errnoCall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT =
            errnoCall("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MMAP = errnoCall(
            "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL =
            errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle POLL_NOW =
            criticalCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final FunctionDescriptor SENDTO_FD =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SENDTO = errnoCall("sendto", SENDTO_FD);
    private static final MethodHandle RECVFROM = errnoCall(
            "recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // ioctl(int fd, unsigned long request, ...): the argument pointer is variadic.
    private static final MethodHandle IOCTL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            ERRNO_OPT,
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IF_NAMETOINDEX =
            errnoCall("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SETNS = errnoCall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // open(const char *, int, ...): called without the optional mode, which O_RDONLY ignores.
    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SCHED_SETAFFINITY =
            errnoCall("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY =
            errnoCall("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle EVENTFD =
            errnoCall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WRITE =
            errnoCall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITEV =
            errnoCall("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("geteuid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPAGESIZE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("getpagesize").orElseThrow(), FunctionDescriptor.of(JAVA_INT));

    private Libc() {}

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO_OPT);
    }

    private static MethodHandle criticalCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO_OPT, CRITICAL);
    }

    /** A call-state segment: one per thread that makes calls (a worker keeps one for its life). */
    public static MemorySegment allocateCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno captured by the last call made with {@code callState}. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    // A downcall's invokeExact declares Throwable, but the linker only throws for a mismatched
    // call shape, which these fixed signatures rule out; hence the AssertionError.
    private static AssertionError unreachable(Throwable t) {
        return new AssertionError("downcall failed to link", t);
    }

    public static int socket(MemorySegment cs, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(cs, domain, type, protocol);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int bind(MemorySegment cs, int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) BIND.invokeExact(cs, fd, addr, addrLen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int setsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** {@code lenInOut} is a 4-byte socklen_t holding the buffer size in and the result size out. */
    public static int getsockopt(
            MemorySegment cs, int fd, int level, int name, MemorySegment value, MemorySegment lenInOut) {
        try {
            return (int) GETSOCKOPT.invokeExact(cs, fd, level, name, value, lenInOut);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** Returns the mapping's address as a zero-length segment; {@link #MAP_FAILED} on failure. */
    public static MemorySegment mmap(
            MemorySegment cs, MemorySegment addr, long len, int prot, int flags, int fd, long off) {
        try {
            return (MemorySegment) MMAP.invokeExact(cs, addr, len, prot, flags, fd, off);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int munmap(MemorySegment cs, MemorySegment addr, long len) {
        try {
            return (int) MUNMAP.invokeExact(cs, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** poll(2) that may block for {@code timeoutMillis} (−1: forever). */
    public static int poll(MemorySegment cs, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(cs, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** poll(2) with timeout 0, as a critical call: it never blocks. */
    public static int pollNow(MemorySegment cs, MemorySegment fds, long nfds) {
        try {
            return (int) POLL_NOW.invokeExact(cs, fds, nfds, 0);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static long sendto(
            MemorySegment cs, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try {
            return (long) SENDTO.invokeExact(cs, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static long recvfrom(
            MemorySegment cs,
            int fd,
            MemorySegment buf,
            long len,
            int flags,
            MemorySegment addr,
            MemorySegment addrLen) {
        try {
            return (long) RECVFROM.invokeExact(cs, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int close(MemorySegment cs, int fd) {
        try {
            return (int) CLOSE.invokeExact(cs, fd);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int ioctl(MemorySegment cs, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(cs, fd, request, arg);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** Interface index for a NUL-terminated name; 0 (errno ENODEV) when there is none. */
    public static int ifNameToIndex(MemorySegment cs, MemorySegment name) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(cs, name);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int setns(MemorySegment cs, int fd, int nsType) {
        try {
            return (int) SETNS.invokeExact(cs, fd, nsType);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int open(MemorySegment cs, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(cs, path, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** {@code pid} 0 is the calling thread (sched_setaffinity(2) works on threads). */
    public static int schedSetaffinity(MemorySegment cs, int pid, long maskSize, MemorySegment mask) {
        try {
            return (int) SCHED_SETAFFINITY.invokeExact(cs, pid, maskSize, mask);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int schedGetaffinity(MemorySegment cs, int pid, long maskSize, MemorySegment mask) {
        try {
            return (int) SCHED_GETAFFINITY.invokeExact(cs, pid, maskSize, mask);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int eventfd(MemorySegment cs, int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(cs, initval, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static long write(MemorySegment cs, int fd, MemorySegment buf, long len) {
        try {
            return (long) WRITE.invokeExact(cs, fd, buf, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** struct iovec: base pointer, length. */
    public static final int IOVEC_SIZE = 16;

    /** writev(2): {@code iov} holds {@code count} struct iovec ({@link #IOVEC_SIZE} bytes each). */
    public static long writev(MemorySegment cs, int fd, MemorySegment iov, int count) {
        try {
            return (long) WRITEV.invokeExact(cs, fd, iov, count);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** The MMU page size; ring blocks must be multiples of it. */
    public static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    // ---- control-plane conveniences: allocate freely, throw LinuxException ----

    /** Opens a socket or throws a {@link LinuxException} naming {@code familyName}. */
    public static int openSocket(int domain, int type, int protocol, String familyName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = allocateCallState(arena);
            int fd = socket(cs, domain, type, protocol);
            if (fd < 0) {
                throw LinuxException.socket(familyName, errno(cs));
            }
            return fd;
        }
    }

    /** setsockopt with an int value; {@code option} and {@code on} name it in the error message. */
    public static void setIntOption(int fd, int level, int name, int value, String option, String on) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = allocateCallState(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            if (setsockopt(cs, fd, level, name, v, 4) != 0) {
                throw LinuxException.setsockopt(option, on, errno(cs));
            }
        }
    }

    /** setsockopt with a struct value already laid out in {@code value}. */
    public static void setOption(int fd, int level, int name, MemorySegment value, String option, String on) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = allocateCallState(arena);
            if (setsockopt(cs, fd, level, name, value, Math.toIntExact(value.byteSize())) != 0) {
                throw LinuxException.setsockopt(option, on, errno(cs));
            }
        }
    }

    /** getsockopt with an int value. */
    public static int getIntOption(int fd, int level, int name, String option) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = allocateCallState(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            if (getsockopt(cs, fd, level, name, v, len) != 0) {
                throw LinuxException.failed("getsockopt(" + option + ")", errno(cs));
            }
            return v.get(JAVA_INT, 0);
        }
    }

    /** Closes {@code fd}, ignoring errors: close(2) failures carry nothing to act on. */
    public static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            close(allocateCallState(arena), fd);
        }
    }

    /** The index of interface {@code name} in the caller's network namespace. */
    public static int interfaceIndex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = allocateCallState(arena);
            int index = ifNameToIndex(cs, arena.allocateFrom(name));
            if (index == 0) {
                throw LinuxException.noSuchInterface(name, errno(cs));
            }
            return index;
        }
    }
}
