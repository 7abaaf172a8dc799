package io.jlvs.daemon.admin;

/** What {@code jlvsadm --reload} asks jlvsd to do: re-read its configuration and apply it. */
@FunctionalInterface
public interface Reloader {
    /**
     * Reloads and reports what changed, in one line for the operator.
     *
     * @throws Exception with the reason, if the configuration could not be applied
     */
    String reload() throws Exception;
}
