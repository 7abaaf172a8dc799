/**
 * Connection tracking for one worker: the off-heap connection table indexed from both directions
 * of a flow ({@link io.jlvs.core.conn.ConnTable}), the timer wheel that expires its entries
 * ({@link io.jlvs.core.conn.TimerWheel}), the ActiveConn/InActConn counts schedulers read
 * ({@link io.jlvs.core.conn.RealServerLoad}), FULLNAT local port allocation ({@link
 * io.jlvs.core.conn.LocalPortAllocator}), and the tracker that keeps them consistent per packet
 * ({@link io.jlvs.core.conn.ConnTracker}). Services and real servers are referred to by their
 * stable int index; packet facts arrive as primitives.
 */
package io.jlvs.core.conn;
