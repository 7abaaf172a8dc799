package io.jlvs.bench;

import io.jlvs.core.worker.Counters;
import io.jlvs.core.worker.DropReason;
import io.jlvs.core.worker.Verdict;
import io.jlvs.core.worker.Worker;

/**
 * Checks after a benchmark that it measured what it claims: every frame the worker processed
 * since the audit began was forwarded, none dropped, queued or ignored. A benchmark whose frames
 * silently took a cheaper path (a drop, an unknown tuple) would report a flattering number.
 */
final class ForwardingAudit {
    private final Worker worker;
    private final long[] verdicts;
    private final long conns;

    ForwardingAudit(Worker worker) {
        this.worker = worker;
        this.verdicts = worker.counters().verdicts.clone();
        this.conns = worker.counters().serviceFigure(0, Counters.CONNS);
    }

    /** Frames forwarded since the audit began. */
    long forwarded() {
        return worker.counters().verdicts[Verdict.FORWARDED] - verdicts[Verdict.FORWARDED];
    }

    /** Connections the worker opened since the audit began. */
    long connectionsOpened() {
        return worker.counters().serviceFigure(0, Counters.CONNS) - conns;
    }

    /**
     * @return the number of frames forwarded since the audit began
     * @throws IllegalStateException when any frame got another verdict, naming the drop reasons
     */
    long requireAllForwarded() {
        long[] now = worker.counters().verdicts;
        for (int v = 0; v < now.length; v++) {
            if (v != Verdict.FORWARDED && now[v] != verdicts[v]) {
                throw new IllegalStateException((now[v] - verdicts[v]) + " frames were " + Verdict.name(v)
                        + ", not forwarded; drops: " + drops());
            }
        }
        return forwarded();
    }

    private String drops() {
        StringBuilder sb = new StringBuilder();
        long[] d = worker.counters().drops;
        for (int r = 0; r < d.length; r++) {
            if (d[r] != 0) {
                sb.append(sb.isEmpty() ? "" : ", ")
                        .append(DropReason.label(r))
                        .append(' ')
                        .append(d[r]);
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
