package io.jlvs.daemon.config;

import java.util.List;

/**
 * A line as keepalived's reader hands it to the parser: comments gone, and a '{' or '}' always on a
 * line of its own ({@code real_server 10.0.0.1 80 { weight 1 }} is four lines), which is why a block
 * may open on the keyword's line or on the next.
 *
 * @param raw the line's text after comment removal, for keywords keepalived re-reads with its quoting
 *     rules (scripts, regexes)
 */
record LogicalLine(Kind kind, SourcePosition position, List<Token> tokens, String raw) {

    enum Kind {
        TEXT,
        OPEN,
        CLOSE
    }

    LogicalLine {
        tokens = List.copyOf(tokens);
    }
}
