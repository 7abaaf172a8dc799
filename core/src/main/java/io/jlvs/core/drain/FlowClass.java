package io.jlvs.core.drain;

import io.jlvs.core.conn.ConnFlags;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.proto.TcpStates;

/**
 * What a TCP flow is doing, judged from what the director saw in both directions: the highest
 * sequence number each side sent, the highest acknowledgement each side carried, who sent data last,
 * the FINs, and when the last packet passed. Packet-path code: no allocation.
 */
public final class FlowClass {
    private FlowClass() {}

    /** Data sent by one side is not yet acknowledged by the other. */
    public static final int IN_FLIGHT = 0;
    /**
     * The client's window is shut ({@link ConnFlags#CLIENT_WINDOW_SHUT}): a transfer the client
     * takes in more slowly than the server sends, such as a paced download.
     */
    public static final int STREAMING = 1;
    /** The client's request is acknowledged and the server has not answered yet. */
    public static final int AWAITING_RESPONSE = 2;
    /** Everything acknowledged after a response, quiet for less than the idle grace. */
    public static final int PAUSED = 3;
    /** Everything acknowledged after a response, quiet for the idle grace: safe to close. */
    public static final int IDLE = 4;
    /** One side sent a FIN, the other has not. */
    public static final int HALF_CLOSED = 5;
    /** A drain sent the server a FIN; waiting for the server's. */
    public static final int CLOSING = 6;
    /** Nothing more will come from the server: both FINs, the server's FIN after a drain's, or a closed state. */
    public static final int ENDED = 7;

    /** Classes of flows still open (all but {@link #ENDED}). */
    public static final int OPEN_COUNT = 7;

    private static final String[] NAMES = {
        "in_flight", "streaming", "awaiting_response", "paused", "idle", "half_closed", "closing", "ended"
    };

    /** Lower-case label (metrics, API). */
    public static String name(int flowClass) {
        return NAMES[flowClass];
    }

    /** Classifies TCP flow {@code id} at {@code now}. */
    public static int of(ConnTable t, int id, long now, long idleGrace) {
        int f = t.flags(id);
        int state = t.state(id);
        if (state == TcpStates.TIME_WAIT
                || state == TcpStates.CLOSE
                || (f & (ConnFlags.FIN_IN | ConnFlags.FIN_OUT)) == (ConnFlags.FIN_IN | ConnFlags.FIN_OUT)) {
            return ENDED;
        }
        if ((f & ConnFlags.DRAIN_CLOSED) != 0) {
            return (f & ConnFlags.FIN_OUT) != 0 ? ENDED : CLOSING;
        }
        if ((f & (ConnFlags.FIN_IN | ConnFlags.FIN_OUT)) != 0) {
            return HALF_CLOSED;
        }
        if ((f & ConnFlags.CLIENT_WINDOW_SHUT) != 0) {
            return STREAMING;
        }
        if (!allAcked(t, id)) {
            return IN_FLIGHT;
        }
        if ((f & ConnFlags.CLIENT_SPOKE_LAST) != 0) {
            return AWAITING_RESPONSE;
        }
        long last = t.lastTick(id, now);
        return now - last >= idleGrace ? IDLE : PAUSED;
    }

    /**
     * Whether every byte each side sent has been acknowledged by the other (compared in the
     * server's sequence space for the client's data, which the director may shift by {@link
     * ConnTable#seqDelta}). A side that sent nothing yet counts as acknowledged; a side whose
     * data was never seen acknowledged (no reply seen: DR, TUN) does not.
     */
    private static boolean allAcked(ConnTable t, int id) {
        int f = t.flags(id);
        return clientDataAcked(t, id)
                && ((f & ConnFlags.SEQ_OUT) == 0
                        || ((f & ConnFlags.ACK_IN) != 0
                                && t.ackMax(id, ConnTable.IN) - t.seqNext(id, ConnTable.OUT) >= 0));
    }

    /** Whether the server acknowledged every byte the client sent (see {@link #allAcked}). */
    public static boolean clientDataAcked(ConnTable t, int id) {
        int f = t.flags(id);
        return (f & ConnFlags.SEQ_IN) == 0
                || ((f & ConnFlags.ACK_OUT) != 0
                        && t.ackMax(id, ConnTable.OUT) - t.seqDelta(id) - t.seqNext(id, ConnTable.IN) >= 0);
    }
}
