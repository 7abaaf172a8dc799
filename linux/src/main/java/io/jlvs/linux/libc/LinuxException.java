package io.jlvs.linux.libc;

/**
 * A Linux call failed while jlvs was setting something up: the one error type of the linux layer.
 *
 * <p>Control plane only. The packet path never throws; it returns status codes and counts
 * failures. The message is meant for an operator: it says what jlvs was doing, what the kernel
 * said ({@code ENODEV: No such device}) and, where the cause is usually the same, what to do.
 */
public final class LinuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public LinuxException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The errno the kernel returned; 0 when the failure was found by jlvs itself. */
    public int errno() {
        return errno;
    }

    /** Symbolic name of {@link #errno()}, e.g. {@code "EPERM"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** "{@code what} failed (ENAME: text)" — for calls without a better-known cause. */
    public static LinuxException failed(String what, int errno) {
        return new LinuxException(what + " failed (" + Errno.describe(errno) + ")", errno);
    }

    /** socket(2) failed for {@code family} ("AF_PACKET", "AF_NETLINK", ...). */
    public static LinuxException socket(String family, int errno) {
        if ((errno == Errno.EPERM || errno == Errno.EACCES) && family.equals("AF_PACKET")) {
            // packet(7): "only processes with effective UID 0 or the CAP_NET_RAW capability may open
            // packet sockets" — the usual cause by far, so say it first.
            return new LinuxException(
                    "AF_PACKET socket needs CAP_NET_RAW (run as root) (" + Errno.describe(errno) + ")", errno);
        }
        if (errno == Errno.EAFNOSUPPORT) {
            return new LinuxException(
                    family + " sockets are not available in this kernel (" + Errno.describe(errno) + ")", errno);
        }
        return failed("socket(" + family + ")", errno);
    }

    /** An interface name the kernel does not know in the current network namespace. */
    public static LinuxException noSuchInterface(String name, int errno) {
        if (errno == Errno.ENODEV || errno == Errno.ENXIO || errno == 0) {
            return new LinuxException(
                    "interface " + name + " not found (" + Errno.describe(Errno.ENODEV) + ")", Errno.ENODEV);
        }
        return failed("looking up interface " + name, errno);
    }

    /** A setsockopt(2) that the kernel refused; {@code option} is the option's C name. */
    public static LinuxException setsockopt(String option, String on, int errno) {
        String hint = "";
        if (errno == Errno.EPERM) {
            hint = "; needs CAP_NET_ADMIN or CAP_NET_RAW (run as root)";
        } else if (errno == Errno.ENOPROTOOPT) {
            hint = "; this kernel does not know the option";
        }
        return new LinuxException(
                "setsockopt(" + option + ") on " + on + " failed (" + Errno.describe(errno) + ")" + hint, errno);
    }
}
