package io.jlvs.daemon.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file matching of keepalived's {@code include}: glob(3) with GLOB_BRACE, so {@code *}, {@code ?},
 * {@code [...]} within one path component, csh brace alternatives ({@code {a,b/{c,d}}}) across
 * components, a leading dot matched only explicitly, and each alternative's matches sorted. Relative
 * patterns are resolved against the including file's directory, as keepalived does by changing into
 * that directory before reading the file.
 *
 * <p>The result also says what glob's GLOB_ALTDIRFUNC hooks let keepalived notice: whether literal
 * parts of the pattern named files that do not exist, and whether the pattern had wildcards, which
 * decide between "missing" and "no match" under {@code include_check}.
 */
final class IncludeGlob {
    /** csh brace expansion is exponential in the worst case; a pattern beyond this is refused. */
    static final int MAX_ALTERNATIVES = 1024;

    /** Matches of one include pattern. */
    record Result(List<Path> matches, int missing, boolean wildcards, boolean braces, boolean tooMany) {}

    private IncludeGlob() {}

    static Result glob(Path baseDir, String pattern) {
        List<String> alternatives = new ArrayList<>();
        boolean tooMany = !expandBraces(pattern, alternatives);
        List<Path> matches = new ArrayList<>();
        int[] missing = {0};
        boolean wildcards = false;
        for (String alt : alternatives) {
            List<Path> one = new ArrayList<>();
            wildcards |= globOne(baseDir, alt, one, missing);
            one.sort((a, b) -> a.toString().compareTo(b.toString()));
            matches.addAll(one);
        }
        return new Result(matches, missing[0], wildcards, alternatives.size() > 1 || hasBrace(pattern), tooMany);
    }

    /** Expands csh braces left to right; false when the expansion exceeds {@link #MAX_ALTERNATIVES}. */
    static boolean expandBraces(String pattern, List<String> out) {
        int open = -1;
        int close = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                int end = matchingBrace(pattern, i);
                // "{}" and an unclosed '{' are literal, as in glibc.
                if (end > i + 1) {
                    open = i;
                    close = end;
                    break;
                }
            }
        }
        if (open < 0) {
            if (out.size() >= MAX_ALTERNATIVES) {
                return false;
            }
            out.add(pattern);
            return true;
        }
        String prefix = pattern.substring(0, open);
        String suffix = pattern.substring(close + 1);
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i <= close; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if ((c == ',' && depth == 0) || i == close) {
                if (!expandBraces(prefix + pattern.substring(start, i) + suffix, out)) {
                    return false;
                }
                start = i + 1;
            } else if (c == '}') {
                depth--;
            }
        }
        return true;
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasBrace(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                return true;
            }
        }
        return false;
    }

    /** Globs one brace-free pattern; returns whether it had wildcards. */
    private static boolean globOne(Path baseDir, String pattern, List<Path> out, int[] missing) {
        List<Path> current = new ArrayList<>();
        current.add(pattern.startsWith("/") ? Path.of("/") : baseDir);
        String[] parts = pattern.split("/");
        boolean wildcards = false;
        boolean any = false;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            any = true;
            List<Path> next = new ArrayList<>();
            if (hasWildcard(part)) {
                wildcards = true;
                for (Path dir : current) {
                    if (!Files.isDirectory(dir)) {
                        missing[0]++;
                        continue;
                    }
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                        List<Path> found = new ArrayList<>();
                        for (Path p : ds) {
                            String name = p.getFileName().toString();
                            if (fnmatch(part, 0, name, 0)) {
                                found.add(dir.resolve(name));
                            }
                        }
                        found.sort((a, b) -> a.toString().compareTo(b.toString()));
                        next.addAll(found);
                    } catch (IOException | RuntimeException e) {
                        missing[0]++;
                    }
                }
            } else {
                String literal = unescape(part);
                for (Path dir : current) {
                    Path p;
                    try {
                        p = dir.resolve(literal);
                    } catch (RuntimeException e) {
                        missing[0]++;
                        continue;
                    }
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        next.add(p);
                    } else {
                        missing[0]++;
                    }
                }
            }
            current = next;
        }
        if (any) {
            for (Path p : current) {
                out.add(p.normalize());
            }
        }
        return wildcards;
    }

    private static boolean hasWildcard(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String part) {
        StringBuilder sb = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\' && i + 1 < part.length()) {
                c = part.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * fnmatch(3) for one path component without FNM_PERIOD relaxations: a leading '.' of the name is
     * matched only by a literal '.', as glob(3) does without GLOB_PERIOD.
     */
    static boolean fnmatch(String pat, int p, String name, int n) {
        while (p < pat.length()) {
            char c = pat.charAt(p);
            switch (c) {
                case '*' -> {
                    if (n == 0 && name.startsWith(".")) {
                        return false;
                    }
                    while (p < pat.length() && pat.charAt(p) == '*') {
                        p++;
                    }
                    if (p == pat.length()) {
                        return true;
                    }
                    for (int k = n; k <= name.length(); k++) {
                        if (fnmatch(pat, p, name, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (n >= name.length() || (n == 0 && name.charAt(0) == '.')) {
                        return false;
                    }
                    p++;
                    n++;
                }
                case '[' -> {
                    int end = classEnd(pat, p);
                    if (end < 0) {
                        // An unclosed '[' is an ordinary character.
                        if (n >= name.length() || name.charAt(n) != '[') {
                            return false;
                        }
                        p++;
                        n++;
                    } else {
                        if (n >= name.length() || (n == 0 && name.charAt(0) == '.')) {
                            return false;
                        }
                        if (!classMatches(pat, p + 1, end, name.charAt(n))) {
                            return false;
                        }
                        p = end + 1;
                        n++;
                    }
                }
                case '\\' -> {
                    char lit = p + 1 < pat.length() ? pat.charAt(p + 1) : '\\';
                    if (n >= name.length() || name.charAt(n) != lit) {
                        return false;
                    }
                    p += p + 1 < pat.length() ? 2 : 1;
                    n++;
                }
                default -> {
                    if (n >= name.length() || name.charAt(n) != c) {
                        return false;
                    }
                    p++;
                    n++;
                }
            }
        }
        return n == name.length();
    }

    private static int classEnd(String pat, int open) {
        int i = open + 1;
        if (i < pat.length() && (pat.charAt(i) == '!' || pat.charAt(i) == '^')) {
            i++;
        }
        // A ']' right after the opening (or its negation) is a member, not the end.
        if (i < pat.length() && pat.charAt(i) == ']') {
            i++;
        }
        while (i < pat.length()) {
            if (pat.charAt(i) == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean classMatches(String pat, int from, int end, char ch) {
        boolean negate = pat.charAt(from) == '!' || pat.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean matched = false;
        boolean first = true;
        while (i < end) {
            char lo = pat.charAt(i);
            if (lo == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < end && pat.charAt(i + 1) == '-') {
                char hi = pat.charAt(i + 2);
                if (ch >= lo && ch <= hi) {
                    matched = true;
                }
                i += 3;
            } else {
                if (ch == lo) {
                    matched = true;
                }
                i++;
            }
        }
        return matched != negate;
    }
}
