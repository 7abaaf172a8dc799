/*
 * The lab's fallback real server, used where nginx is absent (or JLVS_LAB_BACKEND=java).
 * Serves what the lab's nginx serves: "/" and "/name" (the server's name), "/100k" (100 KiB),
 * "/slow" (20 KiB at about 4 KiB/s). Run by lab/lab.sh with the JDK 25 source launcher.
 */
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.FileOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

public final class LabBackend {
    public static void main(String[] args) throws IOException {
        String name = null;
        int port = 80;
        Path www = null;
        String log = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--name" -> name = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--www" -> www = Path.of(args[i + 1]);
                case "--log" -> log = args[i + 1];
                default -> {
                    System.err.println("LabBackend: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (name == null || www == null || log == null) {
            System.err.println("usage: LabBackend --name NAME --port PORT --www DIR --log FILE");
            System.exit(2);
        }
        byte[] nameBody = (name + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] big = Files.readAllBytes(www.resolve("100k"));
        byte[] slow = Files.readAllBytes(www.resolve("slow"));
        PrintStream access = new PrintStream(new FileOutputStream(log, true), true, StandardCharsets.UTF_8);

        // The wildcard IPv6 socket is dual-stack, so one listener takes IPv4 and IPv6 clients.
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "/name" -> send(ex, access, 200, nameBody);
                case "/100k" -> send(ex, access, 200, big);
                case "/slow" -> sendSlowly(ex, access, slow);
                default -> send(ex, access, 404, "not found\n".getBytes(StandardCharsets.US_ASCII));
            }
        });
        server.start();
        System.err.println("LabBackend " + name + " listening on port " + port);
    }

    private static void send(HttpExchange ex, PrintStream access, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        logLine(ex, access, status, body.length);
    }

    private static void sendSlowly(HttpExchange ex, PrintStream access, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            for (int off = 0; off < body.length; off += 1024) {
                out.write(body, off, Math.min(1024, body.length - off));
                out.flush();
                if (off + 1024 < body.length) {
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logLine(ex, access, 200, body.length);
    }

    private static void logLine(HttpExchange ex, PrintStream access, int status, int bytes) {
        InetSocketAddress peer = ex.getRemoteAddress();
        access.println(rfc5952(peer.getAddress().getHostAddress()) + " " + peer.getPort() + " \"" + ex.getRequestMethod() + " "
                + ex.getRequestURI() + " " + ex.getProtocol() + "\" " + status + " " + bytes);
    }

    /** Logs addresses the way nginx does (RFC 5952: longest zero run compressed, lowercase). */
    static String rfc5952(String address) {
        if (!address.contains(":")) {
            return address;
        }
        int scope = address.indexOf('%');
        String[] groups = (scope < 0 ? address : address.substring(0, scope)).split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].replace("0", "").isEmpty()) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].replace("0", "").isEmpty()) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < groups.length - 1) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
