package io.jlvs.daemon.config;

import java.util.List;
import java.util.Optional;

/**
 * A script keepalived would run ({@code notify_up}, {@code quorum_down}, {@code misc_path}): the
 * argument vector after keepalived's quoting rules (single and double quotes group words, backslash
 * escapes), and the user and group to run it as when given.
 */
public record Script(List<String> argv, Optional<String> user, Optional<String> group) {

    public Script {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a script needs a path");
        }
    }

    /** The command as one line, words joined by spaces (for logs). */
    public String command() {
        return String.join(" ", argv);
    }

    @Override
    public String toString() {
        return command()
                + user.map(u -> " (user " + u + group.map(g -> " " + g).orElse("") + ")")
                        .orElse("");
    }
}
