package io.jlvs.it.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab of lab/lab.sh, driven from Java. Tests never build namespaces themselves: one
 * implementation serves the demo, the tests and the benchmarks. Each test class uses its own
 * prefix so a lab someone has up by hand is left alone; {@code JLVS_LAB_TAG} is appended to it so
 * two checkouts can run their suites at once.
 *
 * <p>A test class registers its lab as an extension, {@code @RegisterExtension static final Lab lab
 * = new Lab("jlxx")}: the lab is brought up fresh before the class (one an aborted run left behind
 * is taken down first) and taken down after it, around the class's own {@code @BeforeAll} and
 * {@code @AfterAll}.
 */
public final class Lab implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final Path root;
    private final String prefix;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private Map<String, String> plan;

    public Lab(String prefix) {
        this.root =
                Path.of(System.getProperty("jlvs.root", ".")).toAbsolutePath().normalize();
        // JLVS_LAB_TAG keeps two checkouts' test runs on one machine out of each other's labs.
        String tag = System.getenv("JLVS_LAB_TAG");
        this.prefix = tag == null || tag.isBlank() ? prefix : prefix + tag;
    }

    /** Sets an environment variable for lab.sh (e.g. JLVS_LAB_BACKEND=java). */
    public Lab withEnv(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    public String prefix() {
        return prefix;
    }

    public Path root() {
        return root;
    }

    public Result up() {
        return script("up").requireOk();
    }

    public Result down() {
        return script("down");
    }

    public Result status() {
        return script("status");
    }

    /** The address plan as lab.sh prints it (NS_C1, RS1_4, VIP4, ...). */
    public Map<String, String> plan() {
        if (plan == null) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : script("env").requireOk().stdout().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    String value = line.substring(eq + 1);
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    m.put(line.substring(0, eq), value);
                }
            }
            plan = m;
        }
        return plan;
    }

    public String get(String key) {
        String v = plan().get(key);
        if (v == null) {
            throw new IllegalArgumentException("the lab plan has no " + key);
        }
        return v;
    }

    /**
     * Writes {@code mebibytes} MiB of seeded random bytes as {@code name} in the lab's run directory
     * and serves it from every real server's nginx ({@code http://VIP/name}, hard links, no
     * copies); returns its SHA-256 in hex, to compare downloads with ({@link #download}).
     */
    public String serveRandomFile(String name, int mebibytes, long seed) {
        try {
            Path file = Path.of(get("LAB_RUN"), name);
            byte[] chunk = new byte[1 << 20];
            java.util.Random rnd = new java.util.Random(seed);
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                for (int i = 0; i < mebibytes; i++) {
                    rnd.nextBytes(chunk);
                    out.write(chunk);
                    sha.update(chunk);
                }
            }
            for (String rs : List.of("rs1", "rs2", "rs3")) {
                Path link = Path.of(get("LAB_RUN"), rs, "www", name);
                java.nio.file.Files.deleteIfExists(link);
                java.nio.file.Files.createLink(link, file);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("cannot serve " + name, e);
        }
    }

    /** Downloads {@code url} with curl inside namespace {@code nsKey}'s client; returns its SHA-256 line. */
    public String download(String nsKey, String url) {
        return run(
                        List.of(
                                "sh",
                                "-c",
                                "ip netns exec " + get(nsKey) + " curl -sS --max-time 120 " + url + " | sha256sum"),
                        Duration.ofMinutes(3))
                .requireOk()
                .stdout();
    }

    /**
     * curl fetching {@code url} (an IPv6 literal in brackets as it is) into nothing and printing
     * {@code "<bytes> <status>"}, e.g. {@code "20480 200"}; for {@link #exec} or {@link #spawn}.
     */
    public static String[] curlSizeAndCode(String url) {
        return new String[] {
            "curl", "-sS", "-g", "--max-time", "30", "-o", "/dev/null", "-w", "%{size_download} %{http_code}", url
        };
    }

    /** Runs a command inside a lab namespace, e.g. {@code exec(get("NS_C1"), "curl", ...)}. */
    public Result exec(String namespace, String... command) {
        return run(inNamespace(namespace, command), Duration.ofSeconds(120));
    }

    /**
     * Starts a command inside a lab namespace and returns at once (a download, a capture, a load
     * generator that runs while the test acts); its stderr is merged into its stdout. The caller
     * waits for it or ends it.
     */
    public Process spawn(String namespace, String... command) {
        List<String> argv = inNamespace(namespace, command);
        try {
            return new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", argv), e);
        }
    }

    /**
     * {@code command} kept off the CPU jlvsd's first worker is pinned to (the highest one it may use,
     * see DataPlane#start): load generators and clients run on the other CPUs, as bench/side-by-side.sh
     * pins them, so a test measures the director rather than the director sharing its core with a
     * flood generator. Unchanged on a one-CPU machine.
     */
    public static String[] offDirectorCpu(String... command) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            return command;
        }
        List<String> argv = new ArrayList<>(List.of("taskset", "-c", cpus == 2 ? "0" : "0-" + (cpus - 2)));
        argv.addAll(List.of(command));
        return argv.toArray(String[]::new);
    }

    private static List<String> inNamespace(String namespace, String... command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(List.of(command));
        return argv;
    }

    private Result script(String verb) {
        return run(List.of(root.resolve("lab/lab.sh").toString(), verb), Duration.ofMinutes(3));
    }

    public Result run(List<String> argv, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("JLVS_LAB_PREFIX", prefix);
        pb.environment().putAll(extraEnv);
        try {
            Path out = java.nio.file.Files.createTempFile("jlvs-lab", ".out");
            Path err = java.nio.file.Files.createTempFile("jlvs-lab", ".err");
            try {
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", argv));
                }
                return new Result(
                        argv,
                        p.exitValue(),
                        java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                        java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
                java.nio.file.Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    @Override
    public void close() {
        down();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        down();
        up();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        down();
    }

    /** What a command did; {@link #requireOk} turns a failure into a readable assertion. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public Result requireOk() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", argv) + " exited " + exitCode + "\nstdout:\n" + stdout
                        + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }
}
