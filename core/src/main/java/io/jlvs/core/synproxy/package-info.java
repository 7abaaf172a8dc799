/**
 * SYNPROXY (alibaba/LVS {@code ip_vs_synproxy}, DESIGN §4): the director answers a client's SYN
 * itself with a syncookie SYN-ACK, keeps no state for it, and opens the real server's side only for
 * a client whose ACK returns a valid cookie; the server's sequence numbers, timestamps and window
 * scale are then shifted to the ones the client was given, for the life of the connection.
 *
 * <ul>
 *   <li>{@link io.jlvs.core.synproxy.SynCookies}: the cookie (keyed SipHash, time counter, rotated
 *       keys, MSS index) and the options carried in the timestamp, as Linux does.
 *   <li>{@link io.jlvs.core.synproxy.CookieSynAck}: the stateless SYN-ACK, written into a
 *       worker-owned frame.
 *   <li>{@link io.jlvs.core.synproxy.SynProxy}: one worker's handshakes.
 *   <li>{@link io.jlvs.core.synproxy.SynProxyFlows}: the per-connection shifts, kept in the
 *       connection table's entries.
 *   <li>{@link io.jlvs.core.synproxy.SynProxySettings}: the {@code synproxy_*} settings.
 * </ul>
 */
package io.jlvs.core.synproxy;
