package io.jlvs.daemon.config;

/** One word of a configuration line, with where it starts; {@code quoted} when written in "". */
record Token(String text, SourcePosition position, boolean quoted) {
    @Override
    public String toString() {
        return text;
    }
}
