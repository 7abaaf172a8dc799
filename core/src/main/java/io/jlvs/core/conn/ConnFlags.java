package io.jlvs.core.conn;

/**
 * Bits of a connection entry's flags byte ({@link ConnTable#flags}). The first two carry IPVS's
 * connection-flag meanings; the next four record which sequence tracking fields hold a value.
 * Bits 0x40 and 0x80 are free for later work (SYNPROXY, drain).
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
}
