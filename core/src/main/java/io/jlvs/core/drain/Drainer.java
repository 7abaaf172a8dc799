package io.jlvs.core.drain;

import io.jlvs.core.conn.ConnFlags;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.conn.ConnTracker;
import io.jlvs.core.conn.FwdMethod;
import io.jlvs.core.proto.TcpStates;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import java.util.Arrays;

/**
 * One worker's side of draining (DESIGN.md §5): it walks the connection table while a real server
 * drains (or a removed one still has flows under {@code expire_nodest_conn}), and looks at the
 * client segments of draining flows as they pass.
 *
 * <ul>
 *   <li>Idle flows — all data acknowledged both ways after a response, the client's window open,
 *       quiet for the idle grace — are closed towards the server in the client's name; the
 *       server's own FIN then reaches the client, which sees an ordinary keep-alive close (NAT and
 *       FULLNAT: the director sees both directions).
 *   <li>From {@link DrainSpec#busyAfterMillis} on, busy flows are closed the same way in the gap
 *       between a response and the next request: all acknowledged, the client's window open, and
 *       quiet for {@link #GAP_MILLIS}. A client that leaves no such gap (a saturating loader sends
 *       its next request with the acknowledgement of the last response) has that request answered
 *       with an exact-sequence reset before the server saw a byte of it: the race of every server
 *       idle timeout, RFC 9112 §9.5, which clients retry.
 *   <li>A client request that arrives after its flow was closed towards the server is answered the
 *       same way, and counted.
 *   <li>At the deadline, open flows are reset to both ends. DR and TUN flows (one direction seen)
 *       only get this.
 * </ul>
 *
 * <p>A flow whose client advertised a zero window is a transfer the client takes in more slowly
 * than the server sends (a paced download): it is never closed before the deadline, however quiet,
 * since a server that reads the client's FIN while it still has a response to write abandons the
 * response (nginx does).
 *
 * <p>Clients retry a request that met a reset once (the JDK's HttpClient, Go, urllib3), and the
 * retry may go out on another pooled connection to the same server. So the closes of one client's
 * flows (by its address) are {@link #CLIENT_SPACING_MILLIS} apart — a connection closed earlier
 * has its server's FIN at the client, which takes it out of its pool — and after one of them was
 * reset, none is closed for {@link #RETRY_HOLD_MILLIS}: the retry goes through.
 *
 * <p>Closes (graceful ones and busy flows' resets) are paced by one token bucket per worker, shared
 * by every drain under way: it fills at the highest {@link DrainSpec#closesPerSecond} among them
 * divided by the number of workers (rounded up, so the total may exceed it by less than one close
 * per second per worker) and holds 100 ms of closes. Two drains at 1000/s thus close 1000 flows a
 * second between them, not 2000: the pacing protects the servers that take the clients over,
 * whichever drain the clients come from. Packet-path code throughout: no allocation outside {@link
 * #adopt}.
 */
public final class Drainer {
    /**
     * Table entries looked at per tick (millisecond) of scanning: a step covers this many per tick
     * since the last one, so a pass takes the same time whether the worker loop turns every
     * microsecond or waits 10 ms for frames. Only the part of the table ever used is walked.
     */
    public static final int SCAN_STEP = 8192;

    /** Most ticks' worth of entries one step looks at, so one step never stalls the worker long. */
    static final int MAX_STEP_TICKS = 16;

    /**
     * Quiet after a response, everything acknowledged, that makes a busy flow's close instant: a
     * few round trips on a LAN, less than any think time worth waiting for.
     */
    public static final long GAP_MILLIS = 5;

    /** After a client's flow was reset, its other flows are left alone this long (its retry). */
    public static final long RETRY_HOLD_MILLIS = 50;

    /**
     * Closes of one client's flows are this far apart, so that the server's FIN of one has reached
     * the client (which then takes that connection out of its pool) before the next is closed: a
     * request that crosses a close is retried on a connection that is not being closed too.
     */
    public static final long CLIENT_SPACING_MILLIS = 10;

    private static final int HOLD_SLOTS = 4096; // power of two

