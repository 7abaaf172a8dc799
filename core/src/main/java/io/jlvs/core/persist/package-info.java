/**
 * Persistence templates, as IPVS keeps them for {@code ipvsadm -p} services: a client (its address
 * masked by the service's {@code -M} netmask or prefix) sticks to the real server first scheduled
 * for it for as long as it has connections and for the persistence timeout after.
 *
 * <p>{@link io.jlvs.core.persist.PersistTable} is a per-worker fixed-capacity table of primitive
 * arrays; {@link io.jlvs.core.persist.PersistScheduler} is the lookup-or-schedule step of the kernel's
 * {@code ip_vs_sched_persist}. Per-worker templates give persistence only if the steering sends
 * every connection of a client granule to the same worker (for persistent services: hash the
 * masked client address, not its port).
 */
package io.jlvs.core.persist;
