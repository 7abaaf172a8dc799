package io.jlvs.daemon.admin;

import io.jlvs.api.AdminJson;
import io.jlvs.api.AdminResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jlvsd's admin socket: a Unix domain socket of mode 0600, one virtual thread per connection,
 * newline-delimited JSON with one request and one response per connection.
 *
 * <p>The socket never exists with a wider mode, not even for an instant: it is bound inside a
 * fresh directory only the daemon's user can enter, narrowed to 0600, then renamed into place.
 */
public final class AdminServer implements AutoCloseable {
    /** Longest request accepted; a restore of tens of thousands of lines fits. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;

    /** How long a client may take to send its request before the connection is dropped. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final Path socket;
    private final ServerSocketChannel server;
    private final AdminHandler handler;
    private final AccessPolicy policy;
    private final ScheduledExecutorService timer;
    private final Thread acceptor;
    private volatile boolean closed;

    private AdminServer(Path socket, ServerSocketChannel server, AdminHandler handler, AccessPolicy policy) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.policy = policy;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("jlvsd-admin-timer").factory());
        this.acceptor = Thread.ofPlatform().daemon().name("jlvsd-admin-accept").unstarted(this::acceptLoop);
    }

    /**
     * Creates the socket at {@code path} (its directory too, if missing) and starts serving.
     *
     * @throws IOException if the socket cannot be created, or another jlvsd is listening there
     */
    public static AdminServer start(Path path, AdminHandler handler, AccessPolicy policy) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(policy, "policy");
        Path socket = path.toAbsolutePath();
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        removeStale(socket);
        Path staging = Files.createTempDirectory(
                dir, ".jlvsd-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            Path tmp = staging.resolve("s");
            server.bind(UnixDomainSocketAddress.of(tmp));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(staging.resolve("s"));
            Files.deleteIfExists(staging);
        }
        AdminServer s = new AdminServer(socket, server, handler, policy);
        s.acceptor.start();
        LOG.info("admin socket {}", socket);
        return s;
    }

    /** Where the socket is. */
    public Path socket() {
        return socket;
    }

    /** A socket left by a jlvsd that died is removed; a live one means another jlvsd runs. */
    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (answers(socket)) {
            throw new IOException(socket + " is in use: is another jlvsd running?");
        }
        Files.delete(socket);
    }

    /** Whether something listens on the socket at {@code path}. */
    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        long n = 0;
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("admin socket accept failed", e);
                }
                continue;
            }
            Thread.ofVirtual().name("jlvsd-admin-", n++).start(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            if (closed) {
                return;
            }
            boolean mayChange = mayChange(ch);
            ScheduledFuture<?> deadline = timer.schedule(
                    () -> {
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // Closing is the point; nothing more to do if it fails.
                        }
                    },
                    READ_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            byte[] line;
            try {
                line = readLine(ch);
            } finally {
                // The deadline is for reading the request only: a drain with --wait answers late.
                deadline.cancel(false);
            }
            AdminResponse response = line == null
                    ? AdminResponse.failure(
                            "jlvsd: request longer than " + MAX_REQUEST_BYTES + " bytes", AdminHandler.EXIT_BAD_REQUEST)
                    : handler.handle(line, mayChange);
            byte[] out = AdminJson.mapper().writeValueAsBytes(response);
            ByteBuffer buf = ByteBuffer.allocate(out.length + 1).put(out).put((byte) '\n');
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            LOG.debug("admin connection ended early", e);
        } catch (RejectedExecutionException e) {
            // The server closed between accepting this connection and serving it.
            LOG.debug("admin connection dropped at shutdown");
        }
    }

    private boolean mayChange(SocketChannel ch) throws IOException {
        UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return policy.mayChange(peer);
    }

    /** Bytes up to the first newline or the end of input; null if longer than the limit. */
    private static byte[] readLine(SocketChannel ch) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                return line.toByteArray();
            }
            byte[] a = buf.array();
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    line.write(a, 0, i);
                    return line.toByteArray();
                }
            }
            if (line.size() + n > MAX_REQUEST_BYTES) {
                return null;
            }
            line.write(a, 0, n);
        }
    }

    /** Stops serving and removes the socket. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        timer.shutdownNow();
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
