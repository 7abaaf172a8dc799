/**
 * The kernel's routing table for the data plane: read by rtnetlink dump ({@link
 * io.jlvs.linux.route.Routes}) into core's longest-prefix-match {@link
 * io.jlvs.core.route.RouteTable}, and kept current by {@link io.jlvs.linux.route.RouteWatcher}.
 */
package io.jlvs.linux.route;
