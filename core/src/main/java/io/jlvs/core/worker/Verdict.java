package io.jlvs.core.worker;

/** What {@link Worker#process} did with a frame. Plain ints: the packet path returns no objects. */
public final class Verdict {
    /** Not jlvs's: the director's kernel handles it (its own traffic, health-check replies, …). */
    public static final int IGNORED = 0;
    /** Rewritten and sent on towards a real server or a client. */
    public static final int FORWARDED = 1;
    /** Answered by jlvs itself (ARP, NDP, ICMP echo, ICMP error). */
    public static final int REPLIED = 2;
    /** Held until the next hop's MAC is resolved. */
    public static final int QUEUED = 3;
    /** Dropped; the reason is counted in {@link Counters#drops}. */
    public static final int DROPPED = 4;
    /** Number of verdicts; size of counter arrays. */
    public static final int COUNT = 5;

    private Verdict() {}

    public static String name(int verdict) {
        return switch (verdict) {
            case IGNORED -> "ignored";
            case FORWARDED -> "forwarded";
            case REPLIED -> "replied";
            case QUEUED -> "queued";
            case DROPPED -> "dropped";
            default -> "unknown";
        };
    }
}
