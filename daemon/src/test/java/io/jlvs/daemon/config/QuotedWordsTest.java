package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** keepalived.conf(5), "Quoted strings". */
class QuotedWordsTest {

    @Test
    void quotesInsideAWordJoinIt() throws Exception {
        assertThat(QuotedWords.split("abcd\" efg h jkl \"mnop", true)).containsExactly("abcd efg h jkl mnop");
        assertThat(QuotedWords.split("abcd \"efg h jkl\" mnop", true)).containsExactly("abcd", "efg h jkl", "mnop");
        assertThat(QuotedWords.split("'a \"b\" c' d", true)).containsExactly("a \"b\" c", "d");
    }

    @Test
    void escapes() throws Exception {
        assertThat(QuotedWords.split("a\\tb \\x41\\x4a \\101 \\cA \\\\ \\\" \\q", true))
                .containsExactly("a\tb", "AJ", "A", "\u0001", "\\", "\"", "q");
        assertThat(QuotedWords.split("' spaces\\\\x20f\\x69le '", true)).containsExactly(" spaces\\x20file ");
    }

    @Test
    void withoutEscapesBackslashesStay() throws Exception {
        assertThat(QuotedWords.split("x \"a \\\"b\\\" c\" y", false)).containsExactly("x", "a \\\"b\\\" c", "y");
    }

    @Test
    void unbalanced() {
        assertThatThrownBy(() -> QuotedWords.split("a 'b", true)).hasMessage("missing terminating '");
        assertThatThrownBy(() -> QuotedWords.split("a \\", true)).hasMessage("'\\' at end of line escapes nothing");
    }
}
