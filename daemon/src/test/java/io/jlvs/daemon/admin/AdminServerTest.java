package io.jlvs.daemon.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.api.Address;
import io.jlvs.api.AdminClient;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminException;
import io.jlvs.api.AdminJson;
import io.jlvs.api.AdminResponse;
import io.jlvs.api.Protocol;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.Registry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);

    @TempDir
    Path dir;

    private Registry registry;
    private AdminServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        registry = new Registry(4096, new CounterStatsSource());
        socket = dir.resolve("run/jlvsd.sock");
        server = AdminServer.start(socket, new AdminHandler(registry, null), AccessPolicy.rootOrDaemonUser());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static byte[] raw(Path socket, byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer b = ByteBuffer.wrap(request);
            try {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.shutdownOutput();
            } catch (IOException e) {
                // The server stops reading an oversized request and answers at once; what it
                // wrote is still there to read.
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Channels.newInputStream(ch).transferTo(out);
            return out.toByteArray();
        }
    }

    @Test
    void theSocketIsMode0600AndOwnedByTheDaemonUser() throws IOException {
        assertThat(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName())
                .isEqualTo(System.getProperty("user.name"));
        assertThat(Files.readAttributes(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS)
                        .get("mode"))
                .as("a socket file, S_IFSOCK | 0600")
                .isEqualTo(0140600);
        try (var left = Files.list(socket.getParent())) {
            assertThat(left).as("no staging directory is left behind").containsExactly(socket);
        }
    }

    @Test
    void aClientChangesAndReadsTheTable() throws Exception {
        AdminClient client = new AdminClient(socket);
        client.execute(new AdminCommand.AddService(ServiceConfig.of(WEB).withScheduler("rr")));
        assertThat(client.list().services())
                .singleElement()
                .satisfies(s -> assertThat(s.config().scheduler()).isEqualTo("rr"));
        assertThatThrownBy(() -> client.execute(new AdminCommand.AddService(ServiceConfig.of(WEB))))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Service already exists");
                    assertThat(e.exitCode()).isEqualTo(255);
                });
        assertThat(client.timeouts().tcp()).isEqualTo(900);
        assertThat(client.connections()).isEmpty();
    }

    @Test
    void malformedJsonGetsAnErrorAndTheServerKeepsServing() throws Exception {
        var before = registry.snapshot();
        for (String junk : List.of("{{{{\n", "\n", "{\"op\":\"add-service\",\"args\":[]}\n", "\u00ff\u00fe\n")) {
            byte[] answer = raw(socket, junk.getBytes(UTF_8));
            AdminResponse r = AdminJson.mapper().readValue(answer, AdminResponse.class);
            assertThat(r.ok()).as(junk).isFalse();
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(answer[answer.length - 1]).as("one response line").isEqualTo((byte) '\n');
        }
        assertThat(raw(socket, new byte[0]))
                .as("an empty request still gets an answer")
                .isNotEmpty();
        assertThat(registry.snapshot()).isSameAs(before);
        assertThat(new AdminClient(socket).list().services()).isEmpty();
    }

    @Test
    void anOversizedRequestIsRefused() throws Exception {
        byte[] big = new byte[AdminServer.MAX_REQUEST_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        AdminResponse r = AdminJson.mapper().readValue(raw(socket, big), AdminResponse.class);
        assertThat(r.error()).startsWith("jlvsd: request longer than");
    }

    @Test
    void connectionsAreServedConcurrently() throws Exception {
        AdminClient client = new AdminClient(socket);
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                ServiceKey k = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), i);
                Callable<Boolean> task = () -> {
                    client.execute(new AdminCommand.AddService(ServiceConfig.of(k)));
                    return true;
                };
                results.add(pool.submit(task));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        }
        assertThat(client.list().services()).hasSize(40);
    }

    @Test
    void aStaleSocketIsReplacedButALiveOneIsNot() throws Exception {
        assertThatThrownBy(() -> AdminServer.start(socket, new AdminHandler(registry, null), p -> true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is another jlvsd running?");
        server.close();
        assertThat(socket).doesNotExist();
        // A jlvsd killed with SIGKILL leaves its socket file; the next one takes the path over.
        try (var dead = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        server = AdminServer.start(socket, new AdminHandler(registry, null), AccessPolicy.rootOrDaemonUser());
        assertThat(new AdminClient(socket).list().services()).isEmpty();
    }

    @Test
    void aPeerThePolicyRefusesCanReadButNotChange() throws Exception {
        server.close();
        server = AdminServer.start(socket, new AdminHandler(registry, null), peer -> false);
        AdminClient client = new AdminClient(socket);
        assertThat(client.list().services()).isEmpty();
        assertThatThrownBy(() -> client.execute(new AdminCommand.Clear()))
                .hasMessage("Permission denied (you must be root)");
    }

    @Test
    void theDefaultPolicyKnowsTheDaemonUser() throws Exception {
        var lookup = dir.getFileSystem().getUserPrincipalLookupService();
        var self = lookup.lookupPrincipalByName(System.getProperty("user.name"));
        var group = lookup.lookupPrincipalByGroupName("root");
        assertThat(AccessPolicy.rootOrDaemonUser().mayChange(new jdk.net.UnixDomainPrincipal(self, group)))
                .isTrue();
        var nobody = lookup.lookupPrincipalByName("nobody");
        assertThat(AccessPolicy.rootOrDaemonUser().mayChange(new jdk.net.UnixDomainPrincipal(nobody, group)))
                .isFalse();
    }
}
