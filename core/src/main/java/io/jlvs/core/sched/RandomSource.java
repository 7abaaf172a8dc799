package io.jlvs.core.sched;

/** A source of uniformly random 32-bit ints for twos; injectable so tests can fix the sequence. */
@FunctionalInterface
public interface RandomSource {
    int nextInt();
}
