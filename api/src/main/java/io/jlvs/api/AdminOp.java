package io.jlvs.api;

/** Operation names of the admin API: the {@code op} of a request. */
public final class AdminOp {
    /** The table ({@link TableView}); args {@link AdminRequest.ListArgs} to pick one service. */
    public static final String LIST = "list";

    /** The connection entries (an array of {@link ConnectionEntry}). */
    public static final String CONNECTIONS = "connections";

    /** The protocol timeouts ({@link Timeouts}). */
    public static final String TIMEOUTS = "timeouts";

    /** A batch of commands applied all or nothing; args {@link AdminRequest.RestoreArgs}. */
    public static final String RESTORE = "restore";

    /** Re-read jlvsd's configuration; the result is {@link AdminRequest.ReloadResult}. */
    public static final String RELOAD = "reload";

    /** The health checkers' states ({@link HealthView}). */
    public static final String CHECKS = "checks";

    /**
     * Drain one real server ({@code jlvsadm --drain}); args {@link AdminRequest.DrainArgs}, result
     * {@link AdminRequest.DrainSummary} (at once, or when the drain is over if it asked to wait).
     */
    public static final String DRAIN = "drain";

    /**
     * Read or set the IPVS-style settings ({@code jlvsadm --sysctl}); args {@link
     * AdminRequest.SysctlArgs}, result every setting by name.
     */
    public static final String SYSCTL = "sysctl";

    public static final String ADD_SERVICE = "add-service";
    public static final String EDIT_SERVICE = "edit-service";
    public static final String DELETE_SERVICE = "delete-service";
    public static final String CLEAR = "clear";
    public static final String ZERO = "zero";
    public static final String ADD_SERVER = "add-server";
    public static final String EDIT_SERVER = "edit-server";
    public static final String DELETE_SERVER = "delete-server";
    public static final String SET_TIMEOUTS = "set-timeouts";
    public static final String ADD_LADDR = "add-laddr";
    public static final String DEL_LADDR = "del-laddr";

    private AdminOp() {}
}
