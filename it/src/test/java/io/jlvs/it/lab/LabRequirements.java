package io.jlvs.it.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Checks what the lab needs before any lab test runs; see {@link RequiresLab}. */
final class LabRequirements implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        String why = "lab test cannot run: " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + " (CI=true: an end-to-end test may not skip)");
        }
        Assumptions.abort(why);
    }

    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("not root");
        }
        for (String tool : List.of("ip", "curl")) {
            if (!onPath(tool)) {
                missing.add("'" + tool + "' not installed");
            }
        }
        return missing;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }
}
