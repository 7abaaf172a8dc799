package io.jlvs.daemon.config;

/** {@code BFD_CHECK}: follow the state of the {@code bfd_instance} called {@code name}. */
public record BfdCheck(String name, boolean alpha) implements Checker {
    @Override
    public String type() {
        return "BFD_CHECK";
    }

    @Override
    public String toString() {
        return type() + " { name " + name + (alpha ? " alpha" : "") + " }";
    }
}
