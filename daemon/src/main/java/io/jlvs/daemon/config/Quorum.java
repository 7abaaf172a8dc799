package io.jlvs.daemon.config;

import java.util.Optional;

/**
 * When a virtual service counts as up: the sum of live real-server weights must reach {@code quorum}
 * ({@code + hysteresis} to come up, {@code - hysteresis} to go down); {@code alpha} starts every real
 * server as down, {@code omega} runs the down scripts at shutdown.
 */
public record Quorum(
        long quorum, long hysteresis, Optional<Script> up, Optional<Script> down, boolean alpha, boolean omega) {}
