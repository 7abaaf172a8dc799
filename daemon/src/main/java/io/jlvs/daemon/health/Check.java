package io.jlvs.daemon.health;

/**
 * One kind of health check bound to its target: {@link #run} makes one attempt and blocks until it
 * has an answer or gives up (each kind enforces its own timeouts). Runs on a virtual thread. What
 * it is and what it probes are its configuration's ({@link CheckerSlot#config}).
 */
@FunctionalInterface
public interface Check {

    /** One attempt. Never throws for a server's failure: that is a failed result. */
    CheckResult run() throws InterruptedException;
}
