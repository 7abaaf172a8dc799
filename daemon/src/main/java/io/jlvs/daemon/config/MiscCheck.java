package io.jlvs.daemon.config;

import java.time.Duration;

/**
 * {@code MISC_CHECK}: run a program; exit 0 is up, 1 is down, and with {@code misc_dynamic} 2..255
 * is up with weight {@code status - 2}.
 *
 * @param script {@code misc_path} with the {@code user} it runs as
 * @param timeout {@code misc_timeout}; keepalived uses the delay loop when it is 0 or absent
 */
public record MiscCheck(Script script, Duration timeout, boolean dynamic, CheckTiming timing) implements Checker {
    @Override
    public String type() {
        return "MISC_CHECK";
    }

    @Override
    public String toString() {
        return type() + " { misc_path " + script + " misc_timeout " + Durations.format(timeout)
                + (dynamic ? " misc_dynamic " : " ") + timing + " }";
    }
}
