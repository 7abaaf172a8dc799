package io.jlvs.core.conn;

import io.jlvs.core.sched.Overload;
import io.jlvs.core.sched.RealLoad;
import java.util.Arrays;

/**
 * A worker's ActiveConn and InActConn counts per real server, as {@code ipvsadm -L -n} shows them
 * and as the schedulers read them (lc and wlc weigh active × 256 + inactive; sed and nq count the
 * active ones).
 *
 * <p>The counting follows IPVS: a new connection is bound to its real server as inactive (IPVS
 * gives every destination the INACTIVE connection flag); each protocol state change that crosses
 * between an active and an inactive state ({@link io.jlvs.core.proto.TcpStates#isActive}) moves
 * one count; when the entry goes, its count goes with it. UDP entries never change state, so they
 * stay in InActConn for their whole life, as they do under IPVS.
 *
 * <p>Per worker and indexed by the real server's stable index, so a scheduler reads plain ints and
 * nothing shared is written on the packet path (DESIGN.md §3.4); the control plane sums the
 * workers ({@link #sum}) for display. A real index outside the configured range is ignored rather
 * than thrown on.
 */
public final class RealServerLoad implements RealLoad {
    private final int[] active;
    private final int[] inactive;
    /** Told of every change of a real server's total, for IPVS's upper/lower thresholds; or null. */
    private Overload overload;

    /** Counts for real server indices {@code 0 .. maxReals-1}. */
    public RealServerLoad(int maxReals) {
        if (maxReals < 1) {
            throw new IllegalArgumentException("maxReals must be >= 1: " + maxReals);
        }
        active = new int[maxReals];
        inactive = new int[maxReals];
    }

    /**
     * Keeps {@code o}'s overload flags in step with these counts (IPVS sets and clears a
     * destination's OVERLOAD flag as its connection total crosses its thresholds).
     */
    public void overload(Overload o) {
        this.overload = o;
    }

    /** Number of real server indices counted. */
    public int capacity() {
        return active.length;
    }

    /** True when {@code real} is a counted index. */
    public boolean covers(int real) {
        return real >= 0 && real < active.length;
    }

    /** ActiveConn of a real server on this worker; 0 for an index not counted. */
    @Override
    public int activeConns(int real) {
        return covers(real) ? active[real] : 0;
    }

    /** InActConn of a real server on this worker; 0 for an index not counted. */
    @Override
    public int inactiveConns(int real) {
        return covers(real) ? inactive[real] : 0;
    }

    /** A connection was bound to the real server, counted active or (as IPVS does for new ones) not. */
    public void bound(int real, boolean isActive) {
        if (covers(real)) {
            if (isActive) {
                active[real]++;
            } else {
                inactive[real]++;
            }
            totalChanged(real);
        }
    }

    /** A connection counted {@code isActive} left the real server (expired or removed). */
    public void unbound(int real, boolean isActive) {
        if (covers(real)) {
            if (isActive) {
                active[real]--;
            } else {
                inactive[real]--;
            }
            totalChanged(real);
        }
    }

    private void totalChanged(int real) {
        if (overload != null) {
            overload.update(real, active[real] + inactive[real]);
        }
    }

    /** A connection moved from an inactive state to an active one. */
    public void activated(int real) {
        if (covers(real)) {
            inactive[real]--;
            active[real]++;
        }
    }

    /** A connection moved from an active state to an inactive one. */
    public void deactivated(int real) {
        if (covers(real)) {
            active[real]--;
            inactive[real]++;
        }
    }

    /**
     * Sums the workers' counts into {@code activeOut} and {@code inactiveOut} (overwritten, one
     * element per real index); control plane. A worker's ints may be read mid-update, so a sum
     * taken while packets flow is a snapshot accurate to the last few connections, like IPVS's.
     */
    public static void sum(RealServerLoad[] workers, int[] activeOut, int[] inactiveOut) {
        Arrays.fill(activeOut, 0);
        Arrays.fill(inactiveOut, 0);
        for (RealServerLoad w : workers) {
            int n = Math.min(w.active.length, activeOut.length);
            for (int r = 0; r < n; r++) {
                activeOut[r] += w.active[r];
                inactiveOut[r] += w.inactive[r];
            }
        }
    }
}
