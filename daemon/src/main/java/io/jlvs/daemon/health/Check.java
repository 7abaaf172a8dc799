package io.jlvs.daemon.health;

/**
 * One kind of health check bound to its target: {@link #run} makes one attempt and blocks until it
 * has an answer or gives up (each kind enforces its own timeouts). Runs on a virtual thread.
 */
public interface Check {

    /** The keepalived keyword: {@code TCP_CHECK}, {@code HTTP_GET}, ... */
    String type();

    /** What it probes, for logs: {@code 10.0.0.2:80}, or the script for MISC_CHECK. */
    String target();

    /** One attempt. Never throws for a server's failure: that is a failed result. */
    CheckResult run() throws InterruptedException;
}
