package io.jlvs.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A NETLINK_ROUTE socket in the network namespace of the thread that opened it: dumps
 * (RTM_GETLINK/GETADDR/GETROUTE) and change notifications (multicast groups). Control plane;
 * one thread at a time.
 *
 * <p>Messages are parsed in the receive buffer with {@link NetlinkMessage} and {@link
 * RtAttribute}; a message whose lengths do not add up is skipped and counted ({@link
 * #malformed()}), never thrown — a netlink reader that dies on one odd message stops seeing
 * route changes altogether.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** Large enough for any dump skb the kernel builds (it sizes them to 32 KiB at most). */
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Enough to hold a burst of route notifications without ENOBUFS. */
    private static final int RCVBUF = 1 << 20;

    /** Sees each message of a dump or notification batch. */
    @FunctionalInterface
    public interface Visitor {
        /** Returns false when the message is malformed; it is then counted and skipped. */
        boolean onMessage(NetlinkMessage message);
    }

    private final Arena arena;
    private final int fd;
    private final MemorySegment buffer;
    private final MemorySegment callState;
    private final NetlinkMessage message = new NetlinkMessage();
    private int seq;
    private long malformed;
    private boolean closed;

    private NetlinkSocket(Arena arena, int fd) {
        this.arena = arena;
        this.fd = fd;
        this.buffer = arena.allocate(BUFFER_SIZE, 8);
        this.callState = Libc.allocateCallState(arena);
    }

    /** Opens and binds a NETLINK_ROUTE socket (the kernel picks the port id). */
    public static NetlinkSocket open() {
        int fd = Libc.openSocket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE, "AF_NETLINK");
        Arena arena = Arena.ofShared();
        try {
            MemorySegment sa = arena.allocate(12, 4); // struct sockaddr_nl, all zero but family
            sa.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            MemorySegment cs = Libc.allocateCallState(arena);
            if (Libc.bind(cs, fd, sa, 12) != 0) {
                throw LinuxException.failed("binding netlink socket", Libc.errno(cs));
            }
            return new NetlinkSocket(arena, fd);
        } catch (RuntimeException e) {
            arena.close();
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    public int fd() {
        return fd;
    }

    /** Messages skipped because their lengths or attributes did not add up. */
    public long malformed() {
        return malformed;
    }

    /**
     * Subscribes to an rtnetlink multicast group (Rtnl.RTNLGRP_*), and raises the receive
     * buffer so a burst of changes is not lost.
     */
    public void joinGroup(int group) {
        String on = "netlink socket";
        try {
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, RCVBUF, "SO_RCVBUFFORCE", on);
        } catch (LinuxException e) {
            // Without CAP_NET_ADMIN the forced size is refused; the capped one still helps.
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, RCVBUF, "SO_RCVBUF", on);
        }
        Libc.setIntOption(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_ADD_MEMBERSHIP, group, "NETLINK_ADD_MEMBERSHIP", on);
    }

    /**
     * Dumps one object kind: sends {@code type} (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE) with a
     * zeroed fixed header of {@code headerSize} bytes whose first byte is {@code family}, and
     * passes each answer to {@code visitor}.
     *
     * @return false when the kernel flagged the dump as interrupted by a concurrent change
     *     (NLM_F_DUMP_INTR); the caller should discard what it saw and dump again
     * @throws LinuxException when the kernel answers the request with an error
     */
    public boolean dump(int type, int family, int headerSize, Visitor visitor) {
        int mySeq = ++seq;
        int len = NetlinkMessage.HEADER_SIZE + headerSize;
        MemorySegment req = buffer.asSlice(0, len);
        req.fill((byte) 0);
        req.set(JAVA_INT, 0, len);
        req.set(JAVA_SHORT, 4, (short) type);
        req.set(JAVA_SHORT, 6, (short) (NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP));
        req.set(JAVA_INT, 8, mySeq);
        req.set(JAVA_BYTE, NetlinkMessage.HEADER_SIZE, (byte) family);
        if (Libc.sendto(callState, fd, req, len, 0, MemorySegment.NULL, 0) < 0) {
            throw LinuxException.failed("sending rtnetlink dump request " + type, Libc.errno(callState));
        }
        DumpState state = new DumpState(mySeq, visitor);
        while (!state.done) {
            long n = recv(0);
            if (n < 0) {
                int errno = (int) -n;
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw LinuxException.failed("reading rtnetlink dump " + type, errno);
            }
            malformed += walk(message, buffer, n, state);
            if (state.error != 0) {
                throw LinuxException.failed("rtnetlink dump " + type, state.error);
            }
        }
        return state.consistent;
    }

    /** Follows one dump's answers: its sequence number, its end, its errors. */
    private static final class DumpState implements Visitor {
        private final int seq;
        private final Visitor visitor;
        boolean done;
        boolean consistent = true;
        int error;

        DumpState(int seq, Visitor visitor) {
            this.seq = seq;
            this.visitor = visitor;
        }

        @Override
        public boolean onMessage(NetlinkMessage m) {
            if (m.seq() != seq || done) {
                return true; // a late answer to an earlier request
            }
            if ((m.flags() & NetlinkMessage.NLM_F_DUMP_INTR) != 0) {
                consistent = false;
            }
            return switch (m.type()) {
                case NetlinkMessage.NLMSG_DONE -> {
                    done = true;
                    yield true;
                }
                case NetlinkMessage.NLMSG_ERROR -> {
                    int err = m.errorCode();
                    if (err < 0) {
                        error = -err;
                        done = true;
                    }
                    yield err <= 0;
                }
                case NetlinkMessage.NLMSG_NOOP, NetlinkMessage.NLMSG_OVERRUN -> true;
                default -> visitor.onMessage(m);
            };
        }
    }

    /**
     * Passes each message of one received datagram ({@code length} bytes of {@code buf}) to
     * {@code visitor}. Returns how many were malformed: refused by the visitor, or a header
     * that does not fit — after which the rest of the datagram has no trustworthy boundaries
     * and is skipped as one.
     */
    public static int walk(NetlinkMessage cursor, MemorySegment buf, long length, Visitor visitor) {
        int bad = 0;
        long off = 0;
        while (off < length) {
            if (!cursor.wrap(buf, off, length)) {
                return bad + 1;
            }
            off = cursor.next();
            if (!visitor.onMessage(cursor)) {
                bad++;
            }
        }
        return bad;
    }

    /**
     * Reads every notification already queued, without waiting, passing each to {@code
     * visitor}. Returns the number of messages seen, or −ENOBUFS when the kernel had to drop
     * notifications because the socket buffer was full — then only a fresh dump tells the truth.
     */
    public int drain(Visitor visitor) {
        int seen = 0;
        boolean overrun = false;
        while (true) {
            long n = recv(Libc.MSG_DONTWAIT);
            if (n < 0) {
                int errno = (int) -n;
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno == Errno.ENOBUFS) {
                    overrun = true;
                    continue;
                }
                if (errno == Errno.EAGAIN) {
                    return overrun ? -Errno.ENOBUFS : seen;
                }
                throw LinuxException.failed("reading rtnetlink notifications", errno);
            }
            int[] count = {0};
            malformed += walk(message, buffer, n, m -> {
                count[0]++;
                return m.type() < Rtnl.RTM_NEWLINK || visitor.onMessage(m);
            });
            seen += count[0];
        }
    }

    private long recv(int flags) {
        long n = Libc.recvfrom(callState, fd, buffer, BUFFER_SIZE, flags, MemorySegment.NULL, MemorySegment.NULL);
        return n < 0 ? -Libc.errno(callState) : n;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Libc.closeQuietly(fd);
        arena.close();
    }
}
