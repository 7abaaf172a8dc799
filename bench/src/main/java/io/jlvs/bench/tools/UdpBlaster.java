package io.jlvs.bench.tools;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.MacAddr;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.packet.AfPacketSocket;
import io.jlvs.linux.packet.PacketRingConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small-packet generator for bench/pps.sh: writes minimum-size (60-byte) UDP/IPv4 frames to one
 * next hop's MAC as fast as one AF_PACKET TX ring takes them, for a given time or frame count.
 * Flow {@code k} comes from source address {@code src + (k mod sources)} and port {@code
 * first-port + k / sources} and goes to destination {@code k mod |dst|}, and the frames cycle
 * through the flows, so a balancer spreads them over its real servers and a kernel hashes them
 * over its queues. With several source addresses, millions of distinct flows (each one a new
 * connection on a director) fit in the port range: side-by-side.sh fills jlvsd's table that way. Run it inside the sending host's network
 * namespace ({@code ip netns exec NS java ... UdpBlaster --interface eth0 ...}).
 *
 * <p>The generator only counts what the kernel accepted; what arrived is for the receiving side
 * to count (pps.sh reads interface counters).
 */
public final class UdpBlaster {
    /** Ethernet 14 + IPv4 20 + UDP 8 + 18 bytes of payload: Ethernet's minimum frame sans FCS. */
    public static final int FRAME_LENGTH = 60;

    /** Bytes between two prepared frames. */
    static final int STRIDE = 64;

    private static final int UDP_PAYLOAD = FRAME_LENGTH - 14 - 20 - 8;

    private UdpBlaster() {}

    /**
     * What to send.
     *
     * @param ifName the interface to send on
     * @param dstMac the next hop's MAC (the director's)
     * @param srcAddr IPv4 source address of flow 0
     * @param sources consecutive source addresses from {@code srcAddr} the flows cycle through
     * @param dstAddrs IPv4 destinations; flow k goes to {@code dstAddrs[k % length]}
     * @param dstPort UDP destination port
     * @param firstSrcPort source port of flow 0
     * @param flows number of flows (distinct source address and port pairs)
     * @param seconds how long to send; 0 for no time limit
     * @param maxFrames stop after this many frames; 0 for no limit
     * @param batch frames queued per {@code sendto}
     * @param pps at most this many frames per second on average; 0 for as fast as the ring takes them
     */
    public record Options(
            String ifName,
            long dstMac,
            int srcAddr,
            int sources,
            int[] dstAddrs,
            int dstPort,
            int firstSrcPort,
            int flows,
            double seconds,
            long maxFrames,
            int batch,
            long pps) {

        public Options {
            if (dstAddrs.length == 0) {
                throw new IllegalArgumentException("--dst needs at least one address");
            }
            dstAddrs = dstAddrs.clone();
            if (sources < 1 || sources > 1 << 16) {
                throw new IllegalArgumentException("--sources must be 1..65536: " + sources);
            }
            long lastPort = firstSrcPort + (flows + (long) sources - 1) / sources - 1;
            if (flows < 1 || firstSrcPort < 1 || lastPort > 0xFFFF) {
                throw new IllegalArgumentException(
                        "source ports " + firstSrcPort + " .. " + lastPort + " are not 1..65535");
            }
            if (dstPort < 1 || dstPort > 0xFFFF) {
                throw new IllegalArgumentException("--dport must be 1..65535: " + dstPort);
            }
            if (pps < 0) {
                throw new IllegalArgumentException("--pps must not be negative: " + pps);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1: " + batch);
            }
            if (seconds < 0 || maxFrames < 0 || seconds == 0 && maxFrames == 0) {
                throw new IllegalArgumentException("give --seconds or --frames (positive)");
            }
        }

        @Override
        public int[] dstAddrs() {
            return dstAddrs.clone();
        }
    }

    /** What was sent. */
    public record Report(long frames, long nanos, long ringFull, long backpressure, long errors) {
        public double pps() {
            return nanos == 0 ? 0 : frames * 1e9 / nanos;
        }

