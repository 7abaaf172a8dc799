package io.jlvs.daemon.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * Read-only HTTP for scrapers: {@code GET /metrics} in the Prometheus text format. It listens on
 * loopback by default (jlvs_defs {@code metrics_listen}); changes go through the admin socket only.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(InetSocketAddress listen, JlvsMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(listen, 16);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", ex -> {
            try (ex) {
                if (!ex.getRequestMethod().equals("GET")
                        && !ex.getRequestMethod().equals("HEAD")) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
                writer.write(body, metrics.collect());
                ex.getResponseHeaders().set("Content-Type", writer.getContentType());
                ex.sendResponseHeaders(200, body.size());
                try (OutputStream out = ex.getResponseBody()) {
                    body.writeTo(out);
                }
            }
        });
        server.createContext("/", ex -> {
            try (ex) {
                ex.sendResponseHeaders(404, -1);
            }
        });
        server.start();
        return new MetricsServer(server);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
