/**
 * Slow start (issue 7): a real server that comes back — added, re-added while it drains, or from
 * weight 0 to more — is given a growing share of its weight over its {@code slow_start} window
 * instead of all of it at once, so a cold server (empty caches, JIT, connection pools) is not
 * flooded, least of all by least-connection schedulers, to which an empty server looks best.
 *
 * <p>The ramp lives in the control plane: the registry records when a server came back ({@link
 * io.jlvs.daemon.slowstart.SlowStart}) and a {@link io.jlvs.daemon.slowstart.SlowStartTicker}
 * republishes the table a few times a second while a ramp moves a step; the data plane only reads
 * the share from each snapshot (core's schedulers apply it, with no per-packet cost).
 *
 * <p>Shape, after Envoy's {@code slow_start_config} with {@code aggression} 1 (a linear ramp, as
 * NGINX Plus's {@code slow_start=} and HAProxy's {@code slowstart}): the share is {@code
 * max(10 %, elapsed / window)}, in steps of 5 %; 10 % is Envoy's default {@code
 * min_weight_percent}. A server that comes back to a service where no other server takes new
 * connections is not ramped: there is no one to share with (Envoy's "all endpoints new" case), and
 * a restart of jlvsd, which adds every server at once, ramps none.
 */
package io.jlvs.daemon.slowstart;
