package io.jlvs.core.proto;

/**
 * The TCP connection states IPVS tracks for a connection it forwards, and its transition tables.
 *
 * <p>IPVS does not run a full TCP state machine: it watches the flags of the segments it forwards
 * and moves a connection through eleven coarse states whose only purposes are choosing a timeout
 * ({@link Timeouts}) and telling ActiveConn from InActConn ({@link #isActive}). jlvs keeps the
 * same states, the same numbering (so {@code ipvsadm -lnc} output and connection sync carry the
 * same values) and the same transitions, so that a runbook tuned against kernel IPVS timeouts
 * behaves the same here.
 *
 * <p>A segment is reduced to one event by priority RST &gt; SYN &gt; FIN &gt; ACK (a RST+ACK is a
 * reset, a SYN+ACK is a SYN). A segment with none of those flags moves the connection to CLOSE,
 * as IPVS does: such a segment is not valid TCP (RFC 9293 §3.10.7 requires ACK on every segment
 * after the handshake), so the connection is given the short CLOSE timeout.
 *
 * <p>There are three tables: {@link #INPUT} for segments from the client, {@link #OUTPUT} for
 * segments from the real server, and {@link #INPUT_ONLY} for connections where the director sees
 * only the client's half (DR and TUN: the real server answers the client directly). The tables are
 * data: {@code NEXT[direction][state][event]}, indexed, never branched on.
 */
public final class TcpStates {
    private TcpStates() {}

    /** Entry created, no segment seen yet. */
    public static final int NONE = 0;

    public static final int ESTABLISHED = 1;
    /** The real server sent a SYN (connection opened from the real-server side). */
    public static final int SYN_SENT = 2;
    /** The client sent a SYN. */
    public static final int SYN_RECV = 3;
    /** One side sent a FIN (the real server's, or either side's when only input is seen). */
    public static final int FIN_WAIT = 4;

    public static final int TIME_WAIT = 5;
    public static final int CLOSE = 6;
    /** The client sent a FIN while the real server's half is still open. */
    public static final int CLOSE_WAIT = 7;

    public static final int LAST_ACK = 8;
    /** Used by application helpers (FTP data) to wait for a connection; kept for numbering. */
    public static final int LISTEN = 9;
    /** SYN seen in input-only mode under SYN-flood defence; kept for numbering. */
    public static final int SYNACK = 10;
    /** Number of states; valid states are {@code 0 .. COUNT-1}. */
    public static final int COUNT = 11;

    /** Direction: a segment from the client towards the real server. */
    public static final int INPUT = 0;
    /** Direction: a segment from the real server towards the client. */
    public static final int OUTPUT = 1;
    /** Direction: a client segment on a connection whose replies bypass the director (DR, TUN). */
    public static final int INPUT_ONLY = 2;

    /** TCP flag bits as they sit in the flags byte of the header (RFC 9293 §3.1). */
    public static final int FIN = 0x01;

    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    /** Events, in the column order of {@link #NEXT}. */
    static final int EV_SYN = 0;

    static final int EV_FIN = 1;
    static final int EV_ACK = 2;
    static final int EV_RST = 3;
    /** No SYN, FIN, ACK or RST flag: not a valid segment for state tracking. */
    static final int EV_NONE = -1;

    private static final int NO = NONE;
    private static final int ES = ESTABLISHED;
    private static final int SS = SYN_SENT;
    private static final int SR = SYN_RECV;
    private static final int FW = FIN_WAIT;
    private static final int TW = TIME_WAIT;
    private static final int CL = CLOSE;
    private static final int CW = CLOSE_WAIT;
    private static final int LA = LAST_ACK;
    private static final int LI = LISTEN;

