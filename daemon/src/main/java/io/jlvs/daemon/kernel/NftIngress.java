package io.jlvs.daemon.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the director's kernel off the frames jlvsd consumes: one nftables {@code netdev} table
 * with an ingress chain per interface. AF_PACKET taps run before the netdev ingress hook, so
 * jlvsd still sees every frame the rule drops.
 *
 * <p>Each {@link #apply} replaces the whole table in one nft transaction ("create, delete,
 * define"), so there is never a moment with half a rule set; {@link #remove} deletes it on exit.
 * This is control-plane code: it runs the {@code nft} command, once per change.
 */
public final class NftIngress {
    /** The table's name; one jlvsd per network namespace owns it. */
    public static final String TABLE = "jlvs";

    private final List<String> commandPrefix;

    /** Runs {@code nft} directly: jlvsd lives in the namespace it serves. */
    public NftIngress() {
        this(List.of());
    }

    /** Runs {@code nft} behind a prefix, e.g. {@code ip netns exec NS}, for tests and tools. */
    public NftIngress(List<String> commandPrefix) {
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** The nft script that installs {@code plans}, replacing any previous table. */
    public static String render(List<IngressPlan> plans) {
        StringBuilder sb = new StringBuilder();
        sb.append("table netdev ").append(TABLE).append('\n');
        sb.append("delete table netdev ").append(TABLE).append('\n');
        sb.append("table netdev ").append(TABLE).append(" {\n");
        for (IngressPlan plan : plans) {
            checkDevice(plan.device());
            sb.append("  chain in_")
                    .append(plan.device().replaceAll("[^A-Za-z0-9_]", "_"))
                    .append(" {\n");
            sb.append("    type filter hook ingress device \"")
                    .append(plan.device())
                    .append("\" priority filter; policy accept;\n");
            List<String> v4 = byFamily(plan.ownedAddresses(), false);
            List<String> v6 = byFamily(plan.ownedAddresses(), true);
            if (!v4.isEmpty()) {
                sb.append("    ip daddr ").append(set(v4)).append(" counter drop\n");
            }
            if (!v6.isEmpty()) {
                sb.append("    ip6 daddr ").append(set(v6)).append(" counter drop\n");
            }
            replies(sb, plan, false);
            replies(sb, plan, true);
            sb.append("  }\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static void replies(StringBuilder sb, IngressPlan plan, boolean v6) {
        List<String> elements = new ArrayList<>();
        for (IngressPlan.RealServerPort r : plan.realServerReplies()) {
            if (isV6(r.address()) == v6) {
                elements.add(checkAddress(r.address()) + " . " + r.protocol() + " . " + r.port());
            }
        }
        if (elements.isEmpty()) {
            return;
        }
        String family = v6 ? "ip6" : "ip";
        sb.append("    ")
                .append(family)
                .append(" saddr . meta l4proto . th sport ")
                .append(set(elements));
        List<String> own = byFamily(plan.directorAddresses(), v6);
        if (!own.isEmpty()) {
            sb.append(' ').append(family).append(" daddr != ").append(set(own));
        }
        sb.append(" counter drop\n");
    }

    /** Installs the plans (replacing what was there); throws with nft's own message on failure. */
    public void apply(List<IngressPlan> plans) throws IOException {
        nft(render(plans), "-f", "-");
    }

    /** Deletes the table; a table that is not there is not an error (idempotent shutdown). */
    public void remove() throws IOException {
        nft("table netdev " + TABLE + "\ndelete table netdev " + TABLE + "\n", "-f", "-");
    }

    /** The live table as nft lists it, or empty when there is none. */
    public String list() throws IOException {
        try {
            return nft("", "list", "table", "netdev", TABLE);
        } catch (IOException e) {
            return "";
        }
    }

    private String nft(String stdin, String... args) throws IOException {
        List<String> argv = new ArrayList<>(commandPrefix);
        argv.add("nft");
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nft did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nft", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "nft " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): " + out.strip());
        }
        return out;
    }

    private static List<String> byFamily(List<String> addresses, boolean v6) {
        List<String> out = new ArrayList<>();
        for (String a : addresses) {
            if (isV6(a) == v6) {
                out.add(checkAddress(a));
            }
        }
        return out;
    }

    private static boolean isV6(String address) {
        return address.indexOf(':') >= 0;
    }

    // The script is built from operator input; only literal addresses and plain interface names
    // may reach it, so a config value can never inject nft syntax.
    private static String checkAddress(String address) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an IP address literal: " + address);
        }
        return address;
    }

    private static void checkDevice(String device) {
        if (!device.matches("[A-Za-z0-9_.@-]{1,15}")) {
            throw new IllegalArgumentException("not an interface name: " + device);
        }
    }

    private static String set(List<String> elements) {
        return "{ " + String.join(", ", elements) + " }";
    }
}
