package io.jlvs.daemon.config;

/**
 * One finding about a configuration: an error (the file is refused) or a warning (keepalived would
 * accept the file and so does jlvs, but an operator should know).
 *
 * <p>{@code keyword} is the block the statement sits in ({@code real_server} for a bad {@code
 * weight}), or the statement itself at top level, so the rendered line reads like keepalived's own
 * messages: {@code demo.conf:12:9: real_server: weight 70000 out of range 0..65535}. It is null only
 * for lexical problems that belong to no keyword (a stray NUL byte).
 */
public record ConfigMessage(Severity severity, SourcePosition position, String keyword, String message) {

    /** Whether the finding refuses the file. */
    public enum Severity {
        ERROR,
        WARNING
    }

    /** {@code file:line:col: keyword: message}. */
    public String format() {
        return position + ": " + (keyword == null ? "" : keyword + ": ") + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
