package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Builds a scheduler instance by its ipvsadm name, off the packet path. Each worker builds its own
 * instances for each snapshot; passing the previous snapshot's instance lets the stateful ones
 * carry on (rr's cursor, wrr's current weight, lblc/lblcr's caches) instead of starting over, as the
 * kernel's schedulers survive edits of a service.
 */
public final class Schedulers {
    private Schedulers() {}

    /**
     * @param service the service (its {@link VirtualService#scheduler()} picks the class)
     * @param load the worker's connection counts
     * @param overload the worker's threshold flags
     * @param options table sizes and timeouts
     * @param previous the instance this one replaces, or null; used only if it is the same kind for
     *     the same service id
     */
    public static Scheduler create(
            VirtualService service, RealLoad load, Overload overload, SchedulerOptions options, Scheduler previous) {
        Scheduler prev = previous != null
                        && previous.service().id() == service.id()
                        && previous.name().equals(service.scheduler())
                ? previous
                : null;
        return switch (service.scheduler()) {
            case "rr" -> new Rr(service, load, overload, (Rr) prev);
            case "wrr" -> new Wrr(service, load, overload, (Wrr) prev);
            case "lc" -> new Lc(service, load, overload);
            case "wlc" -> new Wlc(service, load, overload);
            case "sed" -> new Sed(service, load, overload);
            case "nq" -> new Nq(service, load, overload);
            case "fo" -> new Fo(service, load, overload);
            case "ovf" -> new Ovf(service, load, overload);
            case "lblc" -> new Lblc(service, load, overload, options, (Lblc) prev);
            case "lblcr" -> new Lblcr(service, load, overload, options, (Lblcr) prev);
            case "dh" -> new Dh(service, load, overload, options.hashTableBits());
            case "sh" -> new Sh(service, load, overload, options.hashTableBits());
            case "mh" -> new Mh(service, load, overload, options.mhTableSize());
            case "twos" ->
                prev != null
                        ? new Twos(service, load, overload, ((Twos) prev).random())
                        : new Twos(service, load, overload, new SplitMix64(options.randomSeed() ^ service.id()));
            default -> throw new IllegalArgumentException("no scheduler named '" + service.scheduler() + "'");
        };
    }

    /** As {@link #create(VirtualService, RealLoad, Overload, SchedulerOptions, Scheduler)} with no predecessor. */
    public static Scheduler create(VirtualService service, RealLoad load, Overload overload, SchedulerOptions options) {
        return create(service, load, overload, options, null);
    }
}
