package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreReaderTest {
    @Test
    void readsOneCommandLinePerLine() throws Exception {
        String input = "-A -t 10.0.0.1:80 -s rr\r\n\n   \n# a comment\nipvsadm -a\t-t 10.0.0.1:80  -r 10.0.0.2\n-C";
        List<RestoreReader.Line> lines =
                RestoreReader.read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        assertThat(lines).extracting(RestoreReader.Line::number).containsExactly(1, 5, 6);
        assertThat(lines.get(0).words()).containsExactly("-A", "-t", "10.0.0.1:80", "-s", "rr");
        assertThat(lines.get(1).words()).containsExactly("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.2");
        assertThat(lines.get(2).words()).containsExactly("-C");
    }

    @Test
    void aLineOfOnlyTheCommandNameIsNothing() throws Exception {
        assertThat(RestoreReader.read(new ByteArrayInputStream("ipvsadm\n".getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
    }
}
