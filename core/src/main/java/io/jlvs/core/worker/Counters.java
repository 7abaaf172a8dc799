package io.jlvs.core.worker;

import io.jlvs.core.synproxy.SynProxyCounters;
import java.util.function.ObjLongConsumer;

/**
 * One worker's counters (DESIGN.md §3.4): written only by that worker, summed on read by the
 * control plane. Plain long arrays: a 64-bit JVM does not tear aligned long writes, and a reader
 * a few packets behind is what every per-CPU counter scheme accepts.
 *
 * <p>Per service and per real server, IPVS's five figures: connections, packets in and out,
 * bytes in and out ("in" is client → real server). Bytes are IP packet lengths, as IPVS counts
 * skb->len at the IP layer.
 */
public final class Counters {
    public static final int CONNS = 0;
    public static final int IN_PKTS = 1;
    public static final int OUT_PKTS = 2;
    public static final int IN_BYTES = 3;
    public static final int OUT_BYTES = 4;
    /** Figures per service / real server. */
    public static final int FIGURES = 5;

    /** [serviceId * FIGURES + figure] */
    public long[] service;
    /** [realIndex * FIGURES + figure] */
    public long[] real;
    /** [DropReason] */
    public final long[] drops = new long[DropReason.COUNT];
    /** Frames by {@link Verdict}. */
    public final long[] verdicts = new long[Verdict.COUNT];

    public long arpReplies;
    public long ndpReplies;
    public long echoReplies;
    public long probesSent;
    public long gratuitousSent;
    /** SYNs that found their tuple in TIME_WAIT and were scheduled as new (conn_reuse_mode). */
    public long reusedConnections;
    /** ICMP errors about tracked flows, translated and passed on. */
    public long icmpRelayed;
    /** SYNPROXY's figures: cookies, handshakes, retries, storms. */
    public final SynProxyCounters synProxy = new SynProxyCounters();
    /** Acknowledging segments to a virtual service with no connection, answered with a reset. */
    public long strayResets;
    /** Client segments that carried the TOA option to the real server. */
    public long toaAdded;
    /** Client segments whose TCP header had no room for the TOA option: sent without it. */
    public long toaNoRoom;
    /** Client segments the TOA option would have made longer than the egress MTU: sent without it. */
    public long toaTooBig;
    /** PROXY protocol headers put in front of a connection's byte stream (or of a datagram). */
    public long proxyHeaders;
    /** PROXY headers sent again with a retransmission of the client's first data. */
    public long proxyHeadersResent;
    /**
     * Client packets that could not carry the client address: a PROXY header would pass the egress
     * MTU or 64 KiB, or the packet is a fragment.
     */
    public long clientAddressFailed;
    /**
     * GSO super-frames received (interface offloads on): each is one packet here and up to 64 KiB
     * of a TCP stream on the wire.
     */
    public long superFrames;

    /**
     * Each event figure under its name, SYNPROXY's included ({@link SynProxyCounters#each}), for
     * the control plane's sums; the per-service, per-real, drop and verdict arrays are not events.
     */
    public void each(ObjLongConsumer<String> out) {
        out.accept("arp_reply", arpReplies);
        out.accept("ndp_reply", ndpReplies);
        out.accept("echo_reply", echoReplies);
        out.accept("neighbour_probe", probesSent);
        out.accept("gratuitous_announcement", gratuitousSent);
        out.accept("connection_reused", reusedConnections);
        out.accept("icmp_error_relayed", icmpRelayed);
        synProxy.each(out);
        out.accept("stray_segment_reset", strayResets);
        out.accept("toa_added", toaAdded);
        out.accept("toa_no_room", toaNoRoom);
        out.accept("toa_too_big", toaTooBig);
        out.accept("proxy_header_sent", proxyHeaders);
        out.accept("proxy_header_resent", proxyHeadersResent);
        out.accept("client_address_failed", clientAddressFailed);
        out.accept("super_frame", superFrames);
    }

    Counters(int services, int reals) {
        service = new long[services * FIGURES];
        real = new long[reals * FIGURES];
    }

    /** Grows the per-service and per-real arrays for a larger snapshot; batch boundary only. */
    void ensure(int services, int reals) {
        if (service.length < services * FIGURES) {
            service = java.util.Arrays.copyOf(service, services * FIGURES);
        }
        if (real.length < reals * FIGURES) {
            real = java.util.Arrays.copyOf(real, reals * FIGURES);
        }
    }

    void conn(int serviceId, int realIndex) {
        service[serviceId * FIGURES + CONNS]++;
        real[realIndex * FIGURES + CONNS]++;
    }

    void in(int serviceId, int realIndex, int bytes) {
        int s = serviceId * FIGURES;
        int r = realIndex * FIGURES;
        service[s + IN_PKTS]++;
        service[s + IN_BYTES] += bytes;
        real[r + IN_PKTS]++;
        real[r + IN_BYTES] += bytes;
    }

    void out(int serviceId, int realIndex, int bytes) {
        int s = serviceId * FIGURES;
        int r = realIndex * FIGURES;
        service[s + OUT_PKTS]++;
        service[s + OUT_BYTES] += bytes;
        real[r + OUT_PKTS]++;
        real[r + OUT_BYTES] += bytes;
    }

    /** A service figure, 0 for an id this worker has not seen. */
    public long serviceFigure(int serviceId, int figure) {
        int i = serviceId * FIGURES + figure;
        return i < service.length ? service[i] : 0;
    }

    /** A real-server figure, 0 for an index this worker has not seen. */
    public long realFigure(int realIndex, int figure) {
        int i = realIndex * FIGURES + figure;
        return i < real.length ? real[i] : 0;
    }
}
