package io.jlvs.daemon.config;

/**
 * A piece of a physical line that remembers, for each character, the column it came from. Pieces
 * are views of one line, so splitting a line with thousands of braces stays linear.
 */
final class LineText {
    private final String line;
    private final int[] columns;
    private final int start;
    private final int end;
    private String text;

    LineText(String line, int[] columns) {
        this(line, columns, 0, line.length());
    }

    private LineText(String line, int[] columns, int start, int end) {
        this.line = line;
        this.columns = columns;
        this.start = start;
        this.end = end;
    }

    /** The piece as a string. */
    String text() {
        if (text == null) {
            text = line.substring(start, end);
        }
        return text;
    }

    int length() {
        return end - start;
    }

    char charAt(int i) {
        return line.charAt(start + i);
    }

    boolean isEmpty() {
        return start == end;
    }

    boolean startsWith(String prefix) {
        return line.startsWith(prefix, start) && prefix.length() <= length();
    }

    int indexOf(char c, int from) {
        int i = line.indexOf(c, start + from);
        return i < 0 || i >= end ? -1 : i - start;
    }

    /** The 1-based column of character {@code i}; one past the last for {@code i == length()}. */
    int column(int i) {
        int at = start + i;
        if (at < end) {
            return columns[at];
        }
        return end == 0 ? 1 : columns[end - 1] + 1;
    }

    LineText sub(int from, int to) {
        return new LineText(line, columns, start + from, start + to);
    }

    LineText sub(int from) {
        return new LineText(line, columns, start + from, end);
    }

    /** Without leading spaces and tabs. */
    LineText stripLeadingBlanks() {
        int i = 0;
        while (i < length() && isBlank(charAt(i))) {
            i++;
        }
        return sub(i);
    }

    /** Without trailing spaces and tabs. */
    LineText stripTrailingBlanks() {
        int i = length();
        while (i > 0 && isBlank(charAt(i - 1))) {
            i--;
        }
        return sub(0, i);
    }

    /** keepalived's isblank(): only space and tab frame a line. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** keepalived's WHITE_SPACE between words: " \t\f\n\r\v". */
    static boolean isWhite(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == 0x0B;
    }
}
