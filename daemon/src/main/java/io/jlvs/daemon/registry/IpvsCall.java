package io.jlvs.daemon.registry;

/**
 * The libipvs call a change corresponds to. libipvs words an error by the call that failed and
 * its errno ({@code ipvs_strerror}), so the same ESRCH reads "No such service" for {@code -D} and
 * "Service not defined" for {@code -a}.
 */
public enum IpvsCall {
    ADD_SERVICE,
    UPDATE_SERVICE,
    DEL_SERVICE,
    ZERO_SERVICE,
    ADD_DEST,
    UPDATE_DEST,
    DEL_DEST,
    GET_SERVICE,
    SET_TIMEOUT,
    FLUSH,
    /** alibaba's {@code ipvs_add_laddr} ({@code -P}). */
    ADD_LADDR,
    /** alibaba's {@code ipvs_del_laddr} ({@code -Q}). */
    DEL_LADDR
}
