package io.jlvs.core.worker;

import io.jlvs.core.packet.ParseResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Why the worker dropped a frame: the parser's reasons ({@link ParseResult}, codes 1 ..
 * COUNT-1) followed by the worker's own. Labels are stable: they are Prometheus label values
 * ({@code jlvs_drops_total{reason="no_real_server"}}).
 */
public final class DropReason {
    private static final int BASE = ParseResult.COUNT;

    /** A TCP segment other than SYN for a virtual service, with no connection (IPVS drops it too). */
    public static final int NO_CONNECTION = BASE;
    /** The scheduler found no real server that may take a new connection. */
    public static final int NO_REAL_SERVER = BASE + 1;
    /** The connection table is full: new flows are refused, established ones untouched. */
    public static final int TABLE_FULL = BASE + 2;
    /** FULLNAT: no free local port towards that real server. */
    public static final int NO_LOCAL_PORT = BASE + 3;
    /** The director's routing table has no route to the destination. */
    public static final int NO_ROUTE = BASE + 4;
    /** The next hop did not answer ARP/NDP. */
    public static final int NEIGHBOUR_FAILED = BASE + 5;
    /** The next hop is being resolved and its wait queue is full. */
    public static final int NEIGHBOUR_QUEUE_FULL = BASE + 6;
    /** TTL / hop limit would reach zero. */
    public static final int TTL_EXCEEDED = BASE + 7;
    /** The interface's TX ring had no room. */
    public static final int TX_FULL = BASE + 8;
    /** The real server was removed and expire_nodest_conn is 0: IPVS drops its packets. */
    public static final int REAL_SERVER_REMOVED = BASE + 9;
    /** TUN: the encapsulated packet exceeds the MTU and may not be fragmented (ICMP sent back). */
    public static final int TUNNEL_TOO_BIG = BASE + 10;
    /** A transform did not apply (e.g. an IPv6 client on an IPv4 real server). */
    public static final int TRANSFORM_FAILED = BASE + 11;
    /**
     * A frame jlvs could not build: an ARP/NDP answer or probe, or a segment sent in a flow's name
     * (a drain's close or reset), that did not fit.
     */
    public static final int BUILD_FAILED = BASE + 12;
    /**
     * A client's request crossed the close of its draining flow: answered with resets to both ends
     * instead (the client retries on a fresh connection, which goes to another server).
     */
    public static final int DRAIN_CROSSED = BASE + 13;
    /**
     * SYNPROXY turned a segment away: an ACK without a valid cookie, a stray reset, a client segment
     * beyond the store while the server's SYN-ACK is awaited, an ACK storm (details in the SYNPROXY
     * counters).
     */
    public static final int SYNPROXY = BASE + 14;
    /**
     * A GSO super-frame that cannot leave as one: its segments would not fit the egress MTU even
     * with no payload, it would wait for a neighbour in a queue of frame-sized slots, or (in a
     * tunnel, where it is cut into segments) it is not TCP.
     */
    public static final int SUPER_FRAME = BASE + 15;

    /** Number of reason codes, parser's included; size of counter arrays. */
    public static final int COUNT = BASE + 16;

    private static final String[] LABELS = {
        "no_connection",
        "no_real_server",
        "table_full",
        "no_local_port",
        "no_route",
        "neighbour_failed",
        "neighbour_queue_full",
        "ttl_exceeded",
        "tx_full",
        "real_server_removed",
        "tunnel_too_big",
        "transform_failed",
        "build_failed",
        "drain_crossed",
        "synproxy",
        "super_frame",
    };

    private DropReason() {}

    /** The stable label of a reason code. */
    public static String label(int reason) {
        if (reason > 0 && reason < BASE) {
            return ParseResult.label(reason);
        }
        int i = reason - BASE;
        return i >= 0 && i < LABELS.length ? LABELS[i] : "unknown";
    }

    /** Every label, in code order (code 0, "ok", excluded). */
    public static List<String> labels() {
        List<String> all = new ArrayList<>();
        for (int r = 1; r < COUNT; r++) {
            all.add(label(r));
        }
        return Collections.unmodifiableList(all);
    }
}
