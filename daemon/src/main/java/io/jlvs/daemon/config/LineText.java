package io.jlvs.daemon.config;

/** A piece of a physical line that remembers, for each character, the column it came from. */
final class LineText {
    final String text;
    private final int[] columns;

    LineText(String text, int[] columns) {
        this.text = text;
        this.columns = columns;
    }

    int length() {
        return text.length();
    }

    char charAt(int i) {
        return text.charAt(i);
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** The 1-based column of character {@code i}; one past the end for {@code i == length()}. */
    int column(int i) {
        if (i < columns.length) {
            return columns[i];
        }
        return columns.length == 0 ? 1 : columns[columns.length - 1] + 1;
    }

    LineText sub(int from, int to) {
        int[] c = new int[to - from];
        System.arraycopy(columns, from, c, 0, to - from);
        return new LineText(text.substring(from, to), c);
    }

    LineText sub(int from) {
        return sub(from, text.length());
    }

    /** Without leading spaces and tabs. */
    LineText stripLeadingBlanks() {
        int i = 0;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        return sub(i);
    }

    /** Without trailing spaces and tabs. */
    LineText stripTrailingBlanks() {
        int i = text.length();
        while (i > 0 && isBlank(text.charAt(i - 1))) {
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
