package io.jlvs.daemon.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading values the way keepalived's handlers read them, with jlvs's rule for what is wrong: a value
 * keepalived would report as invalid refuses the file (keepalived logs it and runs on without the
 * setting, which is how a typo silently changes a service); what keepalived corrects with a warning
 * stays a warning.
 *
 * <p>Every helper returns null after reporting, so handlers read {@code if (v != null) set(v)}. For
 * the common one-value keyword the {@code ...Or} helpers do the whole statement: they check its
 * shape, parse its value and return it, or return {@code current} after reporting, so a handler is
 * one line, {@code d.x = flagOr(s, ctx, d.x)}.
 */
abstract class ParserSupport {
    /** keepalived's LVS_MAX_TIMEOUT: 31 days, the longest persistence or connection timeout. */
    static final long LVS_MAX_TIMEOUT = 86_400L * 31;

    /** keepalived reads connect_timeout into a microsecond count that must fit an unsigned int. */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofNanos(0xFFFF_FFFFL * 1000);

    static final Duration MAX_TIMER = Duration.ofSeconds(LVS_MAX_TIMEOUT);
    static final Duration ONE_MICRO = Duration.ofNanos(1000);

    private static final Pattern TIMER = Pattern.compile("(\\d+)(?:\\.(\\d*))?");

    final Diagnostics diag;

    ParserSupport(Diagnostics diag) {
        this.diag = diag;
    }

    final void error(SourcePosition at, String ctx, String message) {
        diag.error(at, ctx, message);
    }

    final void warning(SourcePosition at, String ctx, String message) {
        diag.warning(at, ctx, message);
    }

    /** The block keyword to name in messages: the enclosing block, or the statement at top level. */
    static String ctx(String block, Statement st) {
        return block == null ? st.name() : block;
    }

    /** A value statement must not open a block (keepalived would misread what follows). */
    final boolean leaf(Statement st, String block) {
        if (st.hasBlock()) {
            error(st.blockOpen, ctx(block, st), st.name() + " does not take a { } block");
            return false;
        }
        return true;
    }

    /** A block keyword needs its block. */
    final boolean needBlock(Statement st, String block) {
        if (!st.hasBlock()) {
            error(st.position(), ctx(block, st), block == null ? "missing '{'" : st.name() + " needs a { } block");
            return false;
        }
        return true;
    }

    /** At least {@code n} arguments; keepalived stops altogether on a missing one (null_strvec). */
    final boolean needArgs(Statement st, String block, int n) {
        if (st.argCount() < n) {
            error(
                    st.position(),
                    ctx(block, st),
                    block == null ? "needs " + words(n) : st.name() + " needs " + words(n));
            return false;
        }
        return true;
    }

    private static String words(int n) {
        return n == 1 ? "a value" : n + " values";
    }

    /** Arguments beyond {@code max} are ignored, as keepalived's handlers do; jlvs says so. */
    final void extraArgs(Statement st, String block, int max) {
        if (st.argCount() > max) {
            Token t = st.arg(max);
            warning(t.position(), ctx(block, st), st.name() + ": extra argument '" + t.text() + "' ignored");
        }
    }

    /** A leaf statement with exactly {@code n} arguments wanted; false when unusable. */
    final boolean value(Statement st, String block, int n) {
        if (!leaf(st, block) || !needArgs(st, block, n)) {
            return false;
        }
        extraArgs(st, block, n);
        return true;
    }

    /** An unknown keyword: a warning, unless it opens a block keepalived would misparse. */
    final void unknown(Statement st, String block) {
        if (st.hasBlock()) {
            error(
                    st.position(),
                    ctx(block, st),
                    block == null ? "unknown block keyword" : "unknown block keyword '" + st.name() + "'");
        } else {
            warning(
                    st.position(),
                    ctx(block, st),
                    block == null ? "unknown keyword - ignored" : "unknown keyword '" + st.name() + "' - ignored");
        }
    }

