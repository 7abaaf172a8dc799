package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Picks a real server for a new connection of one virtual service, as IPVS's {@code
 * ip_vs_scheduler.schedule} does. One instance per worker and service; not thread-safe; {@link
 * #select} allocates nothing and never throws.
 */
public interface Scheduler {
    /** No real server can take the connection (IPVS: "no destination available"). */
    int NONE = -1;

    /** The ipvsadm name ({@code rr}, {@code wlc}, …). */
    String name();

    /** The service this instance schedules for. */
    VirtualService service();

    /**
     * Chooses a real server.
     *
     * @param clientHi client address, high long (InetAddr form); used by sh and mh
     * @param clientLo client address, low long
     * @param clientPort client port; used by sh/mh with their port flag
     * @param destHi the packet's destination address, high long; used by dh, lblc and lblcr
     * @param destLo the packet's destination address, low long
     * @param now the worker's tick; used by lblc and lblcr to age their caches
     * @return the chosen server's stable {@link io.jlvs.core.service.RealServer#index()}, or {@link #NONE}
     */
    int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now);

    /**
     * Periodic upkeep outside packet processing (lblc/lblcr drop stale cache entries, as the
     * kernel's once-a-minute timer does). Zero allocation, O(cache size); others do nothing.
     */
    default void housekeeping(long now) {}
}
