/**
 * jlvs on Linux, through {@code java.lang.foreign} only (no JNI, no native code of its own).
 *
 * <ul>
 *   <li>{@link io.jlvs.linux.libc} — downcalls, errno, {@code LinuxException}, CPU pinning.
 *   <li>{@link io.jlvs.linux.packet} — AF_PACKET RX/TX rings (TPACKET_V2, or V3) and fanout steering.
 *   <li>{@link io.jlvs.linux.netlink} — rtnetlink socket and message flyweights.
 *   <li>{@link io.jlvs.linux.iface} — interfaces: index, MAC, MTU, flags, addresses.
 *   <li>{@link io.jlvs.linux.route} — the kernel's routing table, dumped and watched.
 *   <li>{@link io.jlvs.linux.netns} — run code and open sockets inside a named namespace.
 *   <li>{@link io.jlvs.linux.tools} — {@code RingProbe}, an RX-ring frames-per-second probe.
 * </ul>
 *
 * <p>The JVM needs {@code --enable-native-access=ALL-UNNAMED} (the jar's manifest grants it to
 * an executable jar); packet sockets need CAP_NET_RAW and namespaces CAP_SYS_ADMIN — in
 * practice, root. Tests that build namespaces skip without root, and fail under CI=true.
 */
package io.jlvs.linux;
