package io.jlvs.core.conn;

import io.jlvs.core.proto.TcpStates;
import io.jlvs.core.proto.Timeouts;
import io.jlvs.core.proto.UdpStates;

/**
 * A worker's connection tracking: creates entries, feeds them the packets of their flow, and
 * retires them, keeping the table, the timer wheel, the ActiveConn/InActConn counts and the
 * FULLNAT local ports consistent with each other. The data path calls this rather than the parts.
 *
 * <p>What one packet does ({@link #tcp}), as IPVS's {@code set_tcp_state} does: pick the
 * transition table (input, output, or input-only for a DR/TUN connection that has never shown a
 * reply), move the state, move the connection between ActiveConn and InActConn when the state
 * crosses, and push the expiry out to now + the new state's timeout. jlvs adds the per-direction
 * tracking FULLNAT, SYNPROXY and draining need: the highest sequence number sent, the highest
 * acknowledgement carried and the tick of the last packet, per direction.
 *
 * <p>Ownership: for FULLNAT, {@link #open} takes over the local address and port passed to it
 * (from {@link LocalPortAllocator#allocate}); they are released when the connection ends, or at
 * once if the insert fails.
 *
 * <p>All methods but the constructor and {@link #timeouts(Timeouts)} are packet-path code: no
 * allocation, no lock, no exception.
 */
public final class ConnTracker {
    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;

    private final ConnTable table;
    private final TimerWheel wheel;
    private final RealServerLoad load;
    private final LocalPortAllocator ports;
    private final ConnExpiryListener listener;
    private final TimerWheel.Handler onExpiry;
    private Timeouts timeouts;

    /**
     * Tracking over one worker's parts; control plane.
     *
     * @param ports the worker's FULLNAT port allocator, or null when no service uses FULLNAT
     * @param listener told of each connection that times out, or null
     */
    public ConnTracker(
            ConnTable table,
            TimerWheel wheel,
            RealServerLoad load,
            Timeouts timeouts,
            LocalPortAllocator ports,
            ConnExpiryListener listener) {
        this.table = table;
        this.wheel = wheel;
        this.load = load;
        this.timeouts = timeouts;
        this.ports = ports;
        this.listener = listener;
        this.onExpiry = this::expireOne;
    }

    /** The table tracked. */
    public ConnTable table() {
        return table;
    }

    /** The ActiveConn/InActConn counts kept. */
    public RealServerLoad load() {
        return load;
    }

    /** The timeouts in use. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /**
     * Switches to new timeouts (from a new snapshot, at a batch boundary). Like a change of
     * IPVS's timeout table, it applies from each connection's next packet.
     */
    public void timeouts(Timeouts t) {
        this.timeouts = t;
    }

    /**
     * Creates a connection for the first packet of a flow, in state NONE (UDP: its one state),
     * counted in InActConn of its real server. Feed the packet itself to {@link #tcp} or {@link
     * #udp} next.
     *
     * @param laddr FULLNAT local address index or -1; see {@link ConnTable#insert}
     * @return the connection id, or a negative {@link ConnTable} result code ({@link
     *     ConnTable#INVALID} also for a protocol other than TCP/UDP or a real index the load
     *     counts do not cover); the caller counts the drop
     */
    public int open(
            int proto,
            long cHi,
            long cLo,
            int cport,
            long vHi,
            long vLo,
            int vport,
            long rHi,
            long rLo,
            int rport,
            int laddr,
            int lport,
            int service,
            int real,
            int fwd,
            long now) {
        int id = ConnTable.INVALID;
        if ((proto == TCP || proto == UDP) && load.covers(real)) {
            id = table.insert(
                    proto, cHi, cLo, cport, vHi, vLo, vport, rHi, rLo, rport, laddr, lport, service, real, fwd);
        }
        if (id < 0) {
            if (ports != null && laddr >= 0) {
                ports.release(laddr, lport);
            }
            return id;
        }
        table.flags(id, ConnFlags.INACTIVE | (FwdMethod.seesReplies(fwd) ? 0 : ConnFlags.NOOUTPUT));
        table.state(id, proto == TCP ? TcpStates.NONE : UdpStates.NORMAL);
        table.touch(id, now);
        load.bound(real, false);
        int ticks = proto == TCP ? timeouts.tcpTicks(TcpStates.NONE, service) : timeouts.udpTicks();
        wheel.schedule(id, now + ticks);
        return id;
    }

