package io.jlvs.linux.lab;

import io.jlvs.linux.netns.NetNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces and veth pairs for one test class, all named {@code jlt-<random>-*} so
 * parallel runs and other engineers' labs never collide, and all deleted by {@link #close}
 * (deleting a namespace deletes the veth ends inside it), together with the namespace threads
 * {@link #enter} started. Traffic stays inside them. A test class makes the lab first in its
 * {@code @BeforeAll} and closes it in {@code @AfterAll}, which JUnit runs even when the setup
 * failed part way.
 */
public final class NetnsLab implements AutoCloseable {
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<NetNamespace> entered = new ArrayList<>();

    public NetnsLab() {
        this("jlt");
    }

    public NetnsLab(String tag) {
        byte[] r = new byte[3];
        ThreadLocalRandom.current().nextBytes(r);
        this.prefix = tag + "-" + HexFormat.of().formatHex(r);
    }

    /** Creates namespace {@code <prefix>-<suffix>} with lo up; returns its name. */
    public String namespace(String suffix) {
        String name = prefix + "-" + suffix;
        run("ip", "netns", "add", name);
        namespaces.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /**
     * A veth pair: {@code ifA} in {@code nsA}, {@code ifB} in {@code nsB}, both up, offloads
     * off (DESIGN.md §3a: with them on AF_PACKET sees GRO super-frames and partial checksums).
     */
    public void veth(String nsA, String ifA, String nsB, String ifB) {
        run("ip", "-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        for (String[] end : new String[][] {{nsA, ifA}, {nsB, ifB}}) {
            runTolerant(
                    "ip", "netns", "exec", end[0], "ethtool", "-K", end[1], "gro", "off", "gso", "off", "tso", "off",
                    "tx", "off", "rx", "off");
            run("ip", "-n", end[0], "link", "set", end[1], "up");
        }
    }

    /** A thread inside namespace {@code ns} ({@link NetNamespace#enter}), stopped by {@link #close}. */
    public NetNamespace enter(String ns) {
        NetNamespace n = NetNamespace.enter(ns);
        entered.add(n);
        return n;
    }

    /** {@code ip -n ns addr add cidr dev ifName} (IPv6 without duplicate address detection). */
    public void addr(String ns, String ifName, String cidr) {
        if (cidr.contains(":")) {
            run("ip", "-n", ns, "addr", "add", cidr, "dev", ifName, "nodad");
        } else {
            run("ip", "-n", ns, "addr", "add", cidr, "dev", ifName);
        }
    }

    /** {@code ip -n ns <args...>}. */
    public String ip(String ns, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "ip";
        cmd[1] = "-n";
        cmd[2] = ns;
        System.arraycopy(args, 0, cmd, 3, args.length);
        return run(cmd);
    }

    public String prefix() {
        return prefix;
    }

    /** Runs a command, returning stdout; fails with its output when it exits non-zero. */
    public static String run(String... cmd) {
        Result r = exec(cmd);
        if (r.exit != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exit + ": " + r.output);
        }
        return r.output;
    }

    // ethtool exits non-zero when some feature cannot be changed on a device (e.g. already
    // fixed off); the features that matter are off either way.
    private static void runTolerant(String... cmd) {
        exec(cmd);
    }

    private record Result(int exit, String output) {}

    private static Result exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the namespace threads, then deletes every namespace made here; failures are collected
     * so each one is tried.
     */
    @Override
    public void close() {
        for (int i = entered.size() - 1; i >= 0; i--) {
            entered.get(i).close();
        }
        entered.clear();
        IllegalStateException failure = null;
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            Result r = exec("ip", "netns", "del", namespaces.get(i));
            if (r.exit != 0 && failure == null) {
                failure = new IllegalStateException("ip netns del " + namespaces.get(i) + ": " + r.output);
            }
        }
        namespaces.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