    /** An unsigned decimal in [min, max] (strtoul base 10, without its leniencies). */
    final Long unsigned(Token t, String ctx, String label, long min, long max) {
        String s = t.text();
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            error(t.position(), ctx, label(label) + "'" + s + "' is not a number");
            return null;
        }
        String digits = s.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 18 || Long.parseLong(digits) < min || Long.parseLong(digits) > max) {
            error(t.position(), ctx, label(label) + s + " out of range " + min + ".." + max);
            return null;
        }
        return Long.parseLong(digits);
    }

    final Integer unsignedInt(Token t, String ctx, String label, long min, long max) {
        Long v = unsigned(t, ctx, label, min, max);
        return v == null ? null : (int) (long) v;
    }

    /** A signed decimal in [min, max]. */
    final Long signed(Token t, String ctx, String label, long min, long max) {
        String s = t.text();
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            error(t.position(), ctx, label(label) + "'" + s + "' is not a number");
            return null;
        }
        digits = digits.replaceFirst("^0+(?=.)", "");
        long v = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        v = negative ? -v : v;
        if (digits.length() > 18 || v < min || v > max) {
            error(t.position(), ctx, label(label) + s + " out of range " + min + ".." + max);
            return null;
        }
        return v;
    }

    /** keepalived's TIMER: seconds with up to six decimals. */
    final Duration timer(Token t, String ctx, String label, Duration min, Duration max) {
        Matcher m = TIMER.matcher(t.text());
        if (!m.matches()) {
            error(t.position(), ctx, label(label) + "'" + t.text() + "' is not a time in seconds");
            return null;
        }
        String frac = m.group(2) == null ? "" : m.group(2);
        if (frac.length() > 6) {
            error(t.position(), ctx, label(label) + t.text() + " has more than 6 decimals (microseconds)");
            return null;
        }
        String whole = m.group(1).replaceFirst("^0+(?=.)", "");
        if (whole.length() > 12) {
            error(
                    t.position(),
                    ctx,
                    label(label) + t.text() + " out of range " + Durations.format(min) + ".." + Durations.format(max));
            return null;
        }
        long micros = Long.parseLong(whole) * 1_000_000L + Long.parseLong((frac + "000000").substring(0, 6));
        Duration d = Duration.ofNanos(micros * 1000);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            error(
                    t.position(),
                    ctx,
                    label(label) + t.text() + " out of range " + Durations.format(min) + ".." + Durations.format(max));
            return null;
        }
        return d;
    }

    /** on|off|true|false|yes|no (check_true_false). */
    final Boolean bool(Token t, String ctx, String label) {
        return switch (t.text()) {
            case "on", "true", "yes" -> Boolean.TRUE;
            case "off", "false", "no" -> Boolean.FALSE;
            default -> {
                error(t.position(), ctx, label(label) + "'" + t.text() + "' is not one of on|off|true|false|yes|no");
                yield null;
            }
        };
    }

    /** A switch written alone (true) or with a &lt;BOOL&gt;. */
    final Boolean flag(Statement st, String block) {
        if (!leaf(st, block)) {
            return null;
        }
        if (st.argCount() == 0) {
            return Boolean.TRUE;
        }
        extraArgs(st, block, 1);
        return bool(st.arg(0), ctx(block, st), st.name());
    }

    /** A switch that takes no value at all ({@code alpha} of a virtual server, {@code ha_suspend}). */
    final boolean bareFlag(Statement st, String block) {
        if (!leaf(st, block)) {
            return false;
        }
        extraArgs(st, block, 0);
        return true;
    }

    final IpAddress address(Token t, String ctx, String label) {
        var a = IpAddress.parse(t.text());
        if (a.isEmpty()) {
            error(t.position(), ctx, label(label) + "'" + t.text() + "' is not an IP address");
            return null;
        }
        return a.get();
    }

    /**
     * A port 1..65535. For server addresses keepalived (since 2.0.7) reads a port of 0 as "no port",
     * which {@code zeroIsNone} reproduces by returning 0.
     */
    final Integer port(Token t, String ctx, String label, boolean zeroIsNone) {
        if (zeroIsNone && !t.text().isEmpty() && t.text().chars().allMatch(c -> c == '0')) {
            return 0;
        }
        Long v = unsigned(t, ctx, label == null ? "port" : label, 1, 65535);
        return v == null ? null : (int) (long) v;
    }

    /** A single-word string value. */
    final String string(Statement st, String block) {
        if (!value(st, block, 1)) {
            return null;
        }
        return st.arg(0).text();
    }

    /**
     * A script line ({@code notify_up "/bin/x a b" user group}): keepalived re-reads the line with
     * quotes (no escapes), then splits the command with quotes and escapes.
     */
    final Script script(Statement st, String block) {
        if (!leaf(st, block)) {
            return null;
        }
        String c = ctx(block, st);
        List<String> words;
        List<String> argv;
        try {
            words = QuotedWords.split(st.line.raw(), false);
            if (words.size() < 2) {
                needArgs(st, block, 1);
                return null;
            }
            argv = QuotedWords.split(words.get(1), true);
        } catch (QuotedWords.SplitException e) {
            error(st.position(), c, st.name() + ": " + e.getMessage());
            return null;
        }
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            error(st.position(), c, st.name() + " needs a script path");
            return null;
        }
        if (words.size() > 4) {
            warning(st.position(), c, st.name() + ": extra argument '" + words.get(4) + "' ignored");
        }
        return new Script(
                argv,
                words.size() > 2 ? java.util.Optional.of(words.get(2)) : java.util.Optional.empty(),
                words.size() > 3 ? java.util.Optional.of(words.get(3)) : java.util.Optional.empty());
    }

    /** A one-value string keyword: its value, or {@code current} when unusable. */
    final String stringOr(Statement s, String ctx, String current) {
        String v = string(s, ctx);
        return v == null ? current : v;
    }

    /** A switch ({@link #flag}): its value, or {@code current} when unusable. */
    final Boolean flagOr(Statement s, String ctx, Boolean current) {
        Boolean b = flag(s, ctx);
        return b == null ? current : b;
    }

    /** A one-value unsigned keyword in [min, max]: its value, or {@code current} when unusable. */
    final Long unsignedOr(Statement s, String ctx, long min, long max, Long current) {
        if (!value(s, ctx, 1)) {
            return current;
        }
        Long v = unsigned(s.arg(0), ctx, s.name(), min, max);
        return v == null ? current : v;
    }

    /** {@link #unsignedOr} for an int field. */
    final Integer unsignedIntOr(Statement s, String ctx, long min, long max, Integer current) {
        Long v = unsignedOr(s, ctx, min, max, null);
        return v == null ? current : Integer.valueOf((int) (long) v);
    }

    /**
     * A one-value TIMER keyword at least {@code min}: its value, or {@code current} when unusable.
     * At most 31 days, or for {@code connect_timeout} what its microsecond count can hold.
     */
    final Duration timerOr(Statement s, String ctx, Duration min, Duration current) {
        if (!value(s, ctx, 1)) {
            return current;
        }
        Duration max = s.name().equals("connect_timeout") ? MAX_CONNECT_TIMEOUT : MAX_TIMER;
        Duration t = timer(s.arg(0), ctx, s.name(), min, max);
        return t == null ? current : t;
    }

    /** A one-address keyword: its value, or {@code current} when unusable. */
    final IpAddress addressOr(Statement s, String ctx, IpAddress current) {
        if (!value(s, ctx, 1)) {
            return current;
        }
        IpAddress a = address(s.arg(0), ctx, s.name());
        return a == null ? current : a;
    }

    /** A one-port keyword ({@link #port}): its value, or {@code current} when unusable. */
    final Integer portOr(Statement s, String ctx, boolean zeroIsNone, Integer current) {
        if (!value(s, ctx, 1)) {
            return current;
        }
        Integer p = port(s.arg(0), ctx, s.name(), zeroIsNone);
        return p == null ? current : p;
    }

    private static String label(String label) {
        return label == null ? "" : label + " ";
    }
}
