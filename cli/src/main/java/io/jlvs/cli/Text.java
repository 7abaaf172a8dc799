package io.jlvs.cli;

/** printf's field widths, spelled out: {@code %-Ns}, {@code %Ns} and ipvsadm's number column. */
final class Text {
    private Text() {}

    /** {@code %-Ns}: left-justified, padded to at least {@code width}. */
    static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code %Ns}: right-justified, padded to at least {@code width}. */
    static String right(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static String left(long unsigned, int width) {
        return left(Long.toUnsignedString(unsigned), width);
    }

    static String right(long unsigned, int width) {
        return right(Long.toUnsignedString(unsigned), width);
    }

    /** C's {@code buf[n] = '\0'}: at most n characters. */
    static String cut(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }

    /**
     * ipvsadm's {@code print_largenum}: nine columns; from 100 million on, scaled to K (thousands),
     * M, G or T, eight digits and the unit; with {@code --exact} every digit, one space before.
     */
    static String largeNumber(long unsigned, boolean exact) {
        String digits = Long.toUnsignedString(unsigned);
        if (exact) {
            return right(digits, digits.length() <= 8 ? 9 : digits.length() + 1);
        }
        if (Long.compareUnsigned(unsigned, 100_000_000L) < 0) {
            return right(digits, 9);
        }
        if (Long.compareUnsigned(unsigned, 1_000_000_000L) < 0) {
            return right(Long.divideUnsigned(unsigned, 1_000L), 8) + "K";
        }
        if (Long.compareUnsigned(unsigned, 100_000_000_000L) < 0) {
            return right(Long.divideUnsigned(unsigned, 1_000_000L), 8) + "M";
        }
        if (Long.compareUnsigned(unsigned, 100_000_000_000_000L) < 0) {
            return right(Long.divideUnsigned(unsigned, 1_000_000_000L), 8) + "G";
        }
        return right(Long.divideUnsigned(unsigned, 1_000_000_000_000L), 8) + "T";
    }
}
