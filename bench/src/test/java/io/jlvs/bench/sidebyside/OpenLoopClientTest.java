package io.jlvs.bench.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLoopClientTest {
    @Test
    void sendsAtTheRateItWasGivenAndTimesEveryAnswer(@TempDir Path dir) throws IOException {
        AtomicLong served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", ex -> {
            byte[] body = "rs1\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
            served.incrementAndGet();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        try {
            OpenLoopClient.Options o = new OpenLoopClient.Options(
                    List.of(new InetSocketAddress(
                            InetAddress.getLoopbackAddress(),
                            server.getAddress().getPort())),
                    "/",
                    500,
                    4,
                    0.2,
                    1.0,
                    dir.resolve("out.json"));
            OpenLoopClient.Result r = OpenLoopClient.run(o);
            // 1.2 s at 500/s: 600 due, of which the last second's 500 are recorded.
            assertThat(r.sent()).isEqualTo(600);
            assertThat(r.errors()).isZero();
            assertThat(r.completed() + r.incomplete()).isEqualTo(600);
            assertThat(served.get()).isGreaterThanOrEqualTo(r.completed());
            assertThat(r.latencies().length).isBetween(450, 500);
            assertThat(r.achievedRate()).isBetween(450.0, 500.0);
            assertThat(r.percentile(50)).isPositive().isLessThanOrEqualTo(r.percentile(99));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void findsTheEndOfTheHeadAndTheBodyLength() {
        ByteBuffer b = ByteBuffer.wrap(
                "HTTP/1.1 200 OK\r\ncontent-length: 102400\r\nServer: x\r\n\r\nxx".getBytes(StandardCharsets.US_ASCII));
        int end = OpenLoopClient.headerEnd(b);
        assertThat(end).isEqualTo(b.limit() - 6);
        assertThat(OpenLoopClient.contentLength("HTTP/1.1 200 OK\r\ncontent-length: 102400\r\nServer: x"))
                .isEqualTo(102400);
        assertThat(OpenLoopClient.headerEnd(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(-1);
    }

    @Test
    void refusesOptionsItCannotUse() {
        assertThatThrownBy(() -> OpenLoopClient.parse("--targets", "198.18.0.100", "--json", "x"))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> OpenLoopClient.parse("--targets", "198.18.0.100", "--rate", "0", "--json", "x"))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> OpenLoopClient.parse("--bogus", "1")).hasMessageContaining("unexpected");
        assertThat(OpenLoopClient.parse("--targets", "198.18.1.11,198.18.1.12", "--rate", "100", "--json", "x")
                        .targets())
                .hasSize(2);
    }
}
