package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void largeNumbersScaleAtIpvsadmsThresholds() {
        assertThat(Text.largeNumber(0, false)).isEqualTo("        0");
        assertThat(Text.largeNumber(99_999_999L, false)).isEqualTo(" 99999999");
        assertThat(Text.largeNumber(100_000_000L, false)).isEqualTo("  100000K");
        assertThat(Text.largeNumber(999_999_999L, false)).isEqualTo("  999999K");
        assertThat(Text.largeNumber(1_000_000_000L, false)).isEqualTo("    1000M");
        assertThat(Text.largeNumber(99_999_999_999L, false)).isEqualTo("   99999M");
        assertThat(Text.largeNumber(100_000_000_000L, false)).isEqualTo("     100G");
        assertThat(Text.largeNumber(99_999_999_999_999L, false)).isEqualTo("   99999G");
        assertThat(Text.largeNumber(100_000_000_000_000L, false)).isEqualTo("     100T");
        assertThat(Text.largeNumber(-1L, false))
                .as("unsigned 2^64-1: eight digits fill the column")
                .isEqualTo("18446744T");
    }

    @Test
    void exactNumbersGetOneLeadingSpaceOrNineColumns() {
        assertThat(Text.largeNumber(5, true)).isEqualTo("        5");
        assertThat(Text.largeNumber(12_345_678L, true)).isEqualTo(" 12345678");
        assertThat(Text.largeNumber(123_456_789L, true)).isEqualTo(" 123456789");
        assertThat(Text.largeNumber(-1L, true)).isEqualTo(" 18446744073709551615");
    }

    @Test
    void widthsPadButNeverCut() {
        assertThat(Text.left("ab", 4)).isEqualTo("ab  ");
        assertThat(Text.right("ab", 4)).isEqualTo("  ab");
        assertThat(Text.left("abcdef", 4)).isEqualTo("abcdef");
        assertThat(Text.cut("abcdef", 4)).isEqualTo("abcd");
        assertThat(Text.left(4_294_967_295L, 3)).isEqualTo("4294967295");
    }
}
