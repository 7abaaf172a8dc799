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
 * One worker's side of draining (DESIGN.md §5): it walks the connection table a slice at a time
 * while a real server drains (or a removed one still has flows under {@code expire_nodest_conn}),
 * and looks at the client segments of draining flows as they pass.
 *
 * <ul>
 *   <li>Idle flows — all data acknowledged both ways after a response, quiet for the idle grace —
 *       are closed towards the server in the client's name; the server's own FIN then reaches the
 *       client, which sees an ordinary keep-alive close (NAT and FULLNAT: the director sees both
 *       directions).
 *   <li>From {@link DrainSpec#busyAfterMillis} on, busy flows are closed at the first instant all
 *       data is acknowledged between a response and the next request: the next request itself,
 *       answered with an exact-sequence reset before the server saw a byte of it (the race of every
 *       server idle timeout, RFC 9112 §9.5, which clients retry).
 *   <li>A client request that arrives after its flow was closed towards the server is answered the
 *       same way, and counted.
 *   <li>At the deadline, open flows are reset to both ends. DR and TUN flows (one direction seen)
 *       only get this.
 * </ul>
 *
 * Closes (graceful ones and busy flows' close instants) are paced by one token bucket per worker,
 * shared by every drain under way: it fills at the highest {@link DrainSpec#closesPerSecond} among
 * them divided by the number of workers (rounded up, so the total may exceed it by less than one
 * close per second per worker) and holds 100 ms of closes. Two drains at 1000/s thus close 1000
 * flows a second between them, not 2000: the pacing protects the servers that take the clients
 * over, whichever drain the clients come from. Packet-path code throughout: no allocation outside
 * {@link #adopt}.
 */
public final class Drainer {
    /** Table entries looked at per scan step; a step runs at most once per tick. */
    public static final int SCAN_STEP = 8192;

    private final ConnTable table;
    private final FlowActions actions;
    private final int workers;
    private final DrainFigures figures = new DrainFigures();

    private ServiceTable services;
    private boolean expireNodestConn;
    /** Per real index: the drain under way and when this worker started it. */
    private DrainSpec[] drains = new DrainSpec[0];

    private long[] started = new long[0];
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
        lastStep = now;
        int capacity = table.capacity();
        int end = Math.min(capacity, cursor + SCAN_STEP);
        for (int id = cursor; id < end; id++) {
            if (table.isUsed(id)) {
                look(id, now);
            }
        }
        cursor = end;
        if (cursor >= capacity) {
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
            long last = table.lastTick(id, now);
            if (elapsed >= d.timeoutMillis() || now - last >= d.idleGraceMillis()) {
                actions.forget(id);
                figures.count(real, DrainFigures.ENDED);
            } else {
                figures.seen(real, FlowClass.IN_FLIGHT);
            }
            return;
        }
        int c = FlowClass.of(table, id, now, d.idleGraceMillis());
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
        if (c == FlowClass.IN_FLIGHT) {
            if ((table.flags(id) & ConnFlags.DRAIN_BUSY) != 0) {
                c = FlowClass.STREAMING;
            }
            table.setFlags(id, ConnFlags.DRAIN_BUSY);
        } else {
            table.clearFlags(id, ConnFlags.DRAIN_BUSY);
        }
        // Only a flow quiet for the idle grace is closed here: an all-acknowledged instant alone
        // also happens inside a download paced by the server or by the client's window, which a
        // close would cut. A busy flow's close instant is its next request (clientSegment).
        if (c == FlowClass.IDLE && graceful(id) && token(now) && actions.closeToServer(id, now)) {
            figures.count(real, DrainFigures.CLOSED);
            c = FlowClass.CLOSING;
        }
        figures.seen(real, c);
    }

    /**
     * A client segment of a draining TCP flow, before it is tracked or forwarded. Returns true to
     * let it go on; false when it was a request crossing a close, answered with resets (the flow is
     * gone; the caller drops the segment).
     */
    public boolean clientSegment(int id, int seq, int ack, int tcpFlags, int payloadLen, long now) {
        int real = table.real(id);
        DrainSpec d = real < drains.length ? drains[real] : null;
        int f = table.flags(id);
        if (d == null
                || payloadLen == 0
                || (f & ConnFlags.SEQ_IN) == 0
                || seq + payloadLen - table.seqNext(id, ConnTable.IN) <= 0 // a retransmission
                || !graceful(id)) {
            return true;
        }
        boolean crossing = (f & ConnFlags.DRAIN_CLOSED) != 0;
        if (!crossing
                && now - started[real] >= d.busyAfterMillis()
                && (f & (ConnFlags.CLIENT_SPOKE_LAST | ConnFlags.FIN_IN | ConnFlags.FIN_OUT)) == 0
                && seq == table.seqNext(id, ConnTable.IN)
                && (tcpFlags & TcpStates.ACK) != 0
                && ((f & ConnFlags.SEQ_OUT) == 0 || ack - table.seqNext(id, ConnTable.OUT) >= 0)
                && FlowClass.clientDataAcked(table, id)) {
            // The next request, carrying the ACK of the last response: the close instant of a busy
            // flow, which the request itself crosses.
            crossing = token(now);
        }
        if (!crossing) {
            return true;
        }
        actions.resetBoth(id, now);
        figures.count(real, DrainFigures.CROSSED);
        return false;
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
