/**
 * IPVS's schedulers, one small class each, named after the kernel files ({@code ip_vs_rr.c} →
 * {@link io.jlvs.core.sched.Rr}, …), behind one small interface, {@link io.jlvs.core.sched.Scheduler}.
 *
 * <p>A scheduler knows nothing of packets: it gets the client address and port, the destination
 * address and a tick, and answers a real server's stable index. Instances are per worker and per
 * service; mutable state (the rr cursor, wrr's current weight, lblc's cache, twos's random source)
 * belongs to the instance. {@link io.jlvs.core.sched.Schedulers} builds them from a snapshot off
 * the packet path; {@code select} allocates nothing.
 *
 * <p>Connection counts come from the caller through {@link io.jlvs.core.sched.RealLoad}; the
 * threshold overload flag ({@code ipvsadm -x/-y}) is tracked per worker by {@link
 * io.jlvs.core.sched.Overload}.
 */
package io.jlvs.core.sched;
