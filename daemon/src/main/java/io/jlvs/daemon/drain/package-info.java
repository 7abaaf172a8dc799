/**
 * The control plane's side of draining a real server (DESIGN.md §5): starting a drain, watching
 * the data plane's figures until the server has no open flow or the deadline passed, then taking
 * it out of the table (or leaving it at weight 0), with a summary for {@code jlvsadm --drain
 * --wait}, the listing and the metrics.
 */
package io.jlvs.daemon.drain;
