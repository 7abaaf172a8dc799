package io.jlvs.core.synproxy;

import io.jlvs.core.clientaddr.ClientAddressCarrier;
import io.jlvs.core.conn.ConnFlags;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.TcpOptions;
import io.jlvs.core.service.VirtualService;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One worker's SYNPROXY (alibaba/LVS {@code ip_vs_synproxy.c}, DESIGN §4), in three steps:
 *
 * <ol>
 *   <li>A client's SYN to a SYNPROXY service is answered with a {@link CookieSynAck}; nothing is
 *       stored.
 *   <li>An ACK to the service with no connection carries the cookie back: if it verifies, the
 *       worker schedules and opens the connection ({@link Actions#open}), and the real server gets
 *       the client's SYN, rebuilt from the cookie and timestamp; otherwise the ACK is dropped,
 *       counted, never answered (no reset reflected to a spoofed source).
 *   <li>The server's SYN-ACK fixes the shifts ({@link SynProxyFlows}); the server's handshake is
 *       completed with an ACK in the client's name and the client segments held meanwhile follow.
 *       A reset, or silence after {@code synproxy_syn_retry} retransmissions, resets the client.
 * </ol>
 *
 * The worker keeps every rewrite in its forwarding path: it calls {@link #toServer}/{@link
 * #toClient} there, after the NAT or FULLNAT transform, so segments the drain builds in a flow's
 * name are shifted like the client's own. Packet-path code: no allocation, lock or exception.
 */
public final class SynProxy {
    /** What {@link #newFlow}, {@link #fromClient} and {@link #fromServer} decided. */
    public static final int CONTINUE = 0;
    /** The reply is in {@link #reply()}: send it out of the arrival interface. */
    public static final int REPLY = 1;
    /** Consumed: held, or answered in the flow's name. */
    public static final int CONSUMED = 2;
    /** Dropped and counted here. */
    public static final int DROP = 3;

    /** Retransmission interval of the server SYN, doubled at each retry (RFC 6298 §2: 1 s). */
    static final int SYN_RTO_MILLIS = 1000;

    public static final int DEFAULT_PENDING = 256;

    /** What the worker does for the proxy; implemented over its tables and forwarding path. */
    public interface Actions {
        /** Schedules and opens a connection for the client segment being processed; id or negative. */
        int open(VirtualService svc, long now);

        /**
         * Sends the real server a segment of connection {@code id} as its client would send it
         * (client space, tracked as the client's), options as given; false if it could not.
         */
        boolean toServer(
                int id,
                int flags,
                int seq,
                int ack,
                int window,
                int mss,
                int wscale,
                boolean sack,
                boolean timestamps,
                int tsVal,
                int tsEcr,
                long now);

        /** Resets the client of connection {@code id} from the virtual address at {@code seq}. */
        void resetClient(int id, int seq, long now);

        /** Runs a held client segment through the normal inbound path. */
        void release(int id, MemorySegment frame, long offset, int length, int ifIndex, long now);

        /** Ends connection {@code id} at once. */
        void forget(int id);
    }

    private final ConnTable table;
    private final Actions actions;
    private final SynCookies cookies;
    private final SynProxyFlows flows;
    private final PendingHandshakes pending;
    private final SynOptions opts = new SynOptions();
    private final MemorySegment reply = Arena.ofAuto().allocate(CookieSynAck.MAX_FRAME, 64);
    private final SynProxyCounters counters;
    private SynProxySettings settings = SynProxySettings.DEFAULTS;
    private int replyLength;

    public SynProxy(ConnTable table, Actions actions, long secret, int pendingSlots, SynProxyCounters counters) {
        this.table = table;
        this.actions = actions;
        this.cookies = new SynCookies(secret);
        this.pending = new PendingHandshakes(pendingSlots);
        this.counters = counters;
        this.flows = new SynProxyFlows(table);
    }

    /** New settings; batch boundary. */
    public void adopt(SynProxySettings s) {
        this.settings = s;
    }

    public SynProxySettings settings() {
        return settings;
    }

    public MemorySegment reply() {
        return reply;
    }

    public int replyLength() {
        return replyLength;
    }

    public PendingHandshakes pending() {
        return pending;
    }

    // ---------------------------------------------------------------- step 1 and 2

    /**
     * A TCP segment of no connection to SYNPROXY service {@code svc}: a SYN gets a cookie ({@link
     * #REPLY}), an ACK with a valid cookie opens the connection ({@link #CONSUMED}), anything else
     * is dropped and counted ({@link #DROP}).
     */
    public int newFlow(ParsedPacket p, VirtualService svc, int ifIndex, long ourMac, long now) {
        int flags = p.tcpFlags() & (TcpHeader.SYN | TcpHeader.ACK | TcpHeader.RST | TcpHeader.FIN);
        if (flags == TcpHeader.SYN) {
            // The client's segments may grow by the client address on their way to the server:
            // the MSS it is offered leaves room for that (the server's own MSS clamp never reaches
            // it, the cookie answers for the server).
            int reserve = ClientAddressCarrier.mssReserve(svc.clientAddress().mode(), p.isIpv6());
            replyLength =
                    CookieSynAck.write(p, opts.read(p.tcpOptions()), cookies, settings, reply, 0, ourMac, now, reserve);
            if (replyLength <= 0) {
                return DROP;
            }
            counters.cookiesSent++;
            return REPLY;
        }
        if ((flags & TcpHeader.RST) != 0) {
            counters.strayResets++;
            return DROP;
        }
        if (flags != TcpHeader.ACK) {
            counters.cookiesInvalid++;
            return DROP;
        }
        int cookie = p.ack() - 1;
        int isn = p.seq() - 1;
        int mssIndex =
                cookies.verify(p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort(), isn, cookie, now);
        if (mssIndex == SynCookies.INVALID) {
            counters.cookiesInvalid++;
            return DROP;
        }
        if (settings.defer() && p.payloadLength() == 0) {
            counters.deferredAcks++;
            return DROP;
        }
        return open(p, svc, ifIndex, cookie, isn, mssIndex, now);
    }

    private int open(ParsedPacket p, VirtualService svc, int ifIndex, int cookie, int isn, int mssIndex, long now) {
        int slot = pending.take();
        if (slot == PendingHandshakes.NONE) {
            counters.pendingFull++;
            return DROP;
        }
        // What the client's SYN offered, as the cookie SYN-ACK's TSval carries it back in TSecr.
        boolean ts = false;
        int tsVal = 0;
        int tsEcr = 0;
        if (p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            TcpOptions o = p.tcpOptions();
            for (int k = o.next(); k >= 0; k = o.next()) {
                if (k == TcpOptions.TIMESTAMPS) {
                    ts = true;
                    tsVal = o.tsVal();
                    tsEcr = o.tsEcr();
                }
            }
        }
        int clientWs = ts ? SynCookies.wscaleOf(tsEcr) : -1;
        boolean sack = ts && SynCookies.sackOf(tsEcr);
        boolean ecn = ts && SynCookies.ecnOf(tsEcr);
        int window = p.window();
        // The held segment is copied before open() runs: nothing of the packet changes before.
        if (p.payloadLength() > 0
                && !pending.hold(
                        slot, Math.max(1, settings.ackStoreThresh()), p.segment(), p.frameOffset(), p.frameLength())) {
            pending.release(slot);
            counters.heldDrops++;
            return DROP;
        }
        int id = actions.open(svc, now);
        if (id < 0) {
            pending.release(slot);
            return DROP;
        }
        counters.cookiesValid++;
        pending.bind(slot, id);
        pending.ifIndex[slot] = ifIndex;
        pending.cookie[slot] = cookie;
        pending.clientIsn[slot] = isn;
        pending.clientTsVal[slot] = tsVal;
        pending.ourTsVal[slot] = tsEcr;
        pending.clientWindow[slot] = window;
        pending.options[slot] = PendingHandshakes.packOptions(mssIndex, clientWs, sack, ts, ecn);
        table.synProxySlot(id, slot);
        table.setFlags(id, ConnFlags.SYNPROXY | ConnFlags.SYNPROXY_PENDING);
        sendSyn(slot, id, now);
        pending.retryAt[slot] = now + SYN_RTO_MILLIS;
        return CONSUMED;
    }

    private void sendSyn(int slot, int id, long now) {
        int o = pending.options[slot];
        int ws = PendingHandshakes.clientWsOf(o);
        int window = (int) Math.min(0xFFFFL, (long) pending.clientWindow[slot] << Math.max(ws, 0));
        boolean ecn = PendingHandshakes.ecnOf(o);
        actions.toServer(
                id,
                TcpHeader.SYN | (ecn ? TcpHeader.ECE | TcpHeader.CWR : 0),
                pending.clientIsn[slot],
                0,
                window,
                SynCookies.mss(PendingHandshakes.mssIndexOf(o)),
                ws,
                PendingHandshakes.sackOf(o),
                PendingHandshakes.timestampsOf(o),
                pending.clientTsVal[slot],
                0,
                now);
    }

    // ---------------------------------------------------------------- step 3 and the connection's life

    /**
     * A client segment of SYNPROXY connection {@code id}: while the server's SYN-ACK is awaited,
     * ACKs are held (up to {@code synproxy_ack_skb_store_thresh}) and the rest dropped; a reset
     * ends the handshake and goes on ({@link #CONTINUE}).
     */
    public int fromClient(ParsedPacket p, int id, int ifIndex, long now) {
        if ((table.flags(id) & ConnFlags.SYNPROXY_PENDING) == 0) {
            return CONTINUE;
        }
        int slot = table.synProxySlot(id);
        int flags = p.tcpFlags();
        if ((flags & TcpHeader.RST) != 0) {
            pending.release(slot);
            table.clearFlags(id, ConnFlags.SYNPROXY_PENDING);
            flows.established(id, 0, 0, 0, -1, -1);
            return CONTINUE;
        }
        if ((flags & (TcpHeader.ACK | TcpHeader.SYN)) != TcpHeader.ACK) {
            counters.heldDrops++;
            return DROP;
        }
        if (p.payloadLength() == 0 && (flags & TcpHeader.FIN) == 0) {
            return DROP; // a repeated pure ACK: the one we send the server in its name covers it
        }
        pending.ifIndex[slot] = ifIndex;
        if (!pending.hold(slot, settings.ackStoreThresh(), p.segment(), p.frameOffset(), p.frameLength())) {
            counters.heldDrops++;
            return DROP;
        }
        return CONSUMED;
    }

    /**
     * A real server's segment of SYNPROXY connection {@code id}, after it is tracked: its SYN-ACK
     * completes the handshake, its reset resets the client ({@link #CONSUMED} both); afterwards
     * ACK storms are dropped ({@link #DROP}) and the rest goes on ({@link #CONTINUE}).
     */
    public int fromServer(ParsedPacket p, int id, long now) {
        int flags = p.tcpFlags();
        if ((table.flags(id) & ConnFlags.SYNPROXY_PENDING) == 0) {
            if ((flags & TcpHeader.SYN) != 0) {
                return DROP; // a repeated SYN-ACK: our ACK is on its way or the client's next one will be
            }
            return CONTINUE;
        }
        int slot = table.synProxySlot(id);
        if ((flags & TcpHeader.RST) != 0) {
            counters.serverFailures++;
            giveUp(slot, id, now);
            return CONSUMED;
        }
        if ((flags & (TcpHeader.SYN | TcpHeader.ACK)) != (TcpHeader.SYN | TcpHeader.ACK)
                || p.ack() - table.seqDelta(id) != pending.clientIsn[slot] + 1) {
            return DROP;
        }
        return complete(p, slot, id, now);
    }

    private int complete(ParsedPacket p, int slot, int id, long now) {
        int o = pending.options[slot];
        boolean ts = PendingHandshakes.timestampsOf(o);
        int serverWs = -1;
        int serverTsVal = 0;
        boolean serverTs = false;
        if (p.tcpHeaderLength() > TcpHeader.MIN_LENGTH) {
            TcpOptions opt = p.tcpOptions();
            for (int k = opt.next(); k >= 0; k = opt.next()) {
                if (k == TcpOptions.WINDOW_SCALE) {
                    serverWs = Math.min(opt.windowScale(), SynCookies.MAX_WSCALE);
                } else if (k == TcpOptions.TIMESTAMPS) {
                    serverTs = true;
                    serverTsVal = opt.tsVal();
                }
            }
        }
        int serverIsn = p.seq();
        int delta = pending.cookie[slot] - serverIsn;
        int clientWs = PendingHandshakes.clientWsOf(o);
        int ourWs = clientWs >= 0 ? settings.wscale() : 0;
        boolean tsBoth = ts && serverTs;
        flows.established(id, delta, tsBoth ? pending.ourTsVal[slot] - serverTsVal : 0, ourWs, serverWs, clientWs);
        table.clearFlags(id, ConnFlags.SYNPROXY_PENDING);
        counters.handshakesCompleted++;
        int clientIsn = pending.clientIsn[slot];
        int clientWindow = pending.clientWindow[slot];
        int tsVal = pending.clientTsVal[slot];
        int tsEcr = pending.ourTsVal[slot];
        int ifIndex = pending.ifIndex[slot];
        actions.toServer(
                id,
                TcpHeader.ACK,
                clientIsn + 1,
                serverIsn + 1 + delta,
                clientWindow,
                0,
                -1,
                false,
                tsBoth,
                tsVal,
                tsEcr,
                now);
        for (int i = 0, n = pending.heldCount(slot); i < n && table.isUsed(id); i++) {
            actions.release(
                    id, pending.frames(), pending.frameOffset(slot, i), pending.frameLength(slot, i), ifIndex, now);
        }
        pending.release(slot);
        return CONSUMED;
    }

    private void giveUp(int slot, int id, long now) {
        actions.resetClient(id, pending.cookie[slot] + 1, now);
        actions.forget(id);
    }

    /**
     * Retransmits the SYN of handshakes whose server is silent, doubling the interval, and gives up
     * on those out of retries: the client is reset. Once per batch.
     */
    public void step(long now) {
        if (pending.active() == 0) {
            return;
        }
        for (int s = 0, n = pending.capacity(); s < n; s++) {
            int id = pending.conn(s);
            if (id == PendingHandshakes.NONE || pending.retryAt[s] - now > 0) {
                continue;
            }
            if (pending.retries[s] < settings.synRetry()) {
                pending.retries[s]++;
                counters.serverSynRetries++;
                sendSyn(s, id, now);
                pending.retryAt[s] = now + ((long) SYN_RTO_MILLIS << pending.retries[s]);
            } else {
                counters.serverFailures++;
                giveUp(s, id, now);
            }
        }
    }

    /** A connection ended (timed out, reset, removed): its pending handshake, if any, goes. */
    public void ended(int id) {
        if ((table.flags(id) & ConnFlags.SYNPROXY_PENDING) != 0) {
            pending.release(table.synProxySlot(id));
            table.clearFlags(id, ConnFlags.SYNPROXY_PENDING);
        }
    }

    /** Whether connection {@code id}'s segments are shifted (a completed proxied handshake). */
    public boolean shifts(int id) {
        return (table.flags(id) & (ConnFlags.SYNPROXY | ConnFlags.SYNPROXY_PENDING)) == ConnFlags.SYNPROXY;
    }

    /** Client → server shift of a proxied connection; after the forwarding transform. */
    public void toServer(ParsedPacket p, int id) {
        flows.toServer(p, id);
    }

    /** Server → client shift of a proxied connection; after the forwarding transform. */
    public void toClient(ParsedPacket p, int id) {
        flows.toClient(p, id);
    }

    /** The server-to-client sequence shift (0 for a connection not proxied). */
    public int seqDelta(int id) {
        return shifts(id) ? table.synProxySeqDelta(id) : 0;
    }

    /**
     * A segment of established proxied connection {@code id} from its server, before the tracker
     * records it: true when it is an ACK beyond {@code synproxy_ack_storm_thresh} identical ones in
     * a row, to be dropped (counted here).
     */
    public boolean ackStorm(ParsedPacket p, int id) {
        if (flows.ackStorm(p, id, settings.ackStormThresh())) {
            counters.ackStormDrops++;
            return true;
        }
        return false;
    }
}
