/**
 * The admin API shared by {@code jlvsd} and {@code jlvsadm}: the operator-level table model
 * (virtual services, real servers, their counters and rates, connection entries), the commands
 * that change the table, the request/response envelope and the Unix-socket transport.
 *
 * <p>The model speaks the operator's words (ipvsadm's and keepalived's), not the data plane's:
 * a {@link io.jlvs.api.ServiceConfig} is what {@code ipvsadm -A} takes, a {@link
 * io.jlvs.api.RealServerConfig} what {@code ipvsadm -a} takes. Addresses are carried as two
 * longs, the convention of {@code io.jlvs.core.net.InetAddr} (IPv4 in its IPv4-mapped form), so a
 * value here converts to the data plane's key without parsing; on the wire an address is its
 * text form.
 *
 * <p>Every type is a plain immutable value that Jackson reads and writes; {@link
 * io.jlvs.api.AdminJson#mapper()} is the one configured mapper both ends use.
 */
package io.jlvs.api;
