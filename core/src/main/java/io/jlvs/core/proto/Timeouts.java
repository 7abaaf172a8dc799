package io.jlvs.core.proto;

import java.util.Arrays;

/**
 * How long a connection entry lives in each state without traffic: IPVS's defaults, changed the
 * way {@code ipvsadm --set tcp tcpfin udp} changes them, plus alibaba/LVS's per-service
 * established timeout ({@code ipvsadm -A ... -V est_timeout}).
 *
 * <p>Immutable: a change is a new instance, published to the workers with the next service
 * snapshot (DESIGN.md §3.7), so a worker never sees half an update. The worker reads timeouts in
 * ticks, the unit of its clock, so the conversion from seconds happens once here.
 *
 * <p>Semantics matched:
 *
 * <ul>
 *   <li>{@code --set tcp tcpfin udp} writes three slots only: {@code tcp} is ESTABLISHED,
 *       {@code tcpfin} is FIN_WAIT, {@code udp} is the UDP state (ip_vs_ctl.c,
 *       ip_vs_set_timeout). A 0 leaves that slot unchanged. TIME_WAIT, CLOSE_WAIT and the rest
 *       keep their defaults.
 *   <li>A per-service established timeout of 0 means "use the global ESTABLISHED value", as
 *       alibaba/LVS fills an unset est_timeout from the sysctl. It only replaces the ESTABLISHED
 *       timeout; every other state still uses the global table.
 * </ul>
 */
public final class Timeouts {
    /** IPVS defaults in seconds, indexed by {@link TcpStates} state (ip_vs_proto_tcp.c). */
    private static final int[] TCP_DEFAULT_SECONDS = new int[TcpStates.COUNT];

    static {
        TCP_DEFAULT_SECONDS[TcpStates.NONE] = 2;
        TCP_DEFAULT_SECONDS[TcpStates.ESTABLISHED] = 15 * 60;
        TCP_DEFAULT_SECONDS[TcpStates.SYN_SENT] = 2 * 60;
        TCP_DEFAULT_SECONDS[TcpStates.SYN_RECV] = 60;
        TCP_DEFAULT_SECONDS[TcpStates.FIN_WAIT] = 2 * 60;
        TCP_DEFAULT_SECONDS[TcpStates.TIME_WAIT] = 2 * 60;
        TCP_DEFAULT_SECONDS[TcpStates.CLOSE] = 10;
        TCP_DEFAULT_SECONDS[TcpStates.CLOSE_WAIT] = 60;
        TCP_DEFAULT_SECONDS[TcpStates.LAST_ACK] = 30;
        TCP_DEFAULT_SECONDS[TcpStates.LISTEN] = 2 * 60;
        TCP_DEFAULT_SECONDS[TcpStates.SYNACK] = 2 * 60;
    }

    /** IPVS default UDP timeout in seconds (ip_vs_proto_udp.c). */
    private static final int UDP_DEFAULT_SECONDS = 5 * 60;

    /**
     * Longest timeout in ticks. Deadlines are kept as 32-bit ticks compared with wrap-around
     * arithmetic, which is exact while every deadline is within 2^31 ticks of now; 2^30 leaves
     * a margin for a worker whose clock reads are late.
     */
    public static final int MAX_TICKS = 1 << 30;

    private final int ticksPerSecond;
    private final int[] tcpSeconds;
    private final int udpSeconds;
    /** Per-service ESTABLISHED override in seconds, 0 = none; index = service index. */
    private final int[] estSeconds;

    private final int[] tcpTicks;
    private final int udpTicks;
    private final int[] estTicks;

    private Timeouts(int ticksPerSecond, int[] tcpSeconds, int udpSeconds, int[] estSeconds) {
        this.ticksPerSecond = ticksPerSecond;
        this.tcpSeconds = tcpSeconds;
        this.udpSeconds = udpSeconds;
        this.estSeconds = estSeconds;
        this.tcpTicks = new int[tcpSeconds.length];
        for (int s = 0; s < tcpSeconds.length; s++) {
            tcpTicks[s] = toTicks(tcpSeconds[s]);
        }
        this.udpTicks = toTicks(udpSeconds);
        this.estTicks = new int[estSeconds.length];
        for (int i = 0; i < estSeconds.length; i++) {
            estTicks[i] = estSeconds[i] == 0 ? 0 : toTicks(estSeconds[i]);
        }
    }

