package io.jlvs.daemon.registry;

/** A real server's current connections: ipvsadm's ActiveConn, InActConn and PersistConn. */
public record ConnectionCounts(long active, long inactive, long persistent) {
    public static final ConnectionCounts NONE = new ConnectionCounts(0, 0, 0);
}
