package io.jlvs.cli;

import io.jlvs.api.AdminClient;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminException;
import io.jlvs.api.AdminRequest;
import io.jlvs.api.Endpoint;
import io.jlvs.api.TableView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code jlvsadm}: parses an ipvsadm command line, asks jlvsd over the admin socket, prints what
 * ipvsadm would print and exits as it would.
 */
public final class Jlvsadm {
    /** Exit code when jlvsd cannot be reached: ipvsadm's when IPVS cannot be initialised. */
    static final int EXIT_NO_DAEMON = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, String> env;
    private final NameResolver names;

    Jlvsadm(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, NameResolver names) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.in = Objects.requireNonNull(in, "in");
        this.env = Objects.requireNonNull(env, "env");
        this.names = Objects.requireNonNull(names, "names");
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new Jlvsadm(out, err, System.in, System.getenv(), SystemNameResolver.standard()).run(args);
        out.flush();
        System.exit(code);
    }

    /** The picocli model jlvsadm parses with, configured to behave as ipvsadm's popt table. */
    static CommandLine commandLine(JlvsadmCommand model) {
        CommandLine cl = new CommandLine(model.spec());
        cl.setOverwrittenOptionsAllowed(true);
        cl.setPosixClusteredShortOptionsAllowed(true);
        // popt takes the next word as an option's value even if it starts with '-'.
        cl.setAllowOptionsAsOptionParameters(true);
        cl.setUnmatchedOptionsAllowedAsOptionParameters(true);
        cl.setExpandAtFiles(false);
        return cl;
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... args) {
        JlvsadmCommand line = new JlvsadmCommand();
        CommandLine cl = commandLine(line);
        try {
            cl.parseArgs(args);
        } catch (ParameterException e) {
            return fail(poptError(e, args));
        }
        if (line.completion) {
            out.print(AutoComplete.bash("jlvsadm", cl));
            out.flush();
            return 0;
        }
        AdminClient client = new AdminClient(AdminClient.socketPath(line.socket, env));
        try {
            if (line.occurrences.isEmpty() && line.positionals.isEmpty()) {
                // ipvsadm with no arguments lists the table.
                out.print(Listing.all(client.list(), Format.NONE, names));
                return 0;
            }
            if (!line.occurrences.isEmpty()) {
                Arg first = line.occurrences.getFirst().arg();
                if (first == Arg.HELP) {
                    out.print(cl.getUsageMessage());
                    return 0;
                }
                if (first == Arg.VERSION) {
                    out.print(version() + "\n");
                    return 0;
                }
            }
            Invocation inv = new InvocationParser(names).parse(line, false);
            return execute(inv, client);
        } catch (UsageFailure e) {
            return fail(e);
        } catch (AdminException e) {
            err.print(e.getMessage() + "\n");
            return e.exitCode();
        } catch (IOException e) {
            return noDaemon(client, e);
        } finally {
            out.flush();
        }
    }

    static String version() {
        String v = Jlvsadm.class.getPackage().getImplementationVersion();
        return "jlvsadm " + (v != null ? v : "(development build)") + " (ipvsadm v1.31 command line, IPVS v1.2.1)";
    }

    private int execute(Invocation inv, AdminClient client) throws IOException, AdminException, UsageFailure {
        switch (inv.cmd) {
            case LIST -> {
                if (inv.has(Opt.CONNECTION)) {
                    out.print(Listing.connections(client.connections(), inv.format(false), names));
                } else if (inv.has(Opt.SERVICE)) {
                    TableView t = client.list(inv.serviceKey());
                    out.print(Listing.one(t.services().getFirst(), inv.format(false), names));
                } else if (inv.has(Opt.CHECKS)) {
                    out.print(CheckListing.of(client.checks()));
                } else if (inv.has(Opt.TIMEOUT)) {
                    out.print(Listing.timeouts(client.timeouts()));
                } else if (!inv.has(Opt.DAEMON)) {
                    // --daemon lists running sync daemons; jlvsadm starts none, so there are none.
                    out.print(Listing.all(client.list(), inv.format(false), names));
                }
                return 0;
            }
            case SAVE -> {
                out.print(Listing.all(client.list(), inv.format(true), names));
                return 0;
            }
            case RESTORE -> {
                return restore(client);
            }
            case GETLADDR -> {
                TableView t;
                try {
                    t = inv.has(Opt.SERVICE) ? client.list(inv.serviceKey()) : client.list();
                } catch (AdminException e) {
                    // alibaba's list_laddrs returns -1 where list_service exits 1.
                    throw new AdminException(e.getMessage(), 255);
                }
                out.print(Listing.localAddresses(t.services()));
                return 0;
            }
            case STARTDAEMON, STOPDAEMON -> {
                err.print("Connection synchronisation is run by jlvsd from its configuration "
                        + "(lvs_sync_daemon in keepalived.conf); jlvsadm does not start or stop it\n");
                return 255;
            }
            case RELOAD -> {
                out.print(client.reload() + "\n");
                return 0;
            }
            case DRAIN -> {
                AdminRequest.DrainSummary s = client.drain(new AdminRequest.DrainArgs(
                        inv.serviceKey(),
                        new Endpoint(inv.destAddress, inv.destPort),
                        inv.drainTimeoutMillis,
                        inv.idleGraceMillis,
                        inv.has(Opt.KEEP),
                        inv.has(Opt.WAIT)));
                if (inv.has(Opt.WAIT)) {
                    out.print(Listing.drainSummary(s));
                }
                return 0;
            }
            case SYSCTL -> {
                String word = inv.sysctl;
                int eq = word == null ? -1 : word.indexOf('=');
                Map<String, String> settings = eq < 0
                        ? client.sysctl(word, null)
                        : client.sysctl(
                                word.substring(0, eq).trim(),
                                word.substring(eq + 1).trim());
                if (eq < 0) {
                    settings.forEach((k, v) -> out.print(k + " = " + v + "\n"));
                }
                return 0;
            }
            default -> {
                client.execute(inv.change());
                return 0;
            }
        }
    }

    /**
     * {@code -R}: every line is parsed and checked before anything is sent, then the whole input
     * goes to jlvsd as one batch that is applied entirely or not at all.
     */
    private int restore(AdminClient client) throws IOException {
        List<RestoreReader.Line> lines = RestoreReader.read(in);
        List<AdminCommand> batch = new ArrayList<>(lines.size());
        InvocationParser parser = new InvocationParser(names);
        for (RestoreReader.Line l : lines) {
            JlvsadmCommand model = new JlvsadmCommand();
            String[] words = l.words().toArray(String[]::new);
            try {
                try {
                    commandLine(model).parseArgs(words);
                } catch (ParameterException e) {
                    throw poptError(e, words);
                }
                if (!model.occurrences.isEmpty()
                        && (model.occurrences.getFirst().arg() == Arg.HELP
                                || model.occurrences.getFirst().arg() == Arg.VERSION)) {
                    throw new UsageFailure("only table changes can be restored");
                }
                Invocation inv = parser.parse(model, true);
                if (!inv.cmd.isChange()) {
                    throw new UsageFailure("only table changes can be restored, not --" + inv.cmd.label());
                }
                batch.add(inv.change());
            } catch (UsageFailure e) {
                err.print(e.getMessage() + "\n");
                err.print(restoreNote(l));
                return e.exitCode();
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            client.restore(batch);
            return 0;
        } catch (AdminException e) {
            err.print(e.getMessage() + "\n");
            if (e.failedIndex() != null && e.failedIndex() >= 0 && e.failedIndex() < lines.size()) {
                err.print(restoreNote(lines.get(e.failedIndex())));
            }
            return e.exitCode();
        }
    }

    private static String restoreNote(RestoreReader.Line l) {
        return "jlvsadm: restore stopped at line " + l.number() + " (" + l.text() + "); nothing was changed\n";
    }

    /**
     * What popt says about a command line it cannot parse: "Try ... -h" if the very first option
     * is the problem, else the option and the error; both exit 255.
     */
    static UsageFailure poptError(ParameterException e, String[] args) {
        String bad;
        String what;
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            bad = u.getUnmatched().getFirst();
            what = "unknown option";
        } else if (e instanceof MissingParameterException && args.length > 0) {
            bad = args[args.length - 1];
            what = "missing argument";
        } else {
            return new UsageFailure(e.getMessage(), UsageFailure.EXIT_POPT);
        }
        if (bad.equals(firstOption(args))) {
            return InvocationParser.tryHelp();
        }
        return new UsageFailure(bad + ": " + what, UsageFailure.EXIT_POPT);
    }

    /** The first word that is an option, skipping jlvsadm's own --socket. */
    private static String firstOption(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--socket")) {
                i++;
                continue;
            }
            if (a.startsWith("--socket=")) {
                continue;
            }
            if (a.length() > 1 && a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    private int fail(UsageFailure e) {
        err.print(e.getMessage() + "\n");
        return e.exitCode();
    }

    private int noDaemon(AdminClient client, IOException e) {
        String reason = e instanceof AccessDeniedException
                        || String.valueOf(e.getMessage()).contains("Permission denied")
                ? "Permission denied (you must be root)"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        err.print("Can't initialize ipvs: " + reason + "\nAre you sure that jlvsd is running (admin socket "
                + client.socket() + ")?\n");
        return EXIT_NO_DAEMON;
    }
}
