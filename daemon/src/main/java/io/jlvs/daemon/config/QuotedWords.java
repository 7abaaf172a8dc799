package io.jlvs.daemon.config;

import java.util.ArrayList;
import java.util.List;

/**
 * keepalived's second word splitter, used for scripts and regexes: single or double quotes group
 * text (and may sit inside a word: {@code abcd" efg "h} is one word, {@code abcd efg h}), and with
 * {@code escapes} the shell-like escapes {@code \a \b \E \f \n \r \t \v \nnn \xXX \cC} and {@code \C}
 * are decoded. Without {@code escapes} a backslash and the character after it are kept as written,
 * so a script's own escapes survive until its argument vector is split.
 */
final class QuotedWords {
    private QuotedWords() {}

    /** Thrown (off the packet path, inside the parser only) when a quote or escape is not closed. */
    static final class SplitException extends Exception {
        private static final long serialVersionUID = 1L;

        SplitException(String message) {
            super(message);
        }
    }

    static List<String> split(String src, boolean escapes) throws SplitException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (true) {
            while (i < n && LineText.isWhite(src.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = src.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i >= n) {
                        throw new SplitException("'\\' at end of line escapes nothing");
                    }
                    if (!escapes) {
                        word.append('\\').append(src.charAt(i++));
                        continue;
                    }
                    i = decodeEscape(src, i, word);
                    continue;
                }
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    i++;
                    continue;
                }
                if (LineText.isWhite(c)) {
                    break;
                }
                word.append(c);
                i++;
            }
            if (quote != 0) {
                throw new SplitException("missing terminating " + quote);
            }
            words.add(word.toString());
        }
        return words;
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int decodeEscape(String s, int i, StringBuilder out) {
        char c = s.charAt(i);
        int n = s.length();
        if (c == 'x' && i + 1 < n && Character.digit(s.charAt(i + 1), 16) >= 0) {
            int v = 0;
            int k = i + 1;
            for (int d = 0; d < 2 && k < n && Character.digit(s.charAt(k), 16) >= 0; d++, k++) {
                v = (v << 4) | Character.digit(s.charAt(k), 16);
            }
            out.append((char) v);
            return k;
        }
        if (c == 'c' && i + 1 < n) {
            out.append((char) (s.charAt(i + 1) & 0x1F));
            return i + 2;
        }
        if (c >= '0' && c <= '7') {
            int v = 0;
            int k = i;
            for (int d = 0; d < 3 && k < n && s.charAt(k) >= '0' && s.charAt(k) <= '7'; d++, k++) {
                v = (v << 3) | (s.charAt(k) - '0');
            }
            out.append((char) (v & 0xFF));
            return k;
        }
        out.append(
                switch (c) {
                    case 'a' -> (char) 7;
                    case 'b' -> '\b';
                    case 'E' -> (char) 0x1B;
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> (char) 0x0B;
                    default -> c;
                });
        return i + 1;
    }
}
