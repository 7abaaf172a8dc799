package io.jlvs.daemon.registry;

import java.io.Serial;
import java.util.Objects;

/**
 * A change the registry refused, as the kernel would have: the call, the errno, and the message
 * ipvsadm prints for that pair.
 */
public final class IpvsError extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * ipvsadm's exit status when the kernel refuses a change: its {@code process_options}
     * returns libipvs's -1, which {@code main} returns, so the shell sees 255.
     */
    public static final int EXIT_REFUSED = 255;

    private final IpvsCall call;
    private final Errno errno;

    public IpvsError(IpvsCall call, Errno errno) {
        super(message(Objects.requireNonNull(call, "call"), Objects.requireNonNull(errno, "errno")));
        this.call = call;
        this.errno = errno;
    }

    public IpvsCall call() {
        return call;
    }

    public Errno errno() {
        return errno;
    }

    /** libipvs's {@code ipvs_strerror} table (upstream, plus alibaba's local-address rows). */
    static String message(IpvsCall call, Errno errno) {
        String specific =
                switch (call) {
                    case ADD_SERVICE ->
                        switch (errno) {
                            case EEXIST -> "Service already exists";
                            case ENOENT -> "Scheduler or persistence engine not found";
                            default -> null;
                        };
                    case UPDATE_SERVICE ->
                        switch (errno) {
                            case ESRCH -> "No such service";
                            case ENOENT -> "Scheduler or persistence engine not found";
                            default -> null;
                        };
                    case DEL_SERVICE, ZERO_SERVICE, GET_SERVICE -> errno == Errno.ESRCH ? "No such service" : null;
                    case ADD_DEST ->
                        switch (errno) {
                            case ESRCH -> "Service not defined";
                            case EEXIST -> "Destination already exists";
                            default -> null;
                        };
                    case UPDATE_DEST, DEL_DEST ->
                        switch (errno) {
                            case ESRCH -> "Service not defined";
                            case ENOENT -> "No such destination";
                            default -> null;
                        };
                    case ADD_LADDR ->
                        switch (errno) {
                            case ESRCH -> "Service not defined";
                            case EEXIST -> "Local address already exists";
                            default -> null;
                        };
                    case DEL_LADDR ->
                        switch (errno) {
                            case ESRCH -> "Service not defined";
                            case ENOENT -> "No such Local address";
                            default -> null;
                        };
                    case SET_TIMEOUT, FLUSH -> null;
                };
        if (specific != null) {
            return specific;
        }
        return switch (errno) {
            case EPERM -> "Permission denied (you must be root)";
            case EINVAL -> "Invalid operation.  Possibly wrong module version, address not unicast, ...";
            default -> errno.strerror();
        };
    }
}
