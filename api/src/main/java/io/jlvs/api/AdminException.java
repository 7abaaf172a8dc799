package io.jlvs.api;

import java.io.Serial;

/** A failed admin operation: the message to print and the exit code to exit with. */
public final class AdminException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final Integer failedIndex;

    public AdminException(String message, int exitCode, Integer failedIndex) {
        super(message);
        this.exitCode = exitCode;
        this.failedIndex = failedIndex;
    }

    public AdminException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public int exitCode() {
        return exitCode;
    }

    /** For a failed restore, the index of the command that failed; otherwise null. */
    public Integer failedIndex() {
        return failedIndex;
    }
}
