package io.jlvs.daemon.config;

import java.util.List;

/**
 * A configuration was refused. It carries every error found, not just the first, so an operator
 * fixes a file in one round; the caller keeps running on the configuration it had (a broken file
 * never yields a partial configuration).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigMessage> errors;
    private final transient List<ConfigMessage> warnings;

    public ConfigException(List<ConfigMessage> errors, List<ConfigMessage> warnings) {
        super(render(errors));
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    /** Every error, in the order the text was read. */
    public List<ConfigMessage> errors() {
        return errors;
    }

    /** The warnings found on the way; they did not cause the refusal but may explain it. */
    public List<ConfigMessage> warnings() {
        return warnings;
    }

    private static String render(List<ConfigMessage> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append("configuration refused: ").append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (ConfigMessage e : errors) {
            sb.append(System.lineSeparator()).append(e.format());
        }
        return sb.toString();
    }
}
