package io.jlvs.daemon.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.config.VirtualServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each checker against real loopback servers and real processes. */
class CheckersTest {
    static final String BODY = "hello from a real server\n";

    HttpServer http;
    int port;

    @BeforeEach
    void startServer() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/", ex -> {
            byte[] b = BODY.getBytes(StandardCharsets.US_ASCII);
            int code = ex.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            ex.getResponseHeaders().add("X-Host", ex.getRequestHeaders().getFirst("Host"));
            ex.sendResponseHeaders(code, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        http.start();
        port = http.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        http.stop(0);
    }

    static Check check(String checker) throws Exception {
        KeepalivedConfig cfg = ConfigLoader.parse(
                        Path.of("t.conf"),
                        "virtual_server 198.18.0.100 80 {\n lb_kind NAT\n protocol TCP\n delay_loop 3\n"
                                + " real_server 127.0.0.1 80 {\n" + checker + " }\n}\n")
                .config();
        VirtualServer vs = cfg.virtualServers().getFirst();
        ScriptRunner scripts = new ScriptRunner(Optional.empty(), Optional.empty());
        return CheckFactory.standard(scripts)
                .create(vs, vs.realServers().getFirst().checkers().getFirst())
                .orElseThrow();
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void tcpCheckConnectsOrIsRefused() throws Exception {
        assertThat(check("TCP_CHECK {\n connect_port " + port + "\n}\n").run().ok())
                .isTrue();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CheckResult r = check("TCP_CHECK {\n connect_port " + closed + "\n}\n").run();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("refused");
    }

    @Test
    void httpGetChecksStatusDigestAndRegex() throws Exception {
        String ok = "HTTP_GET {\n connect_port " + port + "\n url {\n  path /\n  digest " + md5(BODY) + "\n }\n}\n";
        assertThat(check(ok).run())
                .satisfies(r -> assertThat(r.ok()).as(r.detail()).isTrue());

        CheckResult digest = check(ok.replace(md5(BODY), md5("something else"))).run();
        assertThat(digest.reason()).isEqualTo("digest");
        assertThat(digest.detail()).contains(md5(BODY));

        CheckResult status = check("HTTP_GET {\n connect_port " + port + "\n url {\n  path /missing\n }\n}\n")
                .run();
        assertThat(status.reason()).isEqualTo("status_code");
        assertThat(status.detail()).contains("404").contains("200-299");
        assertThat(check("HTTP_GET {\n connect_port " + port + "\n url {\n  path /missing\n  status_code 404\n }\n}\n")
                        .run()
                        .ok())
                .isTrue();

        String regex = "HTTP_GET {\n connect_port " + port + "\n url {\n  path /\n  regex \"real server\"\n }\n}\n";
        assertThat(check(regex).run().ok()).isTrue();
        assertThat(check(regex.replace("real server", "no such text")).run().reason())
                .isEqualTo("regex");
        assertThat(check(regex.replace("  regex", "  regex_no_match\n  regex"))
                        .run()
                        .reason())
                .isEqualTo("regex");
    }

    @Test
    void aResponseEndsAtItsContentLengthWithoutWaitingForTheClose() throws Exception {
        try (ServerSocket keepsOpen = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (var c = keepsOpen.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    c.getOutputStream()
                            .write(("HTTP/1.1 200 OK\r\nServer: test\r\ncontent-length: " + BODY.length() + "\r\n\r\n"
                                            + BODY)
                                    .getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(5000); // holds the connection open past the connect timeout
                } catch (Exception e) {
                    // the check's own result says what went wrong
                }
            });
            CheckResult r = check("HTTP_GET {\n connect_port " + keepsOpen.getLocalPort()
                            + "\n connect_timeout 1\n url {\n  path /\n  digest " + md5(BODY) + "\n }\n}\n")
                    .run();
            assertThat(r.ok()).as(r.detail()).isTrue();
            server.interrupt();
        }
    }

    @Test
    void anEndpointThatNeverAnswersTimesOutAfterTheConnectTimeout() throws Exception {
        // A listener that never accepts: the kernel completes the handshake, nobody answers.
        try (ServerSocket hang = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            CheckResult r = check("HTTP_GET {\n connect_port " + hang.getLocalPort()
                            + "\n connect_timeout 1\n url {\n  path /\n }\n}\n")
                    .run();
            double took = (System.nanoTime() - t0) / 1e9;
            assertThat(r.reason()).isEqualTo("timeout");
            assertThat(took).isBetween(0.9, 10.0);
        }
    }

    @Test
    void miscCheckExitCodesAndDynamicWeights(@TempDir Path dir) throws Exception {
        assertThat(check("MISC_CHECK {\n misc_path /bin/true\n}\n").run().ok()).isTrue();
        CheckResult failed = check("MISC_CHECK {\n misc_path /bin/false\n}\n").run();
        assertThat(failed.reason()).isEqualTo("exit_code");
        CheckResult dynamic = check("MISC_CHECK {\n misc_path \"/bin/sh -c 'exit 12'\"\n misc_dynamic\n}\n")
                .run();
        assertThat(dynamic.ok()).isTrue();
        assertThat(dynamic.weight()).isEqualTo(10);
        // Without misc_dynamic, 12 is just a failure.
        assertThat(check("MISC_CHECK {\n misc_path \"/bin/sh -c 'exit 12'\"\n}\n")
                        .run()
                        .ok())
                .isFalse();
    }

    @Test
    void aHangingMiscScriptIsKilledWithItsChildren(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");
        long t0 = System.nanoTime();
        CheckResult r = check("MISC_CHECK {\n misc_path \"/bin/sh -c 'sleep 300 & echo $! > " + pid
                        + "; wait'\"\n misc_timeout 1\n}\n")
                .run();
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(r.reason()).isEqualTo("timeout");
        assertThat(took).isLessThan(30);
        long child = Long.parseLong(Files.readString(pid).trim());
        Thread.sleep(200);
        assertThat(running(child)).isFalse();
    }

    /** Alive and not a zombie waiting for a reaper (ProcessHandle counts zombies as alive). */
    private static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }

    @Test
    void udpCheckSeesThePortUnreachable() throws Exception {
        int closed;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            closed = s.getLocalPort();
        }
        CheckResult r = check("UDP_CHECK {\n connect_port " + closed + "\n connect_timeout 2\n}\n")
                .run();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("refused");
        try (java.net.DatagramSocket echo = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    byte[] b = new byte[100];
                    var p = new java.net.DatagramPacket(b, b.length);
                    echo.receive(p);
                    echo.send(new java.net.DatagramPacket(new byte[] {(byte) 0xAB, 0x12}, 2, p.getSocketAddress()));
                } catch (java.io.IOException e) {
                    // the test fails on its own
                }
            });
            CheckResult ok = check("UDP_CHECK {\n connect_port " + echo.getLocalPort()
                            + "\n require_reply ab1x\n connect_timeout 2\n}\n")
                    .run();
            assertThat(ok.ok()).as(ok.detail()).isTrue();
            t.join();
        }
    }
}
