package io.jlvs.daemon.config;

import java.util.Optional;
import java.util.Set;

/**
 * One {@code url} block of an HTTP_GET/SSL_GET check: the path to fetch and what the answer must be.
 *
 * @param digest the MD5 of the body as 32 lower-case hex digits (keepalived's genhash output)
 * @param virtualhost a Host header for this URL only
 * @param regex a pattern the body must (or with {@code regexNoMatch}, must not) contain
 * @param regexOptions PCRE2 option names ({@code caseless}, {@code multiline}, ...)
 * @param regexMinOffset where in the body matching starts
 * @param regexMaxOffset the last offset a match may start at; 0 = no limit
 * @param regexStack JIT stack start and maximum in bytes, when given
 */
public record Url(
        String path,
        Optional<String> digest,
        StatusCodes statusCodes,
        Optional<String> virtualhost,
        Optional<String> regex,
        boolean regexNoMatch,
        Set<String> regexOptions,
        long regexMinOffset,
        long regexMaxOffset,
        Optional<RegexStack> regexStack,
        boolean tlsCompliant) {

    /** {@code regex_stack START MAX}. */
    public record RegexStack(long start, long max) {}

    public Url {
        regexOptions = Set.copyOf(regexOptions);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("url { path ").append(path);
        digest.ifPresent(d -> sb.append(" digest ").append(d));
        sb.append(" status_code ").append(statusCodes);
        virtualhost.ifPresent(v -> sb.append(" virtualhost ").append(v));
        regex.ifPresent(r -> sb.append(" regex ").append(r).append(regexNoMatch ? " regex_no_match" : ""));
        return sb.append(" }").toString();
    }
}
