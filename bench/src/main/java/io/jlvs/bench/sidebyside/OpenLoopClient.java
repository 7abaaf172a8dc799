package io.jlvs.bench.sidebyside;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed-rate (open-loop) HTTP/1.1 keep-alive client, wrk2's idea in a few lines of NIO, for the
 * latency-under-load cells of side-by-side.sh (wrk2 is not packaged by Debian).
 *
 * <p>Request {@code i} is due at {@code start + i / rate}, whatever happened to earlier ones, and
 * goes out on connection {@code i mod connections} (pipelined behind any still unanswered). Its
 * latency is measured from when it was due, not from when it could be sent, so a stall of the
 * path under test shows in the percentiles instead of silently slowing the client down
 * (coordinated omission). Requests due during the warm-up are sent but not recorded.
 *
 * <p>One thread, one selector, busy-polling: the client core is the client's alone.
 */
public final class OpenLoopClient {
    /**
     * What to do.
     *
     * @param targets addresses; connection k goes to {@code targets[k mod n]}
     * @param path the request path
     * @param rate requests per second, over all connections
     * @param connections keep-alive connections
     * @param warmupSeconds sent at the rate but not recorded
     * @param seconds recorded
     * @param json where the result goes
     */
    public record Options(
            List<InetSocketAddress> targets,
            String path,
            double rate,
            int connections,
            double warmupSeconds,
            double seconds,
            Path json) {
        public Options {
            targets = List.copyOf(targets);
            if (targets.isEmpty() || rate <= 0 || connections < 1 || seconds <= 0 || warmupSeconds < 0) {
                throw new IllegalArgumentException("need targets, and positive --rate, --connections, --seconds");
            }
        }
    }

    static final String USAGE = "usage: OpenLoopClient --targets A.B.C.D[,...] --rate N [--port 80] [--path /]"
            + " [--connections 64] [--warmup 3] [--seconds 10] --json FILE";

