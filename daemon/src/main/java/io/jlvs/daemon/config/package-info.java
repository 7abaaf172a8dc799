/**
 * The configuration of jlvsd: keepalived.conf's LVS part, read as keepalived reads it, into an
 * immutable model.
 *
 * <p>{@link io.jlvs.daemon.config.ConfigLoader} is the entry point; {@link
 * io.jlvs.daemon.config.KeepalivedConfig} the result; {@link io.jlvs.daemon.config.ConfigException}
 * lists every error as {@code file:line:col: keyword: message}; {@link
 * io.jlvs.daemon.config.ConfigDiff} says what a reload would change.
 *
 * <p>Accepted: {@code global_defs} (the LVS keywords; keepalived's others are skipped, unknown ones
 * warned about), {@code virtual_server_group}, {@code virtual_server} with every keepalived 2.x
 * keyword and checker, the top-level {@code SSL} block, {@code include} and its variants, alibaba/LVS's
 * {@code local_address_group}, {@code lb_kind FNAT}, {@code laddr_group_name}, {@code syn_proxy},
 * {@code est_timeout}, and jlvs's {@code jlvs_defs} block and per-service keywords (see {@link
 * io.jlvs.daemon.config.JlvsDefs}). VRRP, BFD and the other keepalived blocks belong to other
 * processes and are skipped. Not supported (refused, so that a file never means something else
 * here): keepalived's {@code $NAME=} parameters and {@code ~SEQ}/{@code ~LST} expansions.
 */
package io.jlvs.daemon.config;
