package io.jlvs.core.conn;

/**
 * Bits of a connection entry's 16-bit flags ({@link ConnTable#flags}). The first two carry IPVS's
 * connection-flag meanings; the next four record which sequence tracking fields hold a value; then
 * what the director saw of the conversation (who spoke last, FINs) and what a drain did to it.
 * Bits 0x1000 and 0x2000 are SYNPROXY's; 0x4000 and 0x8000 carry the client address.
 */
public final class ConnFlags {
    private ConnFlags() {}

    /**
     * Counted in InActConn, not ActiveConn (IPVS's IP_VS_CONN_F_INACTIVE). Set on a new entry, as
     * IPVS binds every new connection inactive and lets the protocol's state changes move it.
     */
    public static final int INACTIVE = 0x01;
    /**
     * No reply seen yet on a DR/TUN connection: client segments use the input-only TCP table.
     * Cleared by the first reply (IPVS's IP_VS_CONN_F_NOOUTPUT).
     */
    public static final int NOOUTPUT = 0x02;
    /** {@link ConnTable#seqNext} of the client-to-server direction holds a value. */
    public static final int SEQ_IN = 0x04;
    /** {@link ConnTable#seqNext} of the server-to-client direction holds a value. */
    public static final int SEQ_OUT = 0x08;
    /** {@link ConnTable#ackMax} of the client-to-server direction holds a value. */
    public static final int ACK_IN = 0x10;
    /** {@link ConnTable#ackMax} of the server-to-client direction holds a value. */
    public static final int ACK_OUT = 0x20;
    /**
     * The latest segment with payload came from the client (a request), not the real server (a
     * response): a flow with all data acknowledged is waiting for a response, not idle after one.
     */
    public static final int CLIENT_SPOKE_LAST = 0x40;
    /** The client sent a FIN. */
    public static final int FIN_IN = 0x80;
    /** The real server sent a FIN. */
    public static final int FIN_OUT = 0x100;
    /**
     * A drain closed the flow towards the real server: jlvs sent it a FIN as if from the client, and
     * the client-to-server sequence delta includes the one sequence number that FIN took.
     */
    public static final int DRAIN_CLOSED = 0x200;
    /**
     * The client's latest acknowledgement advertised a shut receive window (zero, or one unit of
     * its window scale: {@link ConnTracker#windowShut}): it takes data in more
     * slowly than the server sends (a download it paces), so the server may have more to write
     * even when everything sent is acknowledged and the flow is quiet.
     */
    public static final int CLIENT_WINDOW_SHUT = 0x400;
    /** Counted among the flows of a drain that ended by themselves. */
    public static final int DRAIN_ENDED = 0x800;
    /**
     * Opened by SYNPROXY: the client's handshake was with the director's cookie, and the real
     * server's sequence numbers are shifted into the client's view (core/synproxy).
     */
    public static final int SYNPROXY = 0x1000;
    /** SYNPROXY: the real server's SYN-ACK has not come yet; client segments are held. */
    public static final int SYNPROXY_PENDING = 0x2000;
    /**
     * The real server has not yet acknowledged anything that carried the client's address (TOA
     * option, PROXY header): see {@code clientaddr.ClientAddressCarrier}.
     */
    public static final int CLIENT_ADDRESS_OWED = 0x4000;
    /** The sequence delta includes the PROXY header's length (the header's place is taken). */
    public static final int CLIENT_ADDRESS_SHIFTED = 0x8000;
}