    /**
     * IPVS's default timeouts.
     *
     * @param ticksPerSecond how many ticks of the worker clock make a second (1000 for a
     *     millisecond tick)
     */
    public static Timeouts defaults(int ticksPerSecond) {
        if (ticksPerSecond <= 0 || ticksPerSecond > 1_000_000) {
            throw new IllegalArgumentException("ticksPerSecond must be 1..1000000: " + ticksPerSecond);
        }
        Timeouts t = new Timeouts(ticksPerSecond, TCP_DEFAULT_SECONDS.clone(), UDP_DEFAULT_SECONDS, new int[0]);
        for (int s : TCP_DEFAULT_SECONDS) {
            t.checkSeconds(s, "default");
        }
        return t;
    }

    /**
     * What {@code ipvsadm --set tcp tcpfin udp} does: sets the ESTABLISHED, FIN_WAIT and UDP
     * timeouts; a 0 leaves that value as it is.
     *
     * @throws IllegalArgumentException for a negative value or one too large for the tick clock
     */
    public Timeouts withIpvsadmSet(int tcp, int tcpFin, int udp) {
        checkSeconds(tcp, "tcp");
        checkSeconds(tcpFin, "tcpfin");
        checkSeconds(udp, "udp");
        int[] tcpNew = tcpSeconds.clone();
        if (tcp != 0) {
            tcpNew[TcpStates.ESTABLISHED] = tcp;
        }
        if (tcpFin != 0) {
            tcpNew[TcpStates.FIN_WAIT] = tcpFin;
        }
        return new Timeouts(ticksPerSecond, tcpNew, udp != 0 ? udp : udpSeconds, estSeconds);
    }

    /**
     * Sets a service's own ESTABLISHED timeout (alibaba/LVS {@code -V}); 0 removes the override.
     *
     * @throws IllegalArgumentException for a negative service index or seconds, or seconds too
     *     large for the tick clock
     */
    public Timeouts withEstablishedTimeout(int service, int seconds) {
        if (service < 0) {
            throw new IllegalArgumentException("service index must be >= 0: " + service);
        }
        checkSeconds(seconds, "est_timeout");
        int[] est = Arrays.copyOf(estSeconds, Math.max(estSeconds.length, service + 1));
        est[service] = seconds;
        return new Timeouts(ticksPerSecond, tcpSeconds, udpSeconds, est);
    }

    /** Ticks per second of the clock these timeouts are expressed in. */
    public int ticksPerSecond() {
        return ticksPerSecond;
    }

    /** The {@code tcp} value of {@code ipvsadm -L --timeout}: ESTABLISHED, in seconds. */
    public int tcp() {
        return tcpSeconds[TcpStates.ESTABLISHED];
    }

    /** The {@code tcpfin} value of {@code ipvsadm -L --timeout}: FIN_WAIT, in seconds. */
    public int tcpFin() {
        return tcpSeconds[TcpStates.FIN_WAIT];
    }

    /** The {@code udp} value of {@code ipvsadm -L --timeout}, in seconds. */
    public int udp() {
        return udpSeconds;
    }

    /** The global timeout of a TCP state, in seconds. */
    public int tcpSeconds(int state) {
        return tcpSeconds[state];
    }

    /** A service's ESTABLISHED override in seconds, 0 when it has none. */
    public int establishedSeconds(int service) {
        return service >= 0 && service < estSeconds.length ? estSeconds[service] : 0;
    }

    /**
     * The timeout in ticks of a TCP connection of {@code service} in {@code state}; packet path.
     * An out-of-range state gets the CLOSE timeout (retire quickly what cannot be trusted).
     */
    public int tcpTicks(int state, int service) {
        if (state == TcpStates.ESTABLISHED && service >= 0 && service < estTicks.length) {
            int t = estTicks[service];
            if (t != 0) {
                return t;
            }
        }
        if (state < 0 || state >= tcpTicks.length) {
            return tcpTicks[TcpStates.CLOSE];
        }
        return tcpTicks[state];
    }

    /** The UDP timeout in ticks; packet path. */
    public int udpTicks() {
        return udpTicks;
    }

    private int toTicks(int seconds) {
        return (int) ((long) seconds * ticksPerSecond);
    }

    private void checkSeconds(int seconds, String what) {
        if (seconds < 0 || (long) seconds * ticksPerSecond > MAX_TICKS) {
            throw new IllegalArgumentException(what + " timeout must be 0.." + (MAX_TICKS / ticksPerSecond)
                    + " seconds at " + ticksPerSecond + " ticks/s: " + seconds);
        }
    }

    @Override
    public String toString() {
        return "Timeout (tcp tcpfin udp): " + tcp() + " " + tcpFin() + " " + udp();
    }
}
