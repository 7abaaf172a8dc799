package io.jlvs.daemon.health;

import io.jlvs.daemon.config.UdpCheck;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code UDP_CHECK} (check_udp.c): send {@code payload} (random bytes when none) on a connected
 * socket. An ICMP unreachable coming back is a failure; silence for {@code connect_timeout} is a
 * success unless {@code require_reply}, which wants a reply whose length is within {@code
 * min_reply_length}..{@code max_reply_length} and that matches the reply pattern up to the shorter
 * of the two ({@code x} nibbles match anything).
 */
final class UdpChecker implements Check {
    private final UdpCheck check;

    UdpChecker(UdpCheck check) {
        this.check = check;
    }

    @Override
    public CheckResult run() {
        byte[] payload = check.payloadBytes().orElseGet(() -> {
            byte[] b = new byte[16];
            ThreadLocalRandom.current().nextBytes(b);
            return b;
        });
        try (DatagramSocket s = Connector.datagram(check.connect())) {
            s.send(new DatagramPacket(payload, payload.length));
            byte[] buf = new byte[65536];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            try {
                s.receive(reply);
            } catch (SocketTimeoutException e) {
                return check.requireReply()
                        ? CheckResult.failure("timeout", "no reply within the connect timeout")
                        : CheckResult.success("no ICMP error");
            }
            if (!check.requireReply()) {
                return CheckResult.success("reply of " + reply.getLength() + " bytes");
            }
            int len = reply.getLength();
            if (len < check.minReplyLength() || len > check.maxReplyLength()) {
                return CheckResult.failure(
                        "reply",
                        "reply of " + len + " bytes, wanted " + check.minReplyLength() + ".." + check.maxReplyLength());
            }
            if (check.replyPattern().isPresent()
                    && !matches(check.replyPattern().get(), buf, len)) {
                return CheckResult.failure(
                        "reply", "reply " + HexFormat.of().formatHex(buf, 0, Math.min(len, 32)) + " does not match");
            }
            return CheckResult.success("reply of " + len + " bytes");
        } catch (IOException e) {
            return Connector.failure(e, "udp");
        }
    }

    /** The pattern (hex, {@code x} for any nibble) against the reply, up to the shorter of the two. */
    static boolean matches(String pattern, byte[] data, int len) {
        int nibbles = Math.min(pattern.length(), len * 2);
        for (int i = 0; i < nibbles; i++) {
            char p = pattern.charAt(i);
            if (p == 'x' || p == 'X') {
                continue;
            }
            int b = data[i / 2] & 0xFF;
            int nib = i % 2 == 0 ? b >>> 4 : b & 0xF;
            if (Character.digit(p, 16) != nib) {
                return false;
            }
        }
        return true;
    }
}
