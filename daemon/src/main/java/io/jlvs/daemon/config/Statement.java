package io.jlvs.daemon.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A keyword line with its arguments and, when a '{' followed it (on the same line or the next), its
 * block of statements. Whether the keyword may have a block is the parser's business: the tree is
 * built the same way for every keyword, as keepalived's reader splits lines the same way for all.
 */
final class Statement {
    final LogicalLine line;
    /** The statements of its block; null when no block followed. */
    List<Statement> block;

    SourcePosition blockOpen;

    Statement(LogicalLine line) {
        this.line = line;
    }

    Token keyword() {
        return line.tokens().get(0);
    }

    String name() {
        return keyword().text();
    }

    SourcePosition position() {
        return keyword().position();
    }

    List<Token> args() {
        return line.tokens().subList(1, line.tokens().size());
    }

    int argCount() {
        return line.tokens().size() - 1;
    }

    Token arg(int i) {
        return line.tokens().get(i + 1);
    }

    boolean hasBlock() {
        return block != null;
    }

    /** Builds the statement tree; structural problems (braces) go to {@code diag}. */
    static List<Statement> tree(List<LogicalLine> lines, Diagnostics diag) {
        List<Statement> root = new ArrayList<>();
        // Open blocks, innermost last; null owner for a '{' that followed no keyword.
        List<Statement> owners = new ArrayList<>();
        List<List<Statement>> levels = new ArrayList<>();
        levels.add(root);
        Statement previous = null;
        for (LogicalLine line : lines) {
            List<Statement> current = levels.getLast();
            switch (line.kind()) {
                case TEXT -> {
                    Statement s = new Statement(line);
                    current.add(s);
                    previous = s;
                }
                case OPEN -> {
                    List<Statement> block = new ArrayList<>();
                    if (previous != null && !previous.hasBlock()) {
                        previous.block = block;
                        previous.blockOpen = line.position();
                        owners.add(previous);
                    } else {
                        diag.error(line.position(), "{", "block without a keyword before it");
                        owners.add(null);
                    }
                    levels.add(block);
                    previous = null;
                }
                case CLOSE -> {
                    if (owners.isEmpty()) {
                        diag.error(line.position(), "}", "no open block to close");
                    } else {
                        owners.removeLast();
                        levels.removeLast();
                    }
                    previous = null;
                }
            }
        }
        for (int i = owners.size() - 1; i >= 0; i--) {
            Statement owner = owners.get(i);
            if (owner != null) {
                diag.error(owner.position(), owner.name(), "block opened at " + owner.blockOpen + " is never closed");
            }
        }
        return root;
    }
}
