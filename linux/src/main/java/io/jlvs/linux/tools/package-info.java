/**
 * Measurement tools that are programs, not tests.
 *
 * <p>{@link io.jlvs.linux.tools.RingProbe} counts the frames per second one RX ring (TPACKET_V2
 * or V3) takes in. It needs root and iproute2; it creates two namespaces {@code jlp-XXXX-a/b} joined
 * by a veth pair, sends from A with a TX ring, receives in B, and deletes both namespaces when
 * it ends (also on Ctrl-C). From the repository root:
 *
 * <pre>{@code
 * ./mvnw -B -q -pl linux -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --enable-native-access=ALL-UNNAMED \
 *     -cp core/target/classes:linux/target/classes io.jlvs.linux.tools.RingProbe \
 *     --seconds 5 --batch 32 --version v3 --block-size 262144 --block-count 16 --timeout-ms 1 \
 *     --tx-cpu 0 --rx-cpu 1
 * }</pre>
 *
 * <p>Each second it prints RX and TX Mpps, frames per receive call and per block (how much
 * one batch holds at that rate) and the kernel's drops. Options: {@code --frame} frame length
 * (60..2000), {@code --batch} frames per TX flush, {@code --version} the ring layout (v2, the
 * default, or v3), {@code --block-size}/{@code --block-count}/{@code --timeout-ms} the RX ring,
 * {@code --tx-frames} TX slots, {@code --rx-frames} frames per receive call (V3 rounds up to
 * whole blocks), {@code --tx-cpu}/{@code --rx-cpu} pin the two threads. On a 2-core machine
 * shared with other work the figures move by tens of percent between runs: compare settings
 * side by side in one sitting.
 */
package io.jlvs.linux.tools;
