package io.jlvs.linux.lab;

import io.jlvs.linux.libc.Libc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link RequiresRootLab} tests when running as root with {@code ip} installed;
 * otherwise disables them — or, when the environment variable CI is {@code true}, fails them
 * (JUnit reports an exception thrown by a condition as a failure of the test or class).
 */
public final class RootLabCondition implements ExecutionCondition {
    /** What to do with a lab test. */
    enum Decision {
        RUN,
        SKIP,
        FAIL
    }

    static Decision decide(boolean root, boolean ipPresent, String ci) {
        if (root && ipPresent) {
            return Decision.RUN;
        }
        return "true".equalsIgnoreCase(ci) ? Decision.FAIL : Decision.SKIP;
    }

    static String missing(boolean root, boolean ipPresent) {
        if (!root && !ipPresent) {
            return "root and iproute2 (ip)";
        }
        return !root ? "root" : "iproute2 (ip)";
    }

    static boolean ipPresent() {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(dir, "ip"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean root = Libc.geteuid() == 0;
        boolean ip = ipPresent();
        return switch (decide(root, ip, System.getenv("CI"))) {
            case RUN -> ConditionEvaluationResult.enabled("root and ip present");
            case SKIP -> ConditionEvaluationResult.disabled("needs " + missing(root, ip) + " to build namespaces");
            case FAIL ->
                throw new AssertionError("CI=true but this test needs " + missing(root, ip)
                        + " to build network namespaces; refusing to skip it");
        };
    }
}
