package io.jlvs.linux.netns;

import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}, i.e. the file
 * /run/netns/NAME) on a dedicated platform thread that has entered it with setns(2).
 *
 * <p>setns(CLONE_NEWNET) changes the namespace of the calling <em>thread</em> only, and a
 * socket belongs to the namespace it was created in for its whole life. So a socket opened
 * through {@link #call} stays in the namespace and can then be used from any thread; the
 * JDK's own sockets (DatagramSocket, ServerSocket) made on the thread behave the same way.
 * Virtual threads cannot be used for this: they move between carrier threads.
 */
public final class NetNamespace implements AutoCloseable {
    /** Where iproute2 keeps named namespaces (ip-netns(8)). */
    public static final String NETNS_RUN_DIR = "/run/netns/";

    private static final FutureTask<Object> STOP = new FutureTask<>(() -> null);

    private final String name;
    private final BlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    private NetNamespace(String name) {
        this.name = name;
        CompletableFuture<Void> entered = new CompletableFuture<>();
        this.thread = Thread.ofPlatform().name("netns-" + name).daemon().start(() -> {
            try {
                setns(name);
                entered.complete(null);
            } catch (RuntimeException e) {
                entered.completeExceptionally(e);
                return;
            }
            serve();
        });
        try {
            entered.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * Starts a thread inside namespace {@code name}.
     *
     * @throws LinuxException "network namespace NAME not found" when /run/netns/NAME does not
     *     exist, or when setns(2) is refused (it needs CAP_SYS_ADMIN)
     */
    public static NetNamespace enter(String name) {
        Objects.requireNonNull(name);
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace name: " + name);
        }
        return new NetNamespace(name);
    }

    /**
     * A new, not yet started, platform thread that will enter namespace {@code name} and then run
     * {@code body}: for a worker that should live in the namespace for good. If entering fails,
     * {@code body} never runs and the thread ends with the {@link LinuxException} as its uncaught
     * exception (set a handler before starting it to act on that).
     */
    public static Thread unstartedThread(String name, String threadName, Runnable body) {
        Objects.requireNonNull(body);
        return Thread.ofPlatform().name(threadName).unstarted(() -> {
            setns(name);
            body.run();
        });
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code task} on the namespace's thread and returns its result. Runtime exceptions and
     * errors propagate as they are; checked exceptions arrive wrapped in a
     * CompletionException.
     */
    public <T> T call(Callable<T> task) {
        if (closed) {
            throw new IllegalStateException("namespace thread for " + name + " is closed");
        }
        FutureTask<T> f = new FutureTask<>(task);
        tasks.add(f);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new CompletionException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Runs {@code task} on the namespace's thread and waits for it. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private void serve() {
        while (true) {
            FutureTask<?> t;
            try {
                t = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            if (t == STOP) {
                return;
            }
            t.run();
        }
    }

    /** Enters /run/netns/NAME on the calling (platform) thread. */
    public static void setns(String name) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("setns on a virtual thread would move its carrier, not it");
        }
        String path = NETNS_RUN_DIR + name;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.allocateCallState(arena);
            int fd = Libc.open(cs, arena.allocateFrom(path), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0) {
                int errno = Libc.errno(cs);
                if (errno == Errno.ENOENT) {
                    throw new LinuxException(
                            "network namespace " + name + " not found (" + path + ": " + Errno.describe(errno) + ")",
                            errno);
                }
                throw LinuxException.failed("opening " + path, errno);
            }
            try {
                if (Libc.setns(cs, fd, Libc.CLONE_NEWNET) != 0) {
                    int errno = Libc.errno(cs);
                    if (errno == Errno.EPERM) {
                        throw new LinuxException(
                                "entering network namespace " + name + " needs CAP_SYS_ADMIN (run as root) ("
                                        + Errno.describe(errno) + ")",
                                errno);
                    }
                    throw LinuxException.failed("setns(" + path + ")", errno);
                }
            } finally {
                Libc.closeQuietly(fd);
            }
        }
    }

    /** Stops the namespace's thread after the tasks already queued. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tasks.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
