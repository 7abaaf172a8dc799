/**
 * Taking a real server out of service quickly and smoothly (DESIGN.md §5): per worker, the flows of
 * a draining real server are classified from what the director saw in both directions, idle ones
 * are closed gracefully (a FIN to the server in the client's name), busy ones at the instant all
 * data is acknowledged, and what is left at the deadline is reset to both ends with exact sequence
 * numbers. The same resets serve IPVS's {@code expire_nodest_conn} for removed servers.
 */
package io.jlvs.core.drain;