    /*
     * NEXT[direction][current state] = {after SYN, after FIN, after ACK, after RST}.
     * One row per state so a reader can follow one connection's life down the rows; the
     * transitions are those of the kernel's ip_vs_proto_tcp.c (non-secure_tcp tables).
     */
    private static final byte[][][] NEXT = {
        { // INPUT: client -> real server
            /* NONE        */ {SR, CL, ES, CL},
            /* ESTABLISHED */ {ES, CW, ES, CL},
            /* SYN_SENT    */ {ES, SS, SS, CL},
            /* SYN_RECV    */ {SR, TW, ES, SR},
            /* FIN_WAIT    */ {SR, TW, FW, CL},
            /* TIME_WAIT   */ {SR, TW, TW, CL},
            /* CLOSE       */ {SR, CL, CL, CL},
            /* CLOSE_WAIT  */ {SR, CW, CW, CL},
            /* LAST_ACK    */ {SR, LA, CL, LA},
            /* LISTEN      */ {SR, LI, LI, LI},
            /* SYNACK      */ {SR, TW, ES, SR},
        },
        { // OUTPUT: real server -> client
            /* NONE        */ {SS, TW, ES, CL},
            /* ESTABLISHED */ {ES, FW, ES, CL},
            /* SYN_SENT    */ {SS, SS, SS, SS},
            /* SYN_RECV    */ {SR, TW, ES, CL},
            /* FIN_WAIT    */ {SS, FW, FW, CL},
            /* TIME_WAIT   */ {SS, TW, TW, TW},
            /* CLOSE       */ {SS, CL, CL, CL},
            /* CLOSE_WAIT  */ {SS, TW, CW, CL},
            /* LAST_ACK    */ {SS, LA, LA, CL},
            /* LISTEN      */ {LI, LI, ES, CL},
            /* SYNACK      */ {SR, TW, ES, CL},
        },
        { // INPUT_ONLY: client -> real server, replies not seen
            /* NONE        */ {SR, CL, ES, CL},
            /* ESTABLISHED */ {ES, FW, ES, CL},
            /* SYN_SENT    */ {ES, SS, SS, CL},
            /* SYN_RECV    */ {SR, TW, ES, SR},
            /* FIN_WAIT    */ {SR, FW, FW, CL},
            /* TIME_WAIT   */ {SR, TW, TW, CL},
            /* CLOSE       */ {SR, CL, CL, CL},
            /* CLOSE_WAIT  */ {SR, CW, CW, CL},
            /* LAST_ACK    */ {SR, LA, CL, LA},
            /* LISTEN      */ {SR, LI, LI, LI},
            /* SYNACK      */ {SR, TW, ES, CL},
        },
    };

    /*
     * Which states count as ActiveConn. Older kernels counted ESTABLISHED only; current ones
     * (kernel commit "ipvs: count pre-established TCP states as active") add SYN_SENT, SYN_RECV
     * and SYNACK, so that a burst of reconnecting clients is not seen by lc/wlc as 256 times
     * lighter than it is. jlvs matches the current kernel, whose numbers ipvsadm shows today.
     */
    private static final boolean[] ACTIVE = {
        false, // NONE
        true, // ESTABLISHED
        true, // SYN_SENT
        true, // SYN_RECV
        false, // FIN_WAIT
        false, // TIME_WAIT
        false, // CLOSE
        false, // CLOSE_WAIT
        false, // LAST_ACK
        false, // LISTEN
        true, // SYNACK
    };

    /** Names as {@code ipvsadm -lnc} prints them. */
    private static final String[] NAMES = {
        "NONE",
        "ESTABLISHED",
        "SYN_SENT",
        "SYN_RECV",
        "FIN_WAIT",
        "TIME_WAIT",
        "CLOSE",
        "CLOSE_WAIT",
        "LAST_ACK",
        "LISTEN",
        "SYNACK"
    };

    /**
     * The event a segment with these flags is for the state machine: RST, then SYN, then FIN, then
     * ACK win; {@link #EV_NONE} when none is set.
     */
    static int event(int tcpFlags) {
        if ((tcpFlags & RST) != 0) {
            return EV_RST;
        }
        if ((tcpFlags & SYN) != 0) {
            return EV_SYN;
        }
        if ((tcpFlags & FIN) != 0) {
            return EV_FIN;
        }
        if ((tcpFlags & ACK) != 0) {
            return EV_ACK;
        }
        return EV_NONE;
    }

    /**
     * The state after a segment.
     *
     * @param direction {@link #INPUT}, {@link #OUTPUT} or {@link #INPUT_ONLY}
     * @param tcpFlags the flags byte of the segment's TCP header
     * @param state the current state, {@code 0 .. COUNT-1}
     * @return the next state; {@link #CLOSE} for a segment with no SYN, FIN, ACK or RST, and for a
     *     direction or state out of range (a corrupt entry is retired, not trusted)
     */
    public static int next(int direction, int tcpFlags, int state) {
        int ev = event(tcpFlags);
        if (ev < 0 || direction < 0 || direction > INPUT_ONLY || state < 0 || state >= COUNT) {
            return CLOSE;
        }
        return NEXT[direction][state][ev];
    }

    /** True when IPVS counts a connection in this state as ActiveConn rather than InActConn. */
    public static boolean isActive(int state) {
        return state >= 0 && state < COUNT && ACTIVE[state];
    }

    /** The state's name as {@code ipvsadm -lnc} prints it; control plane only. */
    public static String name(int state) {
        return state >= 0 && state < COUNT ? NAMES[state] : "ERR!";
    }
}
