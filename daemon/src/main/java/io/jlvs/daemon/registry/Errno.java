package io.jlvs.daemon.registry;

/**
 * The errno values IPVS's control code returns for a refused change, with glibc's strerror text
 * for the ones libipvs has no message of its own for.
 */
public enum Errno {
    EPERM("Operation not permitted"),
    ENOENT("No such file or directory"),
    ESRCH("No such process"),
    EEXIST("File exists"),
    EINVAL("Invalid argument"),
    ERANGE("Numerical result out of range");

    private final String strerror;

    Errno(String strerror) {
        this.strerror = strerror;
    }

    /** What glibc's strerror(3) says for it. */
    public String strerror() {
        return strerror;
    }
}
