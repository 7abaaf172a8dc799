/**
 * The admin API's server end: jlvsd's Unix domain socket, speaking newline-delimited JSON (one
 * request, one response per connection), executing requests against the {@link
 * io.jlvs.daemon.registry.Registry}.
 *
 * <p>{@link io.jlvs.daemon.admin.AdminServer} owns the socket: created with mode 0600 so only the
 * daemon's user can connect (DESIGN.md §6, "mutations only for root"), a virtual thread per
 * connection. {@link io.jlvs.daemon.admin.AdminHandler} turns one request into one response and
 * never throws: malformed JSON, an unknown operation or bad arguments are answered with an error,
 * a refused change with ipvsadm's message and exit code.
 */
package io.jlvs.daemon.admin;
