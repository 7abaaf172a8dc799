package io.jlvs.linux.tools;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.jlvs.core.packet.Wire;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.libc.CpuAffinity;
import io.jlvs.linux.netns.NetNamespace;
import io.jlvs.linux.packet.AfPacketSocket;
import io.jlvs.linux.packet.PacketRingConfig;
import io.jlvs.linux.packet.PacketStats;
import io.jlvs.linux.packet.RxHandler;
import io.jlvs.linux.packet.TpacketVersion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how many frames per second one AF_PACKET RX ring takes in, between two network
 * namespaces it builds itself: a generator thread in namespace A writes minimum-size frames
 * through a TX ring on one end of a veth pair; the main thread in namespace B receives them on
 * the other end and prints, each second, frames/s, frames per receive call and per block,
 * and the kernel's drop count. The numbers are for choosing ring and batch sizes, not a
 * benchmark of jlvs; see the package documentation for how to run it.
 */
public final class RingProbe {
    private static final int ETH_P_EXPERIMENTAL = 0x88B5;

    private RingProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "5"));
        int frameLen = Integer.parseInt(opt.getOrDefault("frame", "60"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "32"));
        int rxFramesPerCall = Integer.parseInt(opt.getOrDefault("rx-frames", "1000000"));
        int txCpu = Integer.parseInt(opt.getOrDefault("tx-cpu", "-1"));
        int rxCpu = Integer.parseInt(opt.getOrDefault("rx-cpu", "-1"));
        PacketRingConfig cfg = PacketRingConfig.DEFAULTS
                .withVersion(
                        TpacketVersion.valueOf(opt.getOrDefault("version", "v2").toUpperCase(Locale.ROOT)))
                .withRx(
                        Integer.parseInt(opt.getOrDefault("block-size", "65536")),
                        Integer.parseInt(opt.getOrDefault("block-count", "128")),
                        Integer.parseInt(opt.getOrDefault("timeout-ms", "1")))
                .withTx(2048, Integer.parseInt(opt.getOrDefault("tx-frames", "1024")));
        if (frameLen < 60 || frameLen > cfg.txMaxFrame()) {
            throw new IllegalArgumentException("--frame must be 60.." + cfg.txMaxFrame());
        }

        String tag = "jlp-"
                + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt())
                + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt());
        String nsA = tag + "-a";
        String nsB = tag + "-b";
        AtomicBoolean cleaned = new AtomicBoolean();
        Runnable cleanup = () -> {
            if (cleaned.compareAndSet(false, true)) {
                quietly("ip", "netns", "del", nsA);
                quietly("ip", "netns", "del", nsB);
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup));
        try {
            run("ip", "netns", "add", nsA);
            run("ip", "netns", "add", nsB);
            run("ip", "-n", nsA, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", nsB);
            for (String[] end : new String[][] {{nsA, "va"}, {nsB, "vb"}}) {
                quietly(
                        "ip", "netns", "exec", end[0], "ethtool", "-K", end[1], "gro", "off", "gso", "off", "tso",
                        "off", "tx", "off", "rx", "off");
                run("ip", "-n", end[0], "link", "set", end[1], "up");
            }
            System.out.printf(
                    Locale.ROOT,
                    "ring probe: %s/va -> %s/vb, %s, %d-byte frames, TX batch %d, RX %d x %d B blocks, timeout %d ms%n",
                    nsA,
                    nsB,
                    cfg.version(),
                    frameLen,
                    batch,
                    cfg.blockCount(),
                    cfg.blockSize(),
                    cfg.blockTimeoutMillis());
            probe(nsA, nsB, cfg, frameLen, batch, rxFramesPerCall, seconds, txCpu, rxCpu);
        } finally {
            cleanup.run();
        }
    }

    private static void probe(
            String nsA,
            String nsB,
            PacketRingConfig cfg,
            int frameLen,
            int batch,
            int rxFramesPerCall,
            int seconds,
            int txCpu,
            int rxCpu)
            throws Exception {
        try (NetNamespace a = NetNamespace.enter(nsA);
                NetNamespace b = NetNamespace.enter(nsB);
                AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", cfg));
                AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", cfg));
                Arena arena = Arena.ofShared()) {
            long dstMac = b.call(() -> Interfaces.byName("vb").mac());
            long srcMac = a.call(() -> Interfaces.byName("va").mac());
            MemorySegment frame = arena.allocate(frameLen);
            Wire.putMac(frame, 0, dstMac);
            Wire.putMac(frame, 6, srcMac);
            Wire.putU16(frame, 12, ETH_P_EXPERIMENTAL);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread generator = Thread.ofPlatform().name("ring-probe-tx").start(() -> {
                if (txCpu >= 0) {
                    CpuAffinity.pinCurrentThread(txCpu);
                }
                long n = 0;
                while (!stop.get()) {
                    for (int i = 0; i < batch; i++) {
                        if (!tx.send(frame, 0, frameLen)) {
                            break;
                        }
                    }
                    n += Math.max(0, tx.flush());
                    sent.lazySet(n);
                }
            });

            if (rxCpu >= 0) {
                CpuAffinity.pinCurrentThread(rxCpu);
            }
            Counter counter = new Counter();
            rx.kernelStats(); // reset
            long start = System.nanoTime();
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long lastFrames = 0;
            long lastBlocks = 0;
            long lastCalls = 0;
            long lastSent = 0;
            long calls = 0;
            long drops = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextReport) {
                    PacketStats st = rx.kernelStats();
                    drops += st.drops();
                    long f = counter.frames - lastFrames;
                    long bl = rx.rxBlocks() - lastBlocks;
                    long c = calls - lastCalls;
                    long s = sent.get() - lastSent;
                    System.out.printf(
                            Locale.ROOT,
                            "t=%2ds  rx %8.3f Mpps  tx %8.3f Mpps  frames/call %7.1f  frames/block %7.1f  drops %d%n",
                            (nextReport - start) / 1_000_000_000L,
                            f / 1e6,
                            s / 1e6,
                            c == 0 ? 0.0 : (double) f / c,
                            bl == 0 ? 0.0 : (double) f / bl,
                            st.drops());
                    lastFrames = counter.frames;
                    lastBlocks = rx.rxBlocks();
                    lastCalls = calls;
                    lastSent = sent.get();
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                    if (now >= end) {
                        break;
                    }
                }
                if (rx.awaitReadable(0) || rx.awaitReadable(1)) {
                    if (rx.receive(counter, rxFramesPerCall) > 0) {
                        calls++;
                    }
                }
            }
            stop.set(true);
            generator.join();
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "total: rx %d frames (%.3f Mpps), tx %d frames, kernel drops %d, TX back-pressure %d, ring full %d%n",
                    counter.frames,
                    counter.frames / secs / 1e6,
                    sent.get(),
                    drops,
                    tx.txBackpressure(),
                    tx.txRingFull());
        }
    }

    /** Counts frames and touches one byte of each, as the lightest possible worker would. */
    private static final class Counter implements RxHandler {
        long frames;
        long sum;

        @Override
        public void onFrame(MemorySegment ring, long offset, int length) {
            frames++;
            sum += ring.get(JAVA_BYTE, offset + 14);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: RingProbe [--seconds 5] [--frame 60] [--batch 32] [--block-size 65536]"
                        + " [--block-count 128] [--timeout-ms 1] [--tx-frames 1024] [--rx-frames N] [--version v2|v3]"
                        + " [--tx-cpu C] [--rx-cpu C]");
                System.exit(0);
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + a);
            }
            m.put(a.substring(2), args[++i]);
        }
        return m;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void quietly(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            // Cleanup and optional tuning: nothing to do about a tool that cannot be started.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
