package io.jlvs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code -R} input as ipvsadm's {@code config_stream_read} does: one command line per line,
 * words separated by blanks, the word "ipvsadm" (or "jlvsadm") dropped so lines copied from a
 * shell script work. Blank lines and lines starting with '#' are skipped (ipvsadm would reject a
 * comment).
 */
final class RestoreReader {
    /** One input line with something on it. */
    record Line(int number, String text, List<String> words) {}

    private RestoreReader() {}

    static List<Line> read(InputStream in) throws IOException {
        List<Line> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String text; (text = r.readLine()) != null; ) {
            number++;
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words = Arrays.stream(trimmed.split("[ \t\r]+"))
                    .filter(w -> !w.equals("ipvsadm") && !w.equals("jlvsadm"))
                    .toList();
            if (!words.isEmpty()) {
                lines.add(new Line(number, trimmed, words));
            }
        }
        return lines;
    }
}