    /** Parses {@code --option value} pairs. */
    public static Options parse(String... args) {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> known = List.of("targets", "rate", "port", "path", "connections", "warmup", "seconds", "json");
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected '" + args[i] + "'\n" + USAGE);
            }
            m.put(name, args[i + 1]);
        }
        for (String required : List.of("targets", "rate", "json")) {
            if (!m.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required\n" + USAGE);
            }
        }
        int port = Integer.parseInt(m.getOrDefault("port", "80"));
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String t : m.get("targets").split(",")) {
            targets.add(new InetSocketAddress(t.strip(), port));
        }
        return new Options(
                targets,
                m.getOrDefault("path", "/"),
                Double.parseDouble(m.get("rate")),
                Integer.parseInt(m.getOrDefault("connections", "64")),
                Double.parseDouble(m.getOrDefault("warmup", "3")),
                Double.parseDouble(m.getOrDefault("seconds", "10")),
                Path.of(m.get("json")));
    }

    /** The outcome of a run; latencies in nanoseconds, sorted. */
    public record Result(
            Options options,
            long sent,
            long completed,
            long errors,
            long incomplete,
            long[] latencies,
            long maxLagNanos) {
        public double achievedRate() {
            return latencies.length / options.seconds();
        }

        /** The q-th percentile (0 < q ≤ 100) of the recorded latencies, nearest rank, in ns. */
        public long percentile(double q) {
            return Percentiles.nearestRank(latencies, q);
        }
    }

    /** One keep-alive connection: pending output, and the due times of the requests in flight. */
    private static final class Conn {
        final InetSocketAddress target;
        SocketChannel channel;
        SelectionKey key;
        final ByteBuffer out = ByteBuffer.allocate(1 << 16);
        final ByteBuffer in = ByteBuffer.allocate(1 << 17);
        long[] due = new long[1024];
        int head;
        int count;
        /** Body bytes still to come for the response being read, or -1 while reading headers. */
        long bodyLeft = -1;

        Conn(InetSocketAddress target) {
            this.target = target;
        }

        void push(long t) {
            if (count == due.length) {
                long[] grown = new long[due.length * 2];
                for (int k = 0; k < count; k++) {
                    grown[k] = due[(head + k) % due.length];
                }
                due = grown;
                head = 0;
            }
            due[(head + count) % due.length] = t;
            count++;
        }

        long pop() {
            long t = due[head];
            head = (head + 1) % due.length;
            count--;
            return t;
        }
    }

    private final Options o;
    private final byte[] request;
    private final Selector selector;
    private final Conn[] conns;
    private long[] recorded;
    private int nRecorded;
    private long completed;
    private long errors;
    private long recordFrom;

    private OpenLoopClient(Options o) throws IOException {
        this.o = o;
        this.request = ("GET " + o.path() + " HTTP/1.1\r\nHost: "
                        + o.targets().getFirst().getHostString() + "\r\nUser-Agent: jlvs-openloop\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.selector = Selector.open();
        this.conns = new Conn[o.connections()];
        this.recorded = new long[(int) Math.min(Integer.MAX_VALUE - 8, o.rate() * o.seconds() * 1.2 + 1024)];
        for (int k = 0; k < conns.length; k++) {
            conns[k] = new Conn(o.targets().get(k % o.targets().size()));
            open(conns[k]);
        }
    }

    private void open(Conn c) throws IOException {
        SocketChannel ch = SocketChannel.open(c.target);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        c.channel = ch;
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        c.out.clear();
        c.in.clear();
        c.bodyLeft = -1;
    }

    /** A connection failed: whatever it had in flight is lost; it is opened again. */
    private void fail(Conn c) throws IOException {
        errors += c.count;
        c.count = 0;
        c.key.cancel();
        c.channel.close();
        selector.selectNow();
        open(c);
    }

    public static Result run(Options o) throws IOException {
        OpenLoopClient client = new OpenLoopClient(o);
        try {
            return client.loop();
        } finally {
            for (Conn c : client.conns) {
                c.channel.close();
            }
            client.selector.close();
        }
    }

    private Result loop() throws IOException {
        double interval = 1e9 / o.rate();
        long start = System.nanoTime() + 10_000_000L;
        recordFrom = start + (long) (o.warmupSeconds() * 1e9);
        long end = recordFrom + (long) (o.seconds() * 1e9);
        long sent = 0;
        long maxLag = 0;
        long now = System.nanoTime();
        while (true) {
            long due = start + (long) (sent * interval);
            if (due >= end) {
                break;
            }
            while (due <= now && due < end) {
                Conn c = conns[(int) (sent % conns.length)];
                if (c.out.remaining() < request.length) {
                    flush(c);
                }
                if (c.out.remaining() < request.length) {
                    errors++; // the connection cannot take it: counted, not sent
                } else {
                    c.out.put(request);
                    c.push(due);
                }
                maxLag = Math.max(maxLag, now - due);
                sent++;
                due = start + (long) (sent * interval);
            }
            for (Conn c : conns) {
                if (c.out.position() > 0) {
                    flush(c);
                }
            }
            poll();
            now = System.nanoTime();
        }
        // Answers to the last requests: up to two seconds more.
        long drainUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < drainUntil && inFlight() > 0) {
            for (Conn c : conns) {
                if (c.out.position() > 0) {
                    flush(c);
                }
            }
            poll();
        }
        long incomplete = inFlight();
        long[] lat = Arrays.copyOf(recorded, nRecorded);
        Arrays.sort(lat);
        return new Result(o, sent, completed, errors, incomplete, lat, maxLag);
    }

    private long inFlight() {
        long n = 0;
        for (Conn c : conns) {
            n += c.count;
        }
        return n;
    }

    private void flush(Conn c) throws IOException {
        c.out.flip();
        try {
            c.channel.write(c.out);
        } catch (IOException e) {
            c.out.clear();
            fail(c);
            return;
        }
        c.out.compact();
    }

    private void poll() throws IOException {
        if (selector.selectNow() == 0) {
            return;
        }
        for (SelectionKey k : selector.selectedKeys()) {
            Conn c = (Conn) k.attachment();
            if (k.isValid() && k.isReadable()) {
                read(c);
            }
        }
        selector.selectedKeys().clear();
    }

    private void read(Conn c) throws IOException {
        int n;
        try {
            n = c.channel.read(c.in);
        } catch (IOException e) {
            fail(c);
            return;
        }
        if (n < 0) {
            fail(c);
            return;
        }
        long now = System.nanoTime();
        c.in.flip();
        while (true) {
            if (c.bodyLeft < 0) {
                int end = headerEnd(c.in);
                if (end < 0) {
                    break;
                }
                String head = StandardCharsets.ISO_8859_1
                        .decode(c.in.slice(c.in.position(), end - c.in.position()))
                        .toString();
                c.in.position(end + 4);
                c.bodyLeft = contentLength(head);
                if (!head.startsWith("HTTP/1.1 200")) {
                    errors++;
                }
            }
            long take = Math.min(c.bodyLeft, c.in.remaining());
            c.in.position(c.in.position() + (int) take);
            c.bodyLeft -= take;
            if (c.bodyLeft > 0) {
                break;
            }
            c.bodyLeft = -1;
            if (c.count > 0) {
                long due = c.pop();
                completed++;
                if (due >= recordFrom) {
                    if (nRecorded == recorded.length) {
                        recorded = Arrays.copyOf(recorded, recorded.length * 2);
                    }
                    recorded[nRecorded++] = now - due;
                }
            }
        }
        c.in.compact();
    }

    /** Index of the CR of the first CRLFCRLF from the buffer's position, or -1. */
    static int headerEnd(ByteBuffer b) {
        for (int i = b.position(); i + 3 < b.limit(); i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The Content-Length of a response head (0 when absent: the lab's servers always send it). */
    static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Length")) {
                return Long.parseLong(line.substring(colon + 1).strip());
            }
        }
        return 0;
    }

    /** The result as side-by-side.sh reads it; latencies in µs. */
    static ObjectNode json(Result r, ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("rate", r.options().rate());
        n.put("connections", r.options().connections());
        n.put("seconds", r.options().seconds());
        n.put("sent", r.sent());
        n.put("completed", r.completed());
        n.put("recorded", r.latencies().length);
        n.put("errors", r.errors());
        n.put("incomplete", r.incomplete());
        n.put("achieved_rate", Math.round(r.achievedRate()));
        n.put("max_send_lag_us", r.maxLagNanos() / 1000);
        ObjectNode l = n.putObject("latency_us");
        for (double q : new double[] {50, 90, 99, 99.9}) {
            l.put(q == 99.9 ? "p999" : "p" + (int) q, r.percentile(q) / 1000.0);
        }
        l.put("max", r.latencies().length == 0 ? 0 : r.latencies()[r.latencies().length - 1] / 1000.0);
        return n;
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("open-loop: " + e.getMessage());
            System.exit(2);
            return;
        }
        Result r = run(o);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode n = json(r, mapper);
        mapper.writeValue(o.json().toFile(), n);
        System.out.println("open-loop: " + n);
    }
}
