package io.jlvs.daemon.health;

import io.jlvs.daemon.config.ConnectOptions;
import io.jlvs.daemon.config.SmtpCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SMTP_CHECK} (check_smtp.c): the greeting must be 220, {@code HELO helo_name} answered
 * 250, {@code QUIT} answered 221; each deprecated {@code host} block is checked the same way and
 * must pass too.
 */
final class SmtpChecker implements Check {
    private final SmtpCheck check;

    SmtpChecker(SmtpCheck check) {
        this.check = check;
    }

    @Override
    public CheckResult run() {
        List<ConnectOptions> targets = new ArrayList<>();
        targets.add(check.connect());
        targets.addAll(check.hosts());
        CheckResult r = null;
        for (ConnectOptions t : targets) {
            r = dialogue(t);
            if (!r.ok()) {
                return r;
            }
        }
        return r;
    }

    private CheckResult dialogue(ConnectOptions target) {
        try (Socket s = Connector.connect(target)) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            int code = reply(in);
            if (code != 220) {
                return CheckResult.failure("reply", target.target() + ": greeting " + code + ", wanted 220");
            }
            out.write(("HELO " + check.heloName() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            code = reply(in);
            if (code != 250) {
                return CheckResult.failure("reply", target.target() + ": HELO answered " + code + ", wanted 250");
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            code = reply(in);
            if (code != 221) {
                return CheckResult.failure("reply", target.target() + ": QUIT answered " + code + ", wanted 221");
            }
            return CheckResult.success("220/250/221");
        } catch (IOException e) {
            return Connector.failure(e, "smtp " + target.target());
        }
    }

    /** The code of one reply, reading past continuation lines ({@code 250-...}); -1 at end of stream. */
    private static int reply(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.length() < 3) {
                return -1;
            }
            if (line.length() > 3 && line.charAt(3) == '-') {
                continue;
            }
            try {
                return Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
