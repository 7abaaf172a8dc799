package io.jlvs.bench.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The references jlvsd's checkers are measured against: the same checks (a TCP connect and close
 * for the even servers; for the odd ones an HTTP/1.0 GET whose body is read to the end and hashed
 * with MD5, as HTTP_GET does) at the same rate and on the same 20 ms grid, with nothing of jlvs
 * around them. {@link Mode#PLATFORM} runs each slot's checks one after another on one platform
 * thread with blocking sockets: the least a JVM can spend on these checks (a hanging server would
 * hold up every check behind it, which is why no checker works that way). {@link Mode#VIRTUAL}
 * starts one virtual thread per check, all of a slot's at once, and waits for them: what the
 * virtual-thread model itself costs.
 */
final class BareCheckers implements Checkers {
    enum Mode {
        PLATFORM,
        VIRTUAL
    }

    private static final long SLOT_NANOS = 20_000_000L;
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private final int count;
    private final int base;
    private final Mode mode;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread loop;
    private volatile boolean running = true;

    BareCheckers(int count, int base, Mode mode) {
        this.count = count;
        this.base = base;
        this.mode = mode;
        this.loop = Thread.ofPlatform().name("bare-checkers").start(this::loop);
    }

    private void loop() {
        int perSlot = (int) Math.max(1, count * SLOT_NANOS / 1_000_000_000L);
        int next = 0;
        List<Thread> slot = new ArrayList<>(perSlot);
        try {
            while (running) {
                for (int k = 0; k < perSlot; k++, next = (next + 1) % count) {
                    int server = next;
                    if (mode == Mode.VIRTUAL) {
                        slot.add(Thread.startVirtualThread(() -> check(server)));
                    } else {
                        check(server);
                    }
                }
                for (Thread t : slot) {
                    t.join();
                }
                slot.clear();
                long now = System.nanoTime();
                Thread.sleep((Math.ceilDiv(now + 1, SLOT_NANOS) * SLOT_NANOS - now) / 1_000_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(int server) {
        try (Socket s = new Socket(Proxy.NO_PROXY)) {
            s.setSoTimeout(1000);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + server), 1000);
            if (server % 2 == 1) {
                s.getOutputStream().write(REQUEST);
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md5.update(buf, 0, n);
                }
                md5.digest();
            }
            checks.incrementAndGet();
        } catch (IOException | NoSuchAlgorithmException e) {
            failed.incrementAndGet();
            checks.incrementAndGet();
        }
    }

    @Override
    public long checks() {
        return checks.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public long changes() {
        return 0;
    }

    @Override
    public void close() {
        running = false;
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