    private final ConnTable table;
    private final FlowActions actions;
    private final int workers;
    private final DrainFigures figures = new DrainFigures();

    private ServiceTable services;
    private boolean expireNodestConn;
    /** Per real index: the drain under way and when this worker started it. */
    private DrainSpec[] drains = new DrainSpec[0];

    private long[] started = new long[0];
    /**
     * Per connection id, one bit: the flow is in a transfer that a quiet moment does not end — the
     * server sent data on its own after a pause (a stream, a response written in parts), or the
     * client's window shut (it takes in a download at its own pace). Set while the flow's server
     * drains; cleared by the client's next request and when the connection ends ({@link #ended}).
     */
    private final long[] serverStreams;
    /** Per client (by a hash of its address): no close of its flows before this tick. */
    private final long[] quietUntil = new long[HOLD_SLOTS];

    private boolean draining;
    private boolean nodestWork;
    private boolean nodestSeen;
    private int cursor;
    private long lastStep = Long.MIN_VALUE;
    private long tokensMilli;
    private long lastRefill;
    /** Closes per second this worker may make: see the class comment. */
    private long ratePerWorker = 1;

    public Drainer(ConnTable table, FlowActions actions, int workers) {
        this.table = table;
        this.actions = actions;
        this.workers = Math.max(1, workers);
        this.serverStreams = new long[(table.capacity() + 63) >>> 6];
    }

    public DrainFigures figures() {
        return figures;
    }

    /** Whether a drain or a removal has flows to look at: {@link #step} has work. */
    public boolean active() {
        return draining || nodestWork;
    }

    /**
     * A new snapshot: drains that began start their clock now, drains that ended or were cancelled
     * are forgotten. Control plane rate (allocates when the table grew).
     */
    public void adopt(ServiceTable s, boolean expireNodest, long now) {
        this.services = s;
        this.expireNodestConn = expireNodest;
        int cap = s.realIndexCapacity();
        if (drains.length < cap) {
            drains = Arrays.copyOf(drains, cap);
            started = Arrays.copyOf(started, cap);
        }
        figures.ensure(cap);
        boolean any = false;
        boolean removed = false;
        int rate = 0;
        for (int i = 0; i < drains.length; i++) {
            RealServer r = i < cap ? s.real(i) : null;
            DrainSpec d = r != null && r.state() == RealState.DRAINING ? r.drain() : null;
            if (d != drains[i]) {
                drains[i] = d;
                started[i] = now;
            }
            if (d != null) {
                any = true;
                rate = Math.max(rate, d.closesPerSecond());
            }
            removed |= r != null && r.state() == RealState.REMOVED;
        }
        if (any && !draining) {
            tokensMilli = 0;
            lastRefill = now;
        }
        draining = any;
        nodestWork = expireNodest && removed;
        // A pass under way began before this snapshot and has already gone past part of the table:
        // only a whole pass from now on may find that no flow of a removed server is left.
        nodestSeen |= nodestWork && cursor != 0;
        ratePerWorker = Math.max(1, (rate + workers - 1) / workers);
    }

    /** One slice of the table scan, at most once per tick; call at a batch boundary. */
    public void step(long now) {
        if (!active() || now == lastStep) {
            return;
        }
        long ticks = lastStep == Long.MIN_VALUE ? 1 : Math.min(MAX_STEP_TICKS, now - lastStep);
        lastStep = now;
        int used = table.highWater();
        int end = (int) Math.min(used, cursor + SCAN_STEP * ticks);
        for (int id = cursor; id < end; id++) {
            if (table.isUsed(id)) {
                look(id, now);
            }
        }
        cursor = end;
        if (cursor >= used) {
            cursor = 0;
            figures.scanDone();
            // A whole pass found no flow of a removed server left: nothing to reset until the next snapshot.
            nodestWork = nodestWork && nodestSeen;
            nodestSeen = false;
        }
    }

