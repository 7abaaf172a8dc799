package io.jlvs.daemon.registry;

import java.io.Serial;

/** A restore batch refused as a whole because one of its commands was refused. */
public final class RestoreException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int index;
    private final IpvsError error;

    public RestoreException(int index, IpvsError error) {
        super(error.getMessage(), error);
        this.index = index;
        this.error = error;
    }

    /** Index in the batch of the command that was refused. */
    public int index() {
        return index;
    }

    public IpvsError error() {
        return error;
    }
}
