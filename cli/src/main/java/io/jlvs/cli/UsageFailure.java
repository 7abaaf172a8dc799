package io.jlvs.cli;

import java.io.Serial;

/**
 * A command line jlvsadm will not run, with ipvsadm's message (printed as is, then a newline)
 * and exit code: 2 for its {@code fail(2, ...)} checks, 255 where it exits with -1.
 */
final class UsageFailure extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** ipvsadm's {@code fail(2, ...)}. */
    static final int EXIT_USAGE = 2;

    /** ipvsadm's {@code exit(-1)}: popt errors and "Try ... -h". */
    static final int EXIT_POPT = 255;

    private final int exitCode;

    UsageFailure(String message) {
        this(message, EXIT_USAGE);
    }

    UsageFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