    private void look(int id, long now) {
        int real = table.real(id);
        RealServer r = services.real(real);
        if (r == null) {
            return;
        }
        if (r.state() == RealState.REMOVED) {
            if (expireNodestConn) {
                nodestSeen = true;
                actions.resetBoth(id, now);
                figures.count(real, DrainFigures.NODEST_RESET);
            }
            return;
        }
        DrainSpec d = real < drains.length ? drains[real] : null;
        if (d == null) {
            return;
        }
        long elapsed = now - started[real];
        if (table.protocol(id) != ConnTracker.TCP) {
            // UDP has no close: a flow quiet for the idle grace is forgotten (its next datagram is
            // scheduled afresh), one still talking at the deadline too.
            if (elapsed >= d.timeoutMillis() || quiet(id, now) >= d.idleGraceMillis()) {
                actions.forget(id);
                figures.count(real, DrainFigures.ENDED);
            } else {
                figures.seen(real, FlowClass.IN_FLIGHT);
            }
            return;
        }
        int c = FlowClass.of(table, id, now, d.idleGraceMillis());
        if ((c == FlowClass.PAUSED || c == FlowClass.IDLE) && streams(id)) {
            c = FlowClass.STREAMING;
        }
        if (c == FlowClass.ENDED) {
            if ((table.flags(id) & (ConnFlags.DRAIN_CLOSED | ConnFlags.DRAIN_ENDED)) == 0) {
                table.setFlags(id, ConnFlags.DRAIN_ENDED);
                figures.count(real, DrainFigures.ENDED);
            }
            return;
        }
        if (elapsed >= d.timeoutMillis()) {
            actions.resetBoth(id, now);
            figures.count(real, DrainFigures.RESET);
            return;
        }
        // Idle flows from the start; from busy_after on also a busy flow in the gap after a
        // response. An all-acknowledged instant alone is no close instant: it also happens inside a
        // download paced by the client, whose window is then shut (FlowClass.STREAMING, never
        // closed here), or by the server, whose pauses are shorter than the gap.
        boolean closable = c == FlowClass.IDLE
                || (c == FlowClass.PAUSED && elapsed >= d.busyAfterMillis() && quiet(id, now) >= GAP_MILLIS);
        if (closable && graceful(id) && !held(id, now) && token(now) && actions.closeToServer(id, now)) {
            spaced(id, now, CLIENT_SPACING_MILLIS);
            figures.count(real, DrainFigures.CLOSED);
            c = FlowClass.CLOSING;
        }
        figures.seen(real, c);
    }

    /**
     * A client segment of a draining TCP flow, before it is tracked or forwarded. Returns true to
     * let it go on; false when it was a request crossing a close, answered with resets (the flow is
     * gone; the caller drops the segment).
     *
     * @param window the segment's window field as sent (unscaled)
     */
    public boolean clientSegment(int id, int seq, int ack, int tcpFlags, int window, int payloadLen, long now) {
        int real = table.real(id);
        DrainSpec d = real < drains.length ? drains[real] : null;
        if (d != null && (tcpFlags & TcpStates.ACK) != 0 && ConnTracker.windowShut(window)) {
            // The client's buffer filled: it takes in a transfer, which a quiet moment does not end.
            serverStreams[id >>> 6] |= 1L << id;
        }
        int f = table.flags(id);
        if (d == null
                || payloadLen == 0
                || (f & ConnFlags.SEQ_IN) == 0
                || seq + payloadLen - table.seqNext(id, ConnTable.IN) <= 0 // a retransmission
                || !graceful(id)) {
            return true;
        }
        boolean crossing = (f & ConnFlags.DRAIN_CLOSED) != 0;
        boolean streamed = streams(id);
        serverStreams[id >>> 6] &= ~(1L << id);
        if (!crossing
                && !streamed
                && now - started[real] >= d.busyAfterMillis()
                && (f
                                & (ConnFlags.CLIENT_SPOKE_LAST
                                        | ConnFlags.FIN_IN
                                        | ConnFlags.FIN_OUT
                                        | ConnFlags.CLIENT_WINDOW_SHUT))
                        == 0
                && seq == table.seqNext(id, ConnTable.IN)
                && (tcpFlags & TcpStates.ACK) != 0
                && ((f & ConnFlags.SEQ_OUT) == 0 || ack - table.seqNext(id, ConnTable.OUT) >= 0)
                && FlowClass.clientDataAcked(table, id)
                && quiet(id, now) < GAP_MILLIS
                && !held(id, now)) {
            // The next request, carrying the ACK of the last response with no gap before it (a
            // client that leaves a gap is closed in it by the scan): the close instant of a busy
            // flow, which the request itself crosses.
            crossing = token(now);
        }
        if (!crossing) {
            return true;
        }
        spaced(id, now, RETRY_HOLD_MILLIS);
        actions.resetBoth(id, now);
        figures.count(real, DrainFigures.CROSSED);
        return false;
    }

