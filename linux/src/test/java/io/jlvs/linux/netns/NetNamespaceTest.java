package io.jlvs.linux.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.libc.LinuxException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@RequiresRootLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetNamespaceTest {
    NetnsLab lab;
    String nsA;
    String nsB;

    @BeforeAll
    void setUp() {
        lab = new NetnsLab();
        nsA = lab.namespace("a");
        nsB = lab.namespace("b");
        lab.veth(nsA, "va", nsB, "vb");
        lab.addr(nsA, "va", "10.77.3.1/24");
        lab.addr(nsB, "vb", "10.77.3.2/24");
    }

    @AfterAll
    void tearDown() {
        lab.close();
    }

    @Test
    void codeRunsInsideAndSocketsStayThere() throws Exception {
        try (NetNamespace a = NetNamespace.enter(nsA);
                NetNamespace b = NetNamespace.enter(nsB)) {
            assertThat(a.name()).isEqualTo(nsA);
            assertThat(a.call(() -> Interfaces.find("va"))).isPresent();
            assertThat(a.call(() -> Interfaces.find("vb"))).isEmpty();
            // Sockets made on the namespace threads, used from this one.
            try (DatagramSocket server = b.call(() -> new DatagramSocket(7777, InetAddress.getByName("10.77.3.2")));
                    DatagramSocket client = a.call(DatagramSocket::new)) {
                server.setSoTimeout(5000);
                byte[] msg = "across namespaces".getBytes(StandardCharsets.US_ASCII);
                client.send(new DatagramPacket(msg, msg.length, new InetSocketAddress("10.77.3.2", 7777)));
                DatagramPacket p = new DatagramPacket(new byte[64], 64);
                server.receive(p);
                assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII))
                        .isEqualTo("across namespaces");
                assertThat(p.getAddress().getHostAddress()).isEqualTo("10.77.3.1");
            }
        }
    }

    @Test
    void exceptionsComeBackToTheCaller() {
        try (NetNamespace a = NetNamespace.enter(nsA)) {
            assertThatThrownBy(() -> a.run(() -> {
                        throw new IllegalStateException("boom");
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("boom");
            assertThatThrownBy(() -> a.call(() -> {
                        throw new IOException("checked");
                    }))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IOException.class);
            // The thread survives a failed task.
            assertThat(a.call(() -> 42)).isEqualTo(42);
        }
    }

    @Test
    void aClosedNamespaceThreadRefusesWork() {
        NetNamespace a = NetNamespace.enter(nsA);
        a.close();
        assertThatThrownBy(() -> a.call(() -> 1)).isInstanceOf(IllegalStateException.class);
        a.close(); // idempotent
    }

    @Test
    void missingNamespaceIsNamed() {
        assertThatThrownBy(() -> NetNamespace.enter("jlt-no-such-ns"))
                .isInstanceOf(LinuxException.class)
                .hasMessage("network namespace jlt-no-such-ns not found"
                        + " (/run/netns/jlt-no-such-ns: ENOENT: No such file or directory)");
        assertThatThrownBy(() -> NetNamespace.enter("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unstartedThreadRunsTheBodyInside() throws Exception {
        AtomicReference<Boolean> sawVa = new AtomicReference<>();
        Thread t = NetNamespace.unstartedThread(
                nsA, "worker-0", () -> sawVa.set(Interfaces.find("va").isPresent()));
        assertThat(t.getName()).isEqualTo("worker-0");
        t.start();
        t.join(10_000);
        assertThat(sawVa.get()).isTrue();

        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        Thread bad = NetNamespace.unstartedThread("jlt-no-such-ns", "worker-x", () -> ran.set(true));
        bad.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        bad.start();
        bad.join(10_000);
        assertThat(ran.get()).isFalse();
        assertThat(failure.get()).isInstanceOf(LinuxException.class).hasMessageContaining("jlt-no-such-ns not found");
    }
}