    /**
     * Applies one TCP segment of the connection.
     *
     * @param dir {@link ConnTable#IN} (from the client) or {@link ConnTable#OUT} (from the real)
     * @param tcpFlags the flags byte of the TCP header
     * @param seq the segment's sequence number as received, before any rewrite
     * @param ack the segment's acknowledgement number as received (used when ACK is set)
     * @param payloadLen bytes of TCP payload
     * @param window the segment's window field as sent (unscaled): whether a client's
     *     acknowledgement shut its window is recorded ({@link ConnFlags#CLIENT_WINDOW_SHUT})
     * @return the connection's new state
     */
    public int tcp(int conn, int dir, int tcpFlags, int seq, int ack, int payloadLen, int window, long now) {
        int f = table.flags(conn);
        int direction;
        if (dir == ConnTable.OUT) {
            direction = TcpStates.OUTPUT;
            f &= ~ConnFlags.NOOUTPUT; // a reply was seen: both tables from now on
        } else {
            direction = (f & ConnFlags.NOOUTPUT) != 0 ? TcpStates.INPUT_ONLY : TcpStates.INPUT;
        }
        int old = table.state(conn);
        int next = TcpStates.next(direction, tcpFlags, old);
        if (next != old) {
            boolean active = TcpStates.isActive(next);
            if ((f & ConnFlags.INACTIVE) == 0 && !active) {
                load.deactivated(table.real(conn));
                f |= ConnFlags.INACTIVE;
            } else if ((f & ConnFlags.INACTIVE) != 0 && active) {
                load.activated(table.real(conn));
                f &= ~ConnFlags.INACTIVE;
            }
            table.state(conn, next);
        }
        if ((tcpFlags & TcpStates.RST) == 0) {
            // SYN and FIN each take one sequence number (RFC 9293 §3.4).
            int end = seq
                    + payloadLen
                    + ((tcpFlags & TcpStates.SYN) != 0 ? 1 : 0)
                    + ((tcpFlags & TcpStates.FIN) != 0 ? 1 : 0);
            int seqBit = dir == ConnTable.OUT ? ConnFlags.SEQ_OUT : ConnFlags.SEQ_IN;
            if ((f & seqBit) == 0 || end - table.seqNext(conn, dir) > 0) {
                table.seqNext(conn, dir, end);
                f |= seqBit;
            }
            if (payloadLen > 0) {
                f = dir == ConnTable.IN ? f | ConnFlags.CLIENT_SPOKE_LAST : f & ~ConnFlags.CLIENT_SPOKE_LAST;
            }
            if ((tcpFlags & TcpStates.FIN) != 0) {
                f |= dir == ConnTable.OUT ? ConnFlags.FIN_OUT : ConnFlags.FIN_IN;
            }
            if ((tcpFlags & TcpStates.ACK) != 0) {
                int ackBit = dir == ConnTable.OUT ? ConnFlags.ACK_OUT : ConnFlags.ACK_IN;
                if ((f & ackBit) == 0 || ack - table.ackMax(conn, dir) > 0) {
                    table.ackMax(conn, dir, ack);
                    f |= ackBit;
                }
                if (dir == ConnTable.IN) {
                    f = windowShut(window) ? f | ConnFlags.CLIENT_WINDOW_SHUT : f & ~ConnFlags.CLIENT_WINDOW_SHUT;
                }
            }
        }
        table.flags(conn, f);
        table.touch(conn, now);
        wheel.schedule(conn, now + timeouts.tcpTicks(next, table.service(conn)));
        return next;
    }

    /**
     * Whether a segment's window field says the receiver has no room: zero, or one unit of the
     * window scale (Linux rounds a nearly full buffer down to that).
     */
    public static boolean windowShut(int window) {
        return window <= 1;
    }

    /** Applies one UDP datagram of the connection: refreshes it with the UDP timeout. */
    public void udp(int conn, int dir, long now) {
        if (dir == ConnTable.OUT) {
            table.clearFlags(conn, ConnFlags.NOOUTPUT);
        }
        table.touch(conn, now);
        wheel.schedule(conn, now + timeouts.udpTicks());
    }

    /**
     * Retires every connection whose deadline is at or before {@code now}: each leaves both
     * indices, the listener is told, its counts and FULLNAT port are released and its entry is
     * freed. Call once per batch with the batch's tick.
     *
     * @return the number of connections retired
     */
    public int expire(long now) {
        return wheel.advance(now, onExpiry);
    }

    /**
     * Makes the connection expire as soon as possible (IPVS's {@code ip_vs_conn_expire_now}):
     * at {@code expire(now)}, or at the next later tick if {@code now} was already processed;
     * through the same path as a timeout, listener included.
     */
    public void expireNow(int conn, long now) {
        wheel.schedule(conn, now);
    }

    /**
     * Removes a connection at once, releasing its counts and FULLNAT port, without telling the
     * listener (the caller knows); no-op for an id not in use.
     */
    public void remove(int conn) {
        if (!table.isUsed(conn)) {
            return;
        }
        table.unhash(conn);
        release(conn);
        table.free(conn);
    }

    private void expireOne(int conn) {
        table.unhash(conn);
        if (listener != null) {
            listener.expired(conn);
        }
        release(conn);
        table.free(conn);
    }

    private void release(int conn) {
        load.unbound(table.real(conn), (table.flags(conn) & ConnFlags.INACTIVE) == 0);
        int laddr = table.localAddress(conn);
        if (ports != null && laddr >= 0) {
            ports.release(laddr, table.localPort(conn));
        }
    }
}
