package io.jlvs.daemon.config;

import io.jlvs.daemon.config.Drafts.CheckerDraft;
import io.jlvs.daemon.config.Drafts.UrlDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The checker blocks of a {@code real_server}: TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK, UDP_CHECK,
 * DNS_CHECK, SMTP_CHECK, PING_CHECK, BFD_CHECK, FILE_CHECK, with keepalived's keywords for each
 * (check_api.c's common ones first).
 */
final class CheckerParser extends ParserSupport {

    static final Set<String> TYPES = Set.of(
            "TCP_CHECK",
            "HTTP_GET",
            "SSL_GET",
            "MISC_CHECK",
            "UDP_CHECK",
            "DNS_CHECK",
            "SMTP_CHECK",
            "PING_CHECK",
            "BFD_CHECK",
            "FILE_CHECK");

    /** keepalived's dns_type_lookup table. */
    static final List<String> DNS_TYPES = List.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "RRSIG", "DNSKEY");

    /** The PCRE2 options keepalived's regex_options accepts. */
    static final Set<String> REGEX_OPTIONS = Set.of(
            "allow_empty_class",
            "alt_bsux",
            "auto_callout",
            "caseless",
            "dollar_endonly",
            "dotall",
            "dupnames",
            "extended",
            "firstline",
            "match_unset_backref",
            "multiline",
            "never_ucp",
            "never_utf",
            "no_auto_capture",
            "no_auto_possess",
            "no_dotstar_anchor",
            "no_start_optimize",
            "ucp",
            "ungreedy",
            "utf",
            "never_backslash_c",
            "alt_circumflex",
            "alt_verbnames",
            "use_offset_limit");

    /** IFNAMSIZ - 1. */
    static final int MAX_IFNAME = 15;

    CheckerParser(Diagnostics diag) {
        super(diag);
    }

    /** Parses a checker block; null when the statement is unusable. */
    CheckerDraft parse(Statement st, String block) {
        if (!needBlock(st, block)) {
            return null;
        }
        extraArgs(st, block, 0);
        CheckerDraft d = new CheckerDraft(st, st.name());
        String ctx = st.name();
        for (Statement s : st.block) {
            boolean handled =
                    switch (d.type) {
                        case "TCP_CHECK", "PING_CHECK" -> common(s, d, ctx, true);
                        case "HTTP_GET", "SSL_GET" -> common(s, d, ctx, true) || http(s, d, ctx);
                        case "MISC_CHECK" -> common(s, d, ctx, false) || misc(s, d, ctx);
                        case "UDP_CHECK" -> common(s, d, ctx, true) || udp(s, d, ctx);
                        case "DNS_CHECK" -> common(s, d, ctx, true) || dns(s, d, ctx);
                        case "SMTP_CHECK" -> common(s, d, ctx, true) || smtp(s, d, ctx);
                        case "BFD_CHECK" -> bfd(s, d, ctx);
                        case "FILE_CHECK" -> file(s, d, ctx);
                        default -> false;
                    };
            if (!handled) {
                unknown(s, ctx);
            }
        }
        return end(d, ctx) ? d : null;
    }

    /** check_api.c's keywords: connection options (all but MISC), then timing. */
    private boolean common(Statement s, CheckerDraft d, String ctx, boolean connection) {
        if (connection && connection(s, d, ctx)) {
            return true;
        }
        switch (s.name()) {
            case "retry" -> d.retry = unsignedOr(s, ctx, 0, 0xFFFF_FFFFL, d.retry);
            case "delay_before_retry" -> d.delayBeforeRetry = timerOr(s, ctx, Duration.ZERO, d.delayBeforeRetry);
            case "warmup" -> d.warmup = timerOr(s, ctx, Duration.ZERO, d.warmup);
            case "delay_loop" -> d.delayLoop = timerOr(s, ctx, ONE_MICRO, d.delayLoop);
            case "alpha" -> d.alpha = flagOr(s, ctx, d.alpha);
            case "log_all_failures" -> d.logAllFailures = flagOr(s, ctx, d.logAllFailures);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean connection(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "connect_ip" -> d.connectIp = addressOr(s, ctx, d.connectIp);
            case "connect_port" -> d.connectPort = portOr(s, ctx, false, d.connectPort);
            case "bindto" -> d.bindTo = addressOr(s, ctx, d.bindTo);
            case "bind_port" -> d.bindPort = portOr(s, ctx, false, d.bindPort);
            case "bind_if" -> {
                String i = string(s, ctx);
                if (i != null && i.length() > MAX_IFNAME) {
                    error(s.arg(0).position(), ctx, "bind_if '" + i + "' is longer than " + MAX_IFNAME + " characters");
                } else if (i != null) {
                    d.bindInterface = i;
                }
            }
            case "connect_timeout" -> d.connectTimeout = timerOr(s, ctx, ONE_MICRO, d.connectTimeout);
            case "fwmark" -> d.fwmark = unsignedOr(s, ctx, 0, 0xFFFF_FFFFL, d.fwmark);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean http(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "nb_get_retry" -> {
                if (value(s, ctx, 1)) {
                    warning(s.position(), ctx, "nb_get_retry is deprecated - please use 'retry'");
                    Long r = unsigned(s.arg(0), ctx, s.name(), 0, 0xFFFF_FFFFL);
                    if (r != null) {
                        d.retry = r;
                    }
                }
            }
            case "virtualhost" -> d.virtualhost = stringOr(s, ctx, d.virtualhost);
            case "http_protocol" -> {
                String v = string(s, ctx);
                if (v != null) {
                    switch (v) {
                        case "1.0", "1.1", "1.0C" -> d.httpProtocol = v;
                        case "1.0c" -> d.httpProtocol = "1.0C";
                        default -> error(s.arg(0).position(), ctx, "http_protocol '" + v + "' unknown (1.0|1.0C|1.1)");
                    }
                }
            }
            case "enable_sni" -> d.enableSni = flagOr(s, ctx, d.enableSni);
            case "sni_name" -> {
                // sni_name without a name just turns SNI on (keepalived sni_name_handler).
                if (leaf(s, ctx)) {
                    extraArgs(s, ctx, 1);
                    if (s.argCount() > 0) {
                        d.sniName = s.arg(0).text();
                    }
                    d.enableSni = true;
                }
            }
            case "fast_recovery" -> d.fastRecovery = flagOr(s, ctx, d.fastRecovery);
            case "tls_compliant" -> {
                if (!d.type.equals("SSL_GET")) {
                    return false;
                }
                d.tlsCompliant = flagOr(s, ctx, d.tlsCompliant);
            }
            case "url" -> {
                Url u = url(s, d, ctx);
                if (u != null) {
                    d.urls.add(u);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private Url url(Statement st, CheckerDraft d, String block) {
        if (!needBlock(st, block)) {
            return null;
        }
        extraArgs(st, block, 0);
        String ctx = "url";
        UrlDraft u = new UrlDraft();
        boolean ok = true;
        for (Statement s : st.block) {
            switch (s.name()) {
                case "path" -> u.path = stringOr(s, ctx, u.path);
                case "digest" -> {
                    String v = string(s, ctx);
                    if (v != null) {
                        if (u.digest != null) {
                            error(s.position(), ctx, "digest given twice");
                        } else if (v.length() != 32 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                            error(
                                    s.arg(0).position(),
                                    ctx,
                                    "digest '" + v + "' is not 32 hex digits (an MD5 from genhash)");
                        } else {
                            u.digest = v.toLowerCase(java.util.Locale.ROOT);
                        }
                    }
                }
                case "status_code" -> {
                    if (leaf(s, ctx) && needArgs(s, ctx, 1)) {
                        StatusCodes c = statusCodes(s, ctx);
                        if (c != null) {
                            u.statusCodes = c;
                        }
                    }
                }
                case "virtualhost" -> u.virtualhost = stringOr(s, ctx, u.virtualhost);
                case "regex" -> regex(s, u, ctx);
                case "regex_no_match" -> {
                    if (bareFlag(s, ctx)) {
                        u.regexNoMatch = true;
                    }
                }
                case "regex_options" -> {
                    if (leaf(s, ctx)) {
                        for (Token t : s.args()) {
                            if (REGEX_OPTIONS.contains(t.text())) {
                                u.regexOptions.add(t.text());
                            } else {
                                error(t.position(), ctx, "regex_options '" + t.text() + "' unknown");
                            }
                        }
                    }
                }
                case "regex_min_offset" ->
                    u.regexMinOffset = unsignedOr(s, ctx, 0, Long.MAX_VALUE / 2, u.regexMinOffset);
                case "regex_max_offset" ->
                    u.regexMaxOffset = unsignedOr(s, ctx, 0, Long.MAX_VALUE / 2, u.regexMaxOffset);
                case "regex_stack" -> {
                    if (value(s, ctx, 2)) {
                        Long start = unsigned(s.arg(0), ctx, "regex_stack start", 0, Long.MAX_VALUE / 2);
                        Long max = unsigned(s.arg(1), ctx, "regex_stack max", 0, Long.MAX_VALUE / 2);
                        if (start != null && max != null && start > max) {
                            error(s.arg(0).position(), ctx, "regex_stack start " + start + " exceeds max " + max);
                        } else if (start != null && max != null) {
                            u.regexStack = new Url.RegexStack(start, max);
                        }
                    }
                }
                case "tls_compliant" -> {
                    if (!d.type.equals("SSL_GET")) {
                        unknown(s, ctx);
                    } else {
                        u.tlsCompliant = flagOr(s, ctx, u.tlsCompliant);
                    }
                }
                default -> unknown(s, ctx);
            }
        }
        if (u.path == null) {
            // keepalived drops such a url, which can leave the checker with none: refuse instead.
            error(st.position(), d.type, "url has no path");
            ok = false;
        }
        boolean regexExtras = u.regexNoMatch
                || !u.regexOptions.isEmpty()
                || u.regexMinOffset != 0
                || u.regexMaxOffset != 0
                || u.regexStack != null;
        if (u.regex == null && regexExtras) {
            warning(st.position(), d.type, "regex parameters without regex - ignored");
            u.regexNoMatch = false;
            u.regexOptions.clear();
            u.regexMinOffset = 0;
            u.regexMaxOffset = 0;
            u.regexStack = null;
        }
        if (u.regexMaxOffset != 0 && u.regexMinOffset > u.regexMaxOffset) {
            warning(
                    st.position(),
                    d.type,
                    "regex_min_offset " + u.regexMinOffset + " > regex_max_offset " + u.regexMaxOffset
                            + " - both ignored");
            u.regexMinOffset = 0;
            u.regexMaxOffset = 0;
        }
        if (!ok) {
            return null;
        }
        return new Url(
                u.path,
                Optional.ofNullable(u.digest),
                u.statusCodes == null ? StatusCodes.DEFAULT : u.statusCodes,
                Optional.ofNullable(u.virtualhost),
                Optional.ofNullable(u.regex),
                u.regexNoMatch,
                u.regexOptions,
                u.regexMinOffset,
                u.regexMaxOffset,
                Optional.ofNullable(u.regexStack),
                u.tlsCompliant);
    }

    /** {@code status_code 200 200-299 ...}, codes 100..599 (HTTP_STATUS_CODE_MIN/MAX). */
    private StatusCodes statusCodes(Statement s, String ctx) {
        List<StatusCodes.Range> ranges = new ArrayList<>();
        boolean ok = true;
        for (Token t : s.args()) {
            String v = t.text();
            int dash = v.indexOf('-');
            String a = dash < 0 ? v : v.substring(0, dash);
            String b = dash < 0 ? v : v.substring(dash + 1);
            Integer from = code(a);
            Integer to = code(b);
            if (from == null || to == null || from > to) {
                error(t.position(), ctx, "status_code '" + v + "' is not a code or range within 100..599");
                ok = false;
                continue;
            }
            ranges.add(new StatusCodes.Range(from, to));
        }
        return ok ? new StatusCodes(ranges) : null;
    }

    private static Integer code(String s) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int v = Integer.parseInt(s);
        return v >= 100 && v <= 599 ? v : null;
    }

    /** keepalived re-reads a regex line with quotes and escapes, and wants exactly one pattern. */
    private void regex(Statement s, UrlDraft u, String ctx) {
        if (!leaf(s, ctx)) {
            return;
        }
        List<String> words;
        try {
            words = QuotedWords.split(s.line.raw(), true);
        } catch (QuotedWords.SplitException e) {
            error(s.position(), ctx, "regex: " + e.getMessage());
            return;
        }
        if (words.size() != 2) {
            error(s.position(), ctx, "regex needs exactly one pattern (quote it if it has spaces)");
            return;
        }
        try {
            java.util.regex.Pattern.compile(words.get(1));
        } catch (PatternSyntaxException e) {
            error(s.position(), ctx, "regex '" + words.get(1) + "' does not compile: " + e.getDescription());
            return;
        }
        if (u.regex != null) {
            warning(s.position(), ctx, "regex given twice - the last one is used");
        }
        u.regex = words.get(1);
    }

    private boolean misc(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "misc_path" -> {
                Script sc = script(s, ctx);
                if (sc != null) {
                    d.miscArgv = sc.argv();
                }
            }
            case "misc_timeout" -> d.miscTimeout = unsignedOr(s, ctx, 0, 0xFFFF_FFFFL / 1_000_000, d.miscTimeout);
            case "misc_dynamic" -> {
                if (bareFlag(s, ctx)) {
                    d.miscDynamic = true;
                }
            }
            case "user" -> {
                if (leaf(s, ctx) && needArgs(s, ctx, 1)) {
                    extraArgs(s, ctx, 2);
                    d.user = s.arg(0).text();
                    d.group = s.argCount() > 1 ? s.arg(1).text() : null;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean udp(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "payload" -> {
                if (leaf(s, ctx) && needArgs(s, ctx, 1)) {
                    String hex = hex(s, ctx, false);
                    if (hex != null) {
                        d.payload = hex;
                    }
                }
            }
            case "require_reply" -> {
                if (leaf(s, ctx)) {
                    d.requireReply = true;
                    if (s.argCount() > 0) {
                        String hex = hex(s, ctx, true);
                        if (hex != null) {
                            d.replyPattern = hex;
                        }
                    }
                }
            }
            case "min_reply_length" -> d.minReplyLength = unsignedIntOr(s, ctx, 0, 65535, d.minReplyLength);
            case "max_reply_length" -> d.maxReplyLength = unsignedIntOr(s, ctx, 0, 65535, d.maxReplyLength);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * keepalived's read_hex_str: words of hex digits, each read as pairs from the left, an odd last
     * digit being a byte of its own ({@code Ab12f 3} is AB 12 0F 03); x/X in a reply is "any nibble".
     */
    private String hex(Statement s, String ctx, boolean wildcard) {
        StringBuilder out = new StringBuilder();
        for (Token t : s.args()) {
            String w = t.text();
            for (int i = 0; i < w.length(); i += 2) {
                char a = w.charAt(i);
                boolean pair = i + 1 < w.length();
                char b = pair ? w.charAt(i + 1) : 0;
                if (!nibble(a, wildcard) || (pair && !nibble(b, wildcard))) {
                    error(t.position(), ctx, s.name() + " '" + w + "' is not hex" + (wildcard ? " (x for any)" : ""));
                    return null;
                }
                if (pair) {
                    out.append(Character.toLowerCase(a)).append(Character.toLowerCase(b));
                } else {
                    out.append('0').append(Character.toLowerCase(a));
                }
            }
        }
        if (out.isEmpty()) {
            error(s.position(), ctx, s.name() + " needs hex data");
            return null;
        }
        return out.toString();
    }

    private static boolean nibble(char c, boolean wildcard) {
        return Character.digit(c, 16) >= 0 || (wildcard && (c == 'x' || c == 'X'));
    }

    private boolean dns(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "type" -> {
                String v = string(s, ctx);
                if (v != null) {
                    String up = v.toUpperCase(java.util.Locale.ROOT);
                    if (DNS_TYPES.contains(up)) {
                        d.dnsType = up;
                    } else {
                        error(
                                s.arg(0).position(),
                                ctx,
                                "type '" + v + "' unknown (" + String.join("|", DNS_TYPES) + ")");
                    }
                }
            }
            case "name" -> {
                String v = string(s, ctx);
                if (v != null) {
                    if (d.dnsName != null) {
                        warning(s.position(), ctx, "name given twice - the first one is used");
                    } else if ((v.startsWith(".") && v.length() > 1) || v.contains("..") || v.isEmpty()) {
                        error(s.arg(0).position(), ctx, "name '" + v + "' has an empty label");
                    } else {
                        d.dnsName = v;
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean smtp(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "helo_name" -> {
                String v = string(s, ctx);
                if (v != null) {
                    if (d.heloName != null) {
                        warning(s.position(), ctx, "helo_name given twice - the last one is used");
                    }
                    d.heloName = v;
                }
            }
            case "host" -> {
                // Deprecated in keepalived, kept for old configurations: each host is one more target.
                if (needBlock(s, ctx)) {
                    warning(s.position(), ctx, "host blocks are deprecated - use one SMTP_CHECK per target");
                    CheckerDraft h = new CheckerDraft(s, "host");
                    for (Statement hs : s.block) {
                        if (!common(hs, h, "host", true)) {
                            unknown(hs, "host");
                        }
                    }
                    d.hosts.add(h);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean bfd(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "name" -> d.name = stringOr(s, ctx, d.name);
            case "alpha" -> d.alpha = flagOr(s, ctx, d.alpha);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean file(Statement s, CheckerDraft d, String ctx) {
        switch (s.name()) {
            case "track_file" -> d.name = stringOr(s, ctx, d.name);
            case "weight" -> {
                if (leaf(s, ctx) && needArgs(s, ctx, 1)) {
                    extraArgs(s, ctx, 2);
                    Long w = signed(s.arg(0), ctx, s.name(), -Integer.MAX_VALUE, Integer.MAX_VALUE);
                    if (w != null) {
                        d.fileWeight = (int) (long) w;
                    }
                    if (s.argCount() > 1) {
                        switch (s.arg(1).text()) {
                            case "reverse" -> d.fileReverse = true;
                            case "noreverse" -> d.fileReverse = false;
                            default ->
                                error(
                                        s.arg(1).position(),
                                        ctx,
                                        "weight option '" + s.arg(1).text() + "' unknown (reverse|noreverse)");
                        }
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A checker keepalived would drop at the end of its block is refused here. */
    private boolean end(CheckerDraft d, String ctx) {
        SourcePosition at = d.statement.position();
        switch (d.type) {
            case "HTTP_GET", "SSL_GET" -> {
                // A url that failed was reported where it stands; none at all is reported here.
                if (d.urls.isEmpty()) {
                    if (d.statement.block.stream().noneMatch(s -> s.name().equals("url"))) {
                        error(at, ctx, "no url given");
                    }
                    return false;
                }
            }
            case "MISC_CHECK" -> {
                if (d.miscArgv == null) {
                    if (d.statement.block.stream().noneMatch(s -> s.name().equals("misc_path"))) {
                        error(at, ctx, "no misc_path given");
                    }
                    return false;
                }
            }
            case "BFD_CHECK", "FILE_CHECK" -> {
                String keyword = d.type.equals("BFD_CHECK") ? "name" : "track_file";
                if (d.name == null) {
                    if (d.statement.block.stream().noneMatch(s -> s.name().equals(keyword))) {
                        error(at, ctx, "no " + keyword + " given");
                    }
                    return false;
                }
            }
            case "UDP_CHECK" -> {
                int min = d.minReplyLength == null ? 0 : d.minReplyLength;
                int max = d.maxReplyLength == null ? 255 : d.maxReplyLength;
                if (min > max) {
                    warning(
                            at,
                            ctx,
                            "min_reply_length " + min + " > max_reply_length " + max + " - the check always fails");
                }
            }
            default -> {
                // nothing to check
            }
        }
        if (d.connectIp != null && d.bindTo != null && d.connectIp.isV4() != d.bindTo.isV4()) {
            error(
                    at,
                    ctx,
                    "connect_ip " + d.connectIp + " and bindto " + d.bindTo + " are of different address families");
            return false;
        }
        return true;
    }
}
