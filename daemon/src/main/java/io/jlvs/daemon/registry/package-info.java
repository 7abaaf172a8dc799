/**
 * The live table of virtual services and real servers, changed with the kernel's semantics for
 * every ipvsadm mutation, and published to the data plane as immutable snapshots.
 *
 * <p>{@link io.jlvs.daemon.registry.Registry} is the one place a table change is decided: it
 * accepts or refuses each change exactly where IPVS's control code ({@code ip_vs_ctl.c}) does and
 * with the same errno, which {@link io.jlvs.daemon.registry.IpvsError} turns into the message
 * ipvsadm's libipvs prints for that call. Each accepted change becomes a new {@link
 * io.jlvs.daemon.registry.RegistrySnapshot} handed to the {@link
 * io.jlvs.daemon.registry.SnapshotListener}s; services and real servers keep a stable id across
 * snapshots so connections keep pointing at their real server (DESIGN.md §3.7).
 *
 * <p>Figures (counters, rates, connection counts, the connection list) are not the registry's:
 * they are read from a {@link io.jlvs.daemon.registry.StatsSource}, which the data plane
 * implements; {@link io.jlvs.daemon.registry.CounterStatsSource} is the in-memory one it can
 * feed.
 */
package io.jlvs.daemon.registry;
