/**
 * Health checking with keepalived's semantics: one class per checker kind ({@link
 * io.jlvs.daemon.health.TcpChecker}, {@link io.jlvs.daemon.health.HttpChecker}, ...), keepalived's
 * retry state machine per checker ({@link io.jlvs.daemon.health.CheckerState}), a real server alive
 * while all its checkers pass ({@link io.jlvs.daemon.health.RealServerHealth}), quorum and sorry
 * server per virtual server ({@link io.jlvs.daemon.health.ServiceHealth}), all driven by {@link
 * io.jlvs.daemon.health.HealthMonitor} on virtual threads. Checks run from jlvsd's own kernel stack
 * (ordinary sockets and processes), never through the data plane. Every table change they cause
 * goes through {@link io.jlvs.daemon.health.RealServerSwitch}.
 */
package io.jlvs.daemon.health;
