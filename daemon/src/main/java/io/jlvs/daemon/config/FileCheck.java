package io.jlvs.daemon.config;

import java.util.OptionalInt;

/**
 * {@code FILE_CHECK}: follow the number written in the {@code track_file} called {@code trackFile};
 * {@code weight} multiplies it (empty: the track_file's own weight), {@code reverse} inverts it.
 */
public record FileCheck(String trackFile, OptionalInt weight, boolean reverse) implements Checker {
    @Override
    public String type() {
        return "FILE_CHECK";
    }

    @Override
    public String toString() {
        return type() + " { track_file " + trackFile
                + (weight.isPresent() ? " weight " + weight.getAsInt() + (reverse ? " reverse" : "") : "") + " }";
    }
}
