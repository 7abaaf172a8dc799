package io.jlvs.linux.route;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jlvs.core.route.RouteTable;
import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import io.jlvs.linux.netlink.NetlinkSocket;
import io.jlvs.linux.netlink.Rtnl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps a current {@link RouteTable} for one network namespace and says when it changes.
 *
 * <p>A netlink socket joined to the link, address and route groups of both families wakes a
 * dedicated platform thread; it reads every queued notification, then dumps the table afresh
 * and publishes it. Re-dumping rather than applying each notification is deliberate: a burst
 * (an interface going down takes its routes with it) costs one dump, and when notifications
 * were lost to a full socket buffer (ENOBUFS) a dump is the only way back to the truth. The
 * thread blocks in poll(2) on the netlink socket and an eventfd that {@link #close} signals.
 */
public final class RouteWatcher implements AutoCloseable {
    private final int table;
    private final NetlinkSocket events;
    private final NetlinkSocket dumps;
    private final Consumer<RouteTable> listener;
    private final Thread thread;
    private final int wakeFd;
    private volatile RouteTable current;
    private volatile long generation;
    private volatile long overruns;
    private volatile RuntimeException lastError;
    private volatile boolean closing;

    private RouteWatcher(int table, Consumer<RouteTable> listener) {
        this.table = table;
        this.listener = listener;
        // Both sockets are made here, on the caller's thread, so they belong to its namespace.
        this.events = NetlinkSocket.open();
        NetlinkSocket d = null;
        int w = -1;
        try {
            for (int group : new int[] {
                Rtnl.RTNLGRP_LINK,
                Rtnl.RTNLGRP_IPV4_IFADDR,
                Rtnl.RTNLGRP_IPV4_ROUTE,
                Rtnl.RTNLGRP_IPV6_IFADDR,
                Rtnl.RTNLGRP_IPV6_ROUTE
            }) {
                events.joinGroup(group);
            }
            d = NetlinkSocket.open();
            // Subscribe first, dump second: a change between the two is then seen twice, never
            // missed.
            this.current = Routes.read(d, table);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment cs = Libc.allocateCallState(a);
                w = Libc.eventfd(cs, 0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
                if (w < 0) {
                    throw LinuxException.failed("eventfd", Libc.errno(cs));
                }
            }
        } catch (RuntimeException e) {
            events.close();
            if (d != null) {
                d.close();
            }
            throw e;
        }
        this.dumps = d;
        this.wakeFd = w;
        this.thread = Thread.ofPlatform().name("jlvs-route-watcher").daemon().unstarted(this::run);
    }

    /**
     * Starts watching the main table of the calling thread's network namespace. The initial
     * table is read before this returns; {@code listener} runs on the watcher thread for every
     * later change.
     */
    public static RouteWatcher start(Consumer<RouteTable> listener) {
        return start(Rtnl.RT_TABLE_MAIN, listener);
    }

    public static RouteWatcher start(int table, Consumer<RouteTable> listener) {
        RouteWatcher w = new RouteWatcher(table, Objects.requireNonNull(listener));
        w.thread.start();
        return w;
    }

    /** The latest table. */
    public RouteTable current() {
        return current;
    }

    /** How many tables have been published after the initial one. */
    public long generation() {
        return generation;
    }

    /** Times notifications were lost to a full socket buffer (each answered by a dump). */
    public long overruns() {
        return overruns;
    }

    /** The last failure of a dump or of the listener, or null. The watcher keeps running. */
    public RuntimeException lastError() {
        return lastError;
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.allocateCallState(arena);
            MemorySegment fds = arena.allocate(2 * Libc.POLLFD_SIZE, 4);
            fds.set(JAVA_INT, 0, events.fd());
            fds.set(JAVA_SHORT, 4, (short) Libc.POLLIN);
            fds.set(JAVA_INT, 8, wakeFd);
            fds.set(JAVA_SHORT, 12, (short) Libc.POLLIN);
            while (!closing) {
                fds.set(JAVA_SHORT, 6, (short) 0);
                fds.set(JAVA_SHORT, 14, (short) 0);
                int r = Libc.poll(cs, fds, 2, -1);
                if (r < 0 && Libc.errno(cs) == Errno.EINTR) {
                    continue;
                }
                if (closing || (fds.get(JAVA_SHORT, 14) & Libc.POLLIN) != 0) {
                    break;
                }
                try {
                    int seen = events.drain(m -> true);
                    if (seen == -Errno.ENOBUFS) {
                        overruns++;
                    }
                    if (seen != 0) {
                        RouteTable t = Routes.read(dumps, table);
                        current = t;
                        generation++;
                        listener.accept(t);
                    }
                } catch (RuntimeException e) {
                    lastError = e;
                }
            }
        }
    }

    /** Stops the thread and closes the sockets. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            Libc.write(Libc.allocateCallState(a), wakeFd, one, 8);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        dumps.close();
        Libc.closeQuietly(wakeFd);
    }
}
