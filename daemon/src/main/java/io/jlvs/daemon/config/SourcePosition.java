package io.jlvs.daemon.config;

/**
 * Where a piece of configuration came from: the file as the loader named it, a 1-based line and a
 * 1-based column. Line 0 means "the file as a whole" (it could not be read, say).
 */
public record SourcePosition(String file, int line, int column) {

    /** The position of a file that has no line to point at. */
    public static SourcePosition ofFile(String file) {
        return new SourcePosition(file, 0, 0);
    }

    /** {@code file:line:col}, the form compilers and editors jump to; {@code file} alone for line 0. */
    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
