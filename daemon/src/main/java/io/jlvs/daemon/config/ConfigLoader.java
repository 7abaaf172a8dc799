package io.jlvs.daemon.config;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads keepalived.conf (the LVS part, alibaba/LVS's FULLNAT keywords, and jlvs's own) into an
 * immutable {@link KeepalivedConfig}, or refuses it with a {@link ConfigException} listing every
 * error with file, line, column and keyword. Nothing partial ever comes out: a caller reloading keeps
 * its running configuration when this throws.
 *
 * <p>jlvs's own keywords are listed in {@link JlvsDefs}. The stages are keepalived's: a reader that handles comments, braces, quotes and includes ({@link
 * ConfigLexer}), a statement tree, a keyword parser per block, then the validation pass that applies
 * defaults and inheritance ({@link ConfigResolver}).
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {}

    /** Loads a file; warnings are logged. */
    public static KeepalivedConfig load(Path file) throws ConfigException {
        LoadResult r = read(file);
        for (ConfigMessage w : r.warnings()) {
            LOG.warn("{}", w.format());
        }
        return r.config();
    }

    /** Loads a file and returns the warnings with the configuration. */
    public static LoadResult read(Path file) throws ConfigException {
        Diagnostics diag = new Diagnostics();
        List<LogicalLine> lines = new ConfigLexer(diag).lexFile(file);
        return build(lines, diag);
    }

    /**
     * Parses text as if read from {@code origin} (used in messages; relative includes resolve against
     * its directory). For embedded defaults and tests.
     */
    public static LoadResult parse(Path origin, String text) throws ConfigException {
        Diagnostics diag = new Diagnostics();
        List<LogicalLine> lines = new ConfigLexer(diag).lexText(origin, text);
        return build(lines, diag);
    }

    private static LoadResult build(List<LogicalLine> lines, Diagnostics diag) throws ConfigException {
        List<Statement> tree = Statement.tree(lines, diag);
        KeepalivedParser parser = new KeepalivedParser(diag);
        parser.parse(tree);
        GlobalDefs global = parser.globalDefs();
        ConfigResolver resolver =
                new ConfigResolver(diag, global, parser.virtualServerGroups(), parser.localAddressGroups());
        List<VirtualServer> services = resolver.resolve(parser.virtualServerDrafts());
        if (diag.hasErrors()) {
            throw new ConfigException(diag.errors(), diag.warnings());
        }
        KeepalivedConfig config = new KeepalivedConfig(
                global,
                parser.jlvsDefs(),
                parser.ssl(),
                parser.virtualServerGroups(),
                parser.localAddressGroups(),
                services);
        return new LoadResult(config, diag.warnings());
    }
}
