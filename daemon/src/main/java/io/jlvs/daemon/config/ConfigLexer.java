package io.jlvs.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads configuration files into {@link LogicalLine}s the way keepalived's {@code read_line} does:
 *
 * <ul>
 *   <li>'#' and '!' start a comment anywhere outside "double quotes"; {@code \#} and {@code \!} are
 *       the characters themselves;
 *   <li>a '{' or '}' outside quotes ends the line there and stands on a line of its own;
 *   <li>words are split at white space, a "quoted string" is one word without its quotes;
 *   <li>{@code include PATTERN} (and keepalived's {@code includer/m/w/b/a} variants) splices the
 *       matching files in at that point, at any nesting depth, relative to the including file's
 *       directory, with {@code include_check} deciding which include failures are errors;
 *   <li>{@code @id} lines belong to another keepalived {@code config_id} and are skipped, {@code
 *       @^id} lines are kept (jlvs has no config id, as keepalived without {@code -i}).
 * </ul>
 *
 * Parameter definitions ({@code $NAME=...}) and {@code ~SEQ}/{@code ~LST} expansions are refused: jlvs
 * does not implement them, and reading such a file as plain text would configure something else.
 */
final class ConfigLexer {
    static final int INCLUDE_R = 1;
    static final int INCLUDE_M = 2;
    static final int INCLUDE_W = 4;
    static final int INCLUDE_B = 8;
    static final int INCLUDE_ALL = INCLUDE_R | INCLUDE_M | INCLUDE_W | INCLUDE_B;

    /** Loops are detected exactly; this bounds a deep but acyclic chain (keepalived has no bound). */
    static final int MAX_INCLUDE_DEPTH = 32;

    static final long MAX_FILE_BYTES = 16L << 20;

    /**
     * Keywords whose line keepalived reads again with its quote-and-escape splitter
     * (install_keyword_quoted, plus regex); their unmatched double quotes are judged by that splitter.
     */
    static final Set<String> REREAD_KEYWORDS = Set.of(
            "notify_up",
            "notify_down",
            "quorum_up",
            "quorum_down",
            "misc_path",
            "regex",
            "startup_script",
            "shutdown_script",
            "notify_fifo_script",
            "vrrp_notify_fifo_script",
            "lvs_notify_fifo_script",
            "notify",
            "notify_master",
            "notify_backup",
            "notify_fault",
            "notify_stop",
            "notify_deleted",
            "notify_master_rx_lower_pri",
            "script");

    private static final Pattern DEFINITION = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*=");
    private static final Pattern INCLUDE = Pattern.compile("include([rmwba])?(?:[ \\t\\f\\r\\x0B].*)?");

    private final Diagnostics diag;
    private final List<LogicalLine> out = new ArrayList<>();
    private final Deque<Path> stack = new ArrayDeque<>();
    private final Deque<String> stackNames = new ArrayDeque<>();
    private int includeCheck;

    ConfigLexer(Diagnostics diag) {
        this.diag = diag;
    }

    /** Reads a file and everything it includes. */
    List<LogicalLine> lexFile(Path file) {
        String name = file.toString();
        SourcePosition at = SourcePosition.ofFile(name);
        diag.read(name, 0);
        if (!Files.exists(file)) {
            diag.error(at, null, "no such configuration file");
            return out;
        }
        if (Files.isDirectory(file)) {
            diag.error(at, null, "is a directory, not a configuration file");
            return out;
        }
        String text;
        try {
            text = read(file);
        } catch (IOException e) {
            diag.error(at, null, "cannot read: " + reason(e));
            return out;
        }
        lex(file, name, text);
        return out;
    }

    /** Reads text that claims to come from {@code origin}; includes resolve against its directory. */
    List<LogicalLine> lexText(Path origin, String text) {
        lex(origin, origin.toString(), text);
        return out;
    }

    private void lex(Path path, String name, String text) {
        diag.read(name, 0);
        stack.push(identity(path));
        stackNames.push(name);
        Path parent = path.getParent();
        Path dir = parent == null ? Path.of(".") : parent;
        int lineNo = 0;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            lineNo++;
            diag.read(name, lineNo);
            int stop = end;
            while (stop > start && text.charAt(stop - 1) == '\r') {
                stop--;
            }
            processLine(name, dir, lineNo, text.substring(start, stop));
            start = end + 1;
        }
        stack.pop();
        stackNames.pop();
    }

    private void processLine(String name, Path dir, int lineNo, String line) {
        int nul = line.indexOf('\0');
        if (nul >= 0) {
            // keepalived drops such a line ("embedded NULs") and counts it as a configuration error.
            diag.error(new SourcePosition(name, lineNo, nul + 1), null, "embedded NUL byte - line ignored");
            return;
        }
        boolean[] quoteReported = {false};
        LineText t = decomment(name, lineNo, line, quoteReported);
        if (t.isEmpty()) {
            return;
        }
        if (t.charAt(0) == '@') {
            boolean reverse = t.length() > 1 && t.charAt(1) == '^';
            int sp = reverse ? 2 : 1;
            while (sp < t.length() && !LineText.isBlank(t.charAt(sp))) {
                sp++;
            }
            // Without a config id, "@id line" is for another host and "@^id line" is for every host
            // but id; a line with nothing after the id is dropped either way.
            if (!reverse || sp >= t.length()) {
                return;
            }
            t = t.sub(sp).stripLeadingBlanks();
        }
        SourcePosition at = new SourcePosition(name, lineNo, t.column(0));
        if (DEFINITION.matcher(t.text()).lookingAt()) {
            diag.error(at, null, "parameter definitions ($NAME=...) are not supported by jlvs");
            return;
        }
        if (t.startsWith("~SEQ") || t.startsWith("~LST")) {
            diag.error(at, null, "~SEQ and ~LST expansion is not supported by jlvs");
            return;
        }
        split(name, dir, lineNo, t, quoteReported[0]);
    }

    /** keepalived's decomment(): leading blanks, comments and trailing blanks go; columns are kept. */
    private LineText decomment(String name, int lineNo, String line, boolean[] quoteReported) {
        int n = line.length();
        int i = 0;
        while (i < n && LineText.isBlank(line.charAt(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder(n);
        int[] cols = new int[n];
        boolean quote = false;
        int quoteCol = 0;
        for (; i < n; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quote = !quote;
                quoteCol = i + 1;
            } else if (c == '\\' && i + 1 < n) {
                char d = line.charAt(i + 1);
                if (!quote && (d == '#' || d == '!')) {
                    cols[sb.length()] = i + 2;
                    sb.append(d);
                    i++;
                    continue;
                }
                cols[sb.length()] = i + 1;
                sb.append(c);
                cols[sb.length()] = i + 2;
                sb.append(d);
                i++;
                continue;
            } else if (!quote && (c == '#' || c == '!')) {
                break;
            }
            cols[sb.length()] = i + 1;
            sb.append(c);
        }
        int[] exact = new int[sb.length()];
        System.arraycopy(cols, 0, exact, 0, sb.length());
        LineText t = new LineText(sb.toString(), exact).stripTrailingBlanks();
        if (quote) {
            quoteReported[0] = true;
            diag.error(new SourcePosition(name, lineNo, quoteCol), firstWord(t.text()), "unterminated quote");
        }
        return t;
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !LineText.isWhite(s.charAt(i))) {
            i++;
        }
        return i == 0 ? null : s.substring(0, i);
    }

    private void split(String name, Path dir, int lineNo, LineText t, boolean quoteReported) {
        while (!t.isEmpty()) {
            if (t.startsWith("include")) {
                var m = INCLUDE.matcher(t.text());
                if (m.matches()) {
                    include(name, dir, lineNo, t, m.group(1));
                    return;
                }
            }
            int b = findBrace(t);
            SourcePosition at = new SourcePosition(name, lineNo, t.column(0));
            if (b == 0) {
                LogicalLine.Kind kind = t.charAt(0) == '{' ? LogicalLine.Kind.OPEN : LogicalLine.Kind.CLOSE;
                out.add(new LogicalLine(kind, at, List.of(), kind == LogicalLine.Kind.OPEN ? "{" : "}"));
                t = t.sub(1).stripLeadingBlanks();
            } else if (b < 0) {
                // The part holding an unterminated quote is dropped: it was reported, and what it
                // would still say (a keyword without its value) is not worth a second error.
                if (!quoteReported) {
                    emitText(name, lineNo, t);
                }
                return;
            } else {
                emitText(name, lineNo, t.sub(0, b).stripTrailingBlanks());
                t = t.sub(b);
            }
        }
    }

    /** The first '{' or '}' outside double quotes, or -1. */
    private static int findBrace(LineText s) {
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quote = !quote;
            } else if (!quote && (c == '{' || c == '}')) {
                return i;
            }
        }
        return -1;
    }

    /** keepalived's alloc_strvec_r(): white space splits, "..." is one word, unquoted. */
    private void emitText(String name, int lineNo, LineText t) {
        List<Token> tokens = new ArrayList<>();
        String error = null;
        int errorCol = 0;
        int i = 0;
        int n = t.length();
        while (true) {
            while (i < n && LineText.isWhite(t.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            SourcePosition at = new SourcePosition(name, lineNo, t.column(i));
            if (t.charAt(i) == '"') {
                int close = t.indexOf('"', i + 1);
                if (close < 0) {
                    error = "unmatched '\"'";
                    errorCol = t.column(i);
                    break;
                }
                tokens.add(new Token(t.sub(i + 1, close).text(), at, true));
                i = close + 1;
            } else {
                int j = i;
                while (j < n && !LineText.isWhite(t.charAt(j)) && t.charAt(j) != '"') {
                    j++;
                }
                tokens.add(new Token(t.sub(i, j).text(), at, false));
                i = j;
            }
        }
        String keyword = tokens.isEmpty() ? null : tokens.get(0).text();
        if (error != null && (keyword == null || !REREAD_KEYWORDS.contains(keyword))) {
            diag.error(new SourcePosition(name, lineNo, errorCol), keyword, error);
        }
        if (tokens.isEmpty()) {
            return;
        }
        if (keyword.equals("include_check")) {
            applyIncludeCheck(tokens);
        }
        out.add(new LogicalLine(
                LogicalLine.Kind.TEXT, new SourcePosition(name, lineNo, t.column(0)), tokens, t.text()));
    }

    /**
     * {@code include_check [[+|-]read|match|wildcard_match|brace_match ...]} acts while the text is
     * read, as in keepalived, so it governs the includes that follow it.
     */
    private void applyIncludeCheck(List<Token> tokens) {
        if (tokens.size() == 1) {
            includeCheck = INCLUDE_ALL;
            return;
        }
        for (int i = 1; i < tokens.size(); i++) {
            Token w = tokens.get(i);
            String word = w.text();
            int mode = 0;
            if (word.startsWith("+")) {
                mode = 1;
                word = word.substring(1);
            } else if (word.startsWith("-")) {
                mode = -1;
                word = word.substring(1);
            } else if (i > 1) {
                diag.error(w.position(), "include_check", "'" + word + "' needs + or - after the first check");
                continue;
            }
            int flag =
                    switch (word) {
                        case "read", "readable" -> INCLUDE_R;
                        case "match" -> INCLUDE_M;
                        case "wildcard_match" -> INCLUDE_W;
                        case "brace_match" -> INCLUDE_B;
                        default -> 0;
                    };
            if (flag == 0) {
                diag.error(
                        w.position(),
                        "include_check",
                        "'" + w.text() + "' unknown (read|match|wildcard_match|brace_match)");
                continue;
            }
            if (mode == 0) {
                includeCheck = INCLUDE_R | flag;
            } else if (mode > 0) {
                includeCheck |= flag;
            } else {
                includeCheck &= ~flag;
            }
        }
    }

    private void include(String name, Path dir, int lineNo, LineText t, String variant) {
        String kw = variant == null ? "include" : "include" + variant;
        SourcePosition at = new SourcePosition(name, lineNo, t.column(0));
        String pattern = t.text().substring(kw.length()).strip();
        // keepalived takes the rest of the line verbatim; jlvs also accepts it in double quotes.
        if (pattern.length() >= 2 && pattern.startsWith("\"") && pattern.endsWith("\"")) {
            pattern = pattern.substring(1, pattern.length() - 1);
        }
        if (pattern.isEmpty()) {
            diag.error(at, kw, "needs a file name or pattern");
            return;
        }
        int flags = includeCheck
                | switch (variant == null ? "" : variant) {
                    case "r" -> INCLUDE_R;
                    case "m" -> INCLUDE_R | INCLUDE_M;
                    case "w" -> INCLUDE_R | INCLUDE_M | INCLUDE_W;
                    case "b" -> INCLUDE_R | INCLUDE_B;
                    case "a" -> INCLUDE_ALL;
                    default -> 0;
                };
        if (stack.size() >= MAX_INCLUDE_DEPTH) {
            diag.error(at, kw, "files included more than " + MAX_INCLUDE_DEPTH + " deep");
            return;
        }
        IncludeGlob.Result r = IncludeGlob.glob(dir, pattern);
        if (r.tooMany()) {
            diag.error(at, kw, "'" + pattern + "' expands to more than " + IncludeGlob.MAX_ALTERNATIVES + " patterns");
            return;
        }
        if (r.matches().isEmpty()) {
            if (r.missing() > 0) {
                report(
                        flags,
                        r.braces() ? INCLUDE_B : INCLUDE_M,
                        at,
                        kw,
                        "no file matches '" + pattern + "' - skipping");
            } else if (r.wildcards() && (flags & INCLUDE_W) != 0) {
                diag.error(at, kw, "no file matches '" + pattern + "'");
            }
            // keepalived is silent about a wildcard that matches nothing unless wildcard_match is on.
            return;
        }
        if (r.missing() > 0 && r.braces()) {
            report(flags, INCLUDE_B, at, kw, "some files of '" + pattern + "' are missing");
            if ((flags & INCLUDE_B) != 0) {
                return;
            }
        }
        int saved = includeCheck;
        for (Path p : r.matches()) {
            String display = p.toString();
            if (Files.isDirectory(p)) {
                report(flags, INCLUDE_R, at, kw, "'" + display + "' is a directory - skipping");
                continue;
            }
            if (!Files.isRegularFile(p) || isExecutable(p)) {
                // keepalived refuses executables so that a script directory is never read as config.
                report(flags, INCLUDE_R, at, kw, "'" + display + "' is not a regular non-executable file - skipping");
                continue;
            }
            Path key = identity(p);
            if (stack.contains(key)) {
                diag.error(at, kw, "include loop: " + loopChain(key, display));
                continue;
            }
            String text;
            try {
                text = read(p);
            } catch (IOException e) {
                report(flags, INCLUDE_R, at, kw, "cannot read '" + display + "': " + reason(e) + " - skipping");
                continue;
            }
            lex(p, display, text);
            // keepalived restores include_check when an included file is closed.
            includeCheck = saved;
        }
    }

    private String loopChain(Path key, String display) {
        List<Path> paths = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Iterator<Path> ip = stack.descendingIterator();
        Iterator<String> in = stackNames.descendingIterator();
        while (ip.hasNext()) {
            paths.add(ip.next());
            names.add(in.next());
        }
        int from = paths.indexOf(key);
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < names.size(); i++) {
            sb.append(names.get(i)).append(" -> ");
        }
        return sb.append(display).toString();
    }

    private void report(int flags, int bit, SourcePosition at, String kw, String message) {
        if ((flags & bit) != 0) {
            diag.error(at, kw, message);
        } else {
            diag.warning(at, kw, message);
        }
    }

    private static boolean isExecutable(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path identity(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static String read(Path p) throws IOException {
        if (Files.size(p) > MAX_FILE_BYTES) {
            throw new IOException("larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        // Malformed UTF-8 becomes U+FFFD: keepalived reads bytes, and a stray byte in a comment must
        // not refuse the file.
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
