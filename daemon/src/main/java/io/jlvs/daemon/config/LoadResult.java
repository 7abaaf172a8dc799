package io.jlvs.daemon.config;

import java.util.List;

/** A configuration that was accepted, and the warnings found while reading it. */
public record LoadResult(KeepalivedConfig config, List<ConfigMessage> warnings) {
    public LoadResult {
        warnings = List.copyOf(warnings);
    }
}
