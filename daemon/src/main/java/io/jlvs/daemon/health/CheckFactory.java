package io.jlvs.daemon.health;

import io.jlvs.daemon.config.Checker;
import io.jlvs.daemon.config.DnsCheck;
import io.jlvs.daemon.config.HttpCheck;
import io.jlvs.daemon.config.MiscCheck;
import io.jlvs.daemon.config.SmtpCheck;
import io.jlvs.daemon.config.TcpCheck;
import io.jlvs.daemon.config.UdpCheck;
import io.jlvs.daemon.config.VirtualServer;
import java.util.Optional;

/** Turns a parsed checker into one that runs; tests give fakes. */
@FunctionalInterface
public interface CheckFactory {

    /** The runnable check, or empty for a kind jlvs does not run (it is then ignored, with a warning at load). */
    Optional<Check> create(VirtualServer vs, Checker checker);

    /** The real checkers. */
    static CheckFactory standard(ScriptRunner scripts) {
        return (vs, c) -> Optional.ofNullable(
                switch (c) {
                    case TcpCheck t -> new TcpChecker(t.connect());
                    case HttpCheck h -> new HttpChecker(h);
                    case MiscCheck m -> new MiscChecker(m, vs.delayLoop(), scripts);
                    case UdpCheck u -> new UdpChecker(u);
                    case DnsCheck d -> new DnsChecker(d);
                    case SmtpCheck s -> new SmtpChecker(s);
                    default -> null; // PING_CHECK, BFD_CHECK, FILE_CHECK
                });
    }

    /** Whether {@link #standard} runs this kind. */
    static boolean runs(Checker c) {
        return c instanceof TcpCheck
                || c instanceof HttpCheck
                || c instanceof MiscCheck
                || c instanceof UdpCheck
                || c instanceof DnsCheck
                || c instanceof SmtpCheck;
    }
}
