package io.jlvs.cli;

/** ipvsadm's FMT_* bits: how a listing is printed. */
record Format(
        boolean numeric,
        boolean rule,
        boolean stats,
        boolean rate,
        boolean thresholds,
        boolean persistentConn,
        boolean nosort,
        boolean exact,
        boolean tunInfo) {

    /** {@code ipvsadm} with no arguments. */
    static final Format NONE = new Format(false, false, false, false, false, false, false, false, false);
}
