package io.jlvs.core.sched;

/**
 * The connection counts ipvsadm shows as ActiveConn and InActConn, per real server index, as the
 * worker's connection table keeps them. The least-connection schedulers read them; they are never
 * written here.
 */
public interface RealLoad {
    /** Connections counted active (IPVS: TCP ESTABLISHED) on this worker. */
    int activeConns(int real);

    /** Connections counted inactive (every other state, and UDP) on this worker. */
    int inactiveConns(int real);
}
