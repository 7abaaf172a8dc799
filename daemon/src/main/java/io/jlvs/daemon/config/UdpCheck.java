package io.jlvs.daemon.config;

import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code UDP_CHECK}: send a datagram and count ICMP unreachables as failures; with {@code
 * require_reply} a reply must come, optionally matching a pattern.
 *
 * @param payload {@code payload} as lower-case hex; empty means keepalived's random payload
 * @param replyPattern {@code require_reply} data as lower-case hex where {@code x} is a nibble that
 *     may be anything
 * @param minReplyLength shortest acceptable reply (default 0)
 * @param maxReplyLength longest acceptable reply (default 255)
 */
public record UdpCheck(
        ConnectOptions connect,
        CheckTiming timing,
        Optional<String> payload,
        boolean requireReply,
        Optional<String> replyPattern,
        int minReplyLength,
        int maxReplyLength)
        implements Checker {

    @Override
    public String type() {
        return "UDP_CHECK";
    }

    /** The payload bytes, if one was configured. */
    public Optional<byte[]> payloadBytes() {
        return payload.map(HexFormat.of()::parseHex);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type())
                .append(" { ")
                .append(connect)
                .append(' ')
                .append(timing);
        payload.ifPresent(p -> sb.append(" payload ").append(p));
        if (requireReply) {
            sb.append(" require_reply").append(replyPattern.map(r -> " " + r).orElse(""));
            sb.append(" min_reply_length ").append(minReplyLength);
            sb.append(" max_reply_length ").append(maxReplyLength);
        }
        return sb.append(" }").toString();
    }
}