        /** One line, {@code key=value} pairs, for scripts. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "udp-blaster: sent=%d seconds=%.3f pps=%.0f ring_full=%d backpressure=%d errors=%d",
                    frames,
                    nanos / 1e9,
                    pps(),
                    ringFull,
                    backpressure,
                    errors);
        }
    }

    static final String USAGE = "usage: UdpBlaster --interface IF --dst-mac MAC --src A.B.C.D --dst A.B.C.D[,...]"
            + " [--sources 1] [--dport 9] [--first-port 10000] [--flows 1024] [--seconds 5] [--frames N] [--batch 64] [--pps 0]";

    private static final List<String> OPTIONS = List.of(
            "interface",
            "dst-mac",
            "src",
            "dst",
            "sources",
            "dport",
            "first-port",
            "flows",
            "seconds",
            "frames",
            "batch",
            "pps");

    /** Parses {@code --option value} pairs. */
    public static Options parse(String... args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'\n" + USAGE);
            }
            String name = args[i].substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
            m.put(name, args[i + 1]);
        }
        for (String required : OPTIONS.subList(0, 4)) {
            if (!m.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required\n" + USAGE);
            }
        }
        List<Integer> dsts = new ArrayList<>();
        for (String d : m.get("dst").split(",")) {
            dsts.add(ipv4(d.strip()));
        }
        // A frame count alone means "until that many are sent"; otherwise five seconds.
        String seconds = m.getOrDefault("seconds", m.containsKey("frames") ? "0" : "5");
        return new Options(
                m.get("interface"),
                MacAddr.parse(m.get("dst-mac")),
                ipv4(m.get("src")),
                Integer.parseInt(m.getOrDefault("sources", "1")),
                dsts.stream().mapToInt(Integer::intValue).toArray(),
                Integer.parseInt(m.getOrDefault("dport", "9")),
                Integer.parseInt(m.getOrDefault("first-port", "10000")),
                Integer.parseInt(m.getOrDefault("flows", "1024")),
                Double.parseDouble(seconds),
                Long.parseLong(m.getOrDefault("frames", "0")),
                Integer.parseInt(m.getOrDefault("batch", "64")),
                Long.parseLong(m.getOrDefault("pps", "0")));
    }

    private static int ipv4(String text) {
        long[] a = InetAddr.parse(text);
        if (!InetAddr.isV4(a[0], a[1])) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return InetAddr.v4(a[1]);
    }

    /**
     * Writes one frame per flow into {@code slab}, flow k at {@code k * STRIDE}, checksums filled.
     *
     * @return the slab, {@code flows * STRIDE} bytes
     */
    public static MemorySegment frames(Options o, long srcMac, Arena arena) {
        MemorySegment slab = arena.allocate((long) o.flows() * STRIDE, 64);
        MemorySegment payload = arena.allocate(UDP_PAYLOAD);
        FrameWriter w = new FrameWriter();
        int[] dsts = o.dstAddrs();
        for (int k = 0; k < o.flows(); k++) {
            int n = w.begin(slab, (long) k * STRIDE, STRIDE)
                    .ethernet(o.dstMac(), srcMac)
                    .ipv4(o.srcAddr() + k % o.sources(), dsts[k % dsts.length])
                    .udp(o.firstSrcPort() + k / o.sources(), o.dstPort())
                    .payload(payload, 0, UDP_PAYLOAD)
                    .finish();
            if (n != FRAME_LENGTH) {
                throw new IllegalStateException("frame " + k + " came out " + n + " bytes");
            }
        }
        return slab;
    }

    /**
     * Sends the prepared frames round robin through {@code socket} until the time or frame limit;
     * each round queues up to {@code batch} frames and flushes them with one {@code sendto}.
     */
    public static Report blast(AfPacketSocket socket, Options o, MemorySegment slab) {
        int flows = o.flows();
        long limit = o.maxFrames() == 0 ? Long.MAX_VALUE : o.maxFrames();
        long start = System.nanoTime();
        long deadline = o.seconds() == 0 ? Long.MAX_VALUE : start + (long) (o.seconds() * 1e9);
        long sent = 0;
        int k = 0;
        long now = start;
        while (sent < limit && now < deadline) {
            int queued = 0;
            long room = Math.min(o.batch(), limit - sent - socket.txPending());
            if (o.pps() > 0) {
                // Paced: no more than the rate allows by now (the deficit of a slow start is not made up
                // in a burst beyond one batch).
                long allowed = (long) ((now - start) / 1e9 * o.pps()) - sent - socket.txPending();
                room = Math.min(room, Math.max(0, allowed));
                if (room == 0 && socket.txPending() == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    now = System.nanoTime();
                    continue;
                }
            }
            while (queued < room && socket.send(slab, (long) k * STRIDE, FRAME_LENGTH)) {
                queued++;
                k = k + 1 == flows ? 0 : k + 1;
            }
            int r = socket.flush();
            if (r > 0) {
                sent += r;
            }
            now = System.nanoTime();
        }
        // Whatever back-pressure left queued is handed over before counting.
        for (int tries = 0; socket.txPending() > 0 && tries < 1000; tries++) {
            int r = socket.flush();
            if (r > 0) {
                sent += r;
            }
        }
        return new Report(sent, now - start, socket.txRingFull(), socket.txBackpressure(), socket.txErrors());
    }

    /** The ring the generator uses: a token RX ring (it receives nothing), 4096 small TX slots. */
    static PacketRingConfig ringConfig() {
        return PacketRingConfig.DEFAULTS.withRx(1 << 16, 1, 1).withTx(128, 4096);
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("udp-blaster: " + e.getMessage());
            System.exit(2);
            return;
        }
        long srcMac = Interfaces.byName(o.ifName()).mac();
        try (Arena arena = Arena.ofConfined();
                AfPacketSocket socket = AfPacketSocket.open(o.ifName(), ringConfig())) {
            MemorySegment slab = frames(o, srcMac, arena);
            System.out.printf(
                    Locale.ROOT,
                    "udp-blaster: sending %d-byte frames on %s to %s, %d flows, %s%n",
                    FRAME_LENGTH,
                    o.ifName(),
                    MacAddr.format(o.dstMac()),
                    o.flows(),
                    o.maxFrames() > 0 ? o.maxFrames() + " frames" : o.seconds() + " s");
            System.out.flush();
            Report r = blast(socket, o, slab);
            System.out.println(r.line());
        }
    }
}
