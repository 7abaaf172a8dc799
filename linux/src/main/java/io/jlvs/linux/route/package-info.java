/**
 * The kernel's routing table as an immutable longest-prefix-match snapshot ({@link
 * io.jlvs.linux.route.RouteTable}), read by rtnetlink dump ({@link io.jlvs.linux.route.Routes})
 * and kept current by {@link io.jlvs.linux.route.RouteWatcher}.
 */
package io.jlvs.linux.route;