    /**
     * A server segment of a TCP flow, before it is tracked: data that follows a quiet moment in
     * which everything was acknowledged and the server had spoken last is the server going on by
     * itself (a stream, a response written in parts), so that flow's quiet moments are no close
     * instants until the client's next request.
     */
    public void serverSegment(int id, int payloadLen, long now) {
        if (payloadLen == 0 || !drains(table.real(id)) || streams(id)) {
            return;
        }
        int f = table.flags(id);
        if ((f & (ConnFlags.CLIENT_SPOKE_LAST | ConnFlags.FIN_IN | ConnFlags.FIN_OUT | ConnFlags.DRAIN_CLOSED)) == 0
                && (f & ConnFlags.SEQ_OUT) != 0
                && quiet(id, now) >= GAP_MILLIS
                && FlowClass.of(table, id, now, Long.MAX_VALUE) == FlowClass.PAUSED) {
            serverStreams[id >>> 6] |= 1L << id;
        }
    }

    /**
     * Connection {@code id} is gone, however it went: its entry may hold another flow next, which
     * must not inherit this one's stream.
     */
    public void ended(int id) {
        serverStreams[id >>> 6] &= ~(1L << id);
    }

    private boolean streams(int id) {
        return (serverStreams[id >>> 6] & (1L << id)) != 0;
    }

    /** A flow timed out; if it belonged to a drain and was not counted yet, it ended by itself. */
    public void timedOut(int id) {
        int real = table.real(id);
        if (drains(real) && (table.flags(id) & (ConnFlags.DRAIN_CLOSED | ConnFlags.DRAIN_ENDED)) == 0) {
            figures.count(real, DrainFigures.ENDED);
        }
    }

    /**
     * A packet for a flow whose server was removed, under {@code expire_nodest_conn}: the flow is
     * reset to both ends at once rather than left for the client to find out.
     */
    public void removedServerPacket(int id, long now) {
        int real = table.real(id);
        actions.resetBoth(id, now);
        figures.count(real, DrainFigures.NODEST_RESET);
    }

    private boolean drains(int real) {
        return real < drains.length && drains[real] != null;
    }

    /** Ticks since the flow's last packet either way. */
    private long quiet(int id, long now) {
        return now - table.lastTick(id, now);
    }

    private int holdSlot(int id) {
        long h = (table.clientHi(id) * 0x9E37_79B9_7F4A_7C15L ^ table.clientLo(id)) * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h >>> 52) & (HOLD_SLOTS - 1);
    }

    /** Whether the flow's client had a flow closed or reset too recently for another close. */
    private boolean held(int id, long now) {
        return now - quietUntil[holdSlot(id)] < 0;
    }

    /** No other flow of this flow's client is closed for {@code millis} from {@code now}. */
    private void spaced(int id, long now, long millis) {
        int slot = holdSlot(id);
        if (now + millis - quietUntil[slot] > 0) {
            quietUntil[slot] = now + millis;
        }
    }

    // Graceful closing needs both directions in view: NAT and FULLNAT.
    private boolean graceful(int id) {
        int fwd = table.fwd(id);
        return fwd == FwdMethod.NAT || fwd == FwdMethod.FULLNAT;
    }

    private boolean token(long now) {
        long burst = Math.max(1000, ratePerWorker * 100); // 100 ms worth, at least one close
        tokensMilli = Math.min(burst, tokensMilli + (now - lastRefill) * ratePerWorker);
        lastRefill = now;
        if (tokensMilli < 1000) {
            return false;
        }
        tokensMilli -= 1000;
        return true;
    }
}
