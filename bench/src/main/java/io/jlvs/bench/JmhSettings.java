package io.jlvs.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every benchmark here inherits (JMH reads these annotations from superclasses),
 * so bench/jmh.sh and a bare {@code java -jar benchmarks.jar} measure alike: average time in ns,
 * one fork, 3 × 1 s warm-up, 5 × 1 s measured — minutes, not hours, on two shared cores — and a
 * small fixed heap, since the big tables (1.28 GB for 10M connections) are native memory outside
 * it. {@code JMH_OPTS} on bench/jmh.sh's command line overrides any of them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public abstract class JmhSettings {}
