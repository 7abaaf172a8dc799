package io.jlvs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * jlvsadm's command line as picocli sees it: the usage text here, one option for each {@link Arg}
 * (built from that table) that records each occurrence in order, so {@link InvocationParser} can
 * process them the way ipvsadm's popt loop does (a command first, options in the order given, a
 * repeated option refused). The same model drives the help text and the generated completion
 * script.
 */
@Command(
        name = "jlvsadm",
        sortOptions = false,
        usageHelpWidth = 100,
        headerHeading = "",
        header = "Administer jlvsd's virtual server table with ipvsadm's command line.",
        synopsisHeading = "%nUsage:%n",
        customSynopsis = {
            "  jlvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine]",
            "          [--sched-flags sched-flags] [-j enable|disable] [-V timeout]",
            "          [--client-address none|toa|proxy_v1|proxy_v2 [--toa-in-syn] [--toa-ipv6-kind 253|254]]",
            "  jlvsadm -D virtual-service",
            "  jlvsadm -C",
            "  jlvsadm -R",
            "  jlvsadm -S [-n]",
            "  jlvsadm -a|e virtual-service -r server-address [options]",
            "  jlvsadm -d virtual-service -r server-address",
            "  jlvsadm -L|l [virtual-service] [options]",
            "  jlvsadm -L --checks",
            "  jlvsadm -Z [virtual-service]",
            "  jlvsadm --set tcp tcpfin udp",
            "  jlvsadm -P|Q virtual-service -z local-address",
            "  jlvsadm -G [virtual-service]",
            "  jlvsadm --reload",
            "  jlvsadm --drain virtual-service -r server-address [--timeout duration] [--idle-grace duration]",
            "          [--keep] [--wait]",
            "  jlvsadm --sysctl [name[=value]]",
            "  jlvsadm --start-daemon {master|backup} [daemon-options]",
            "  jlvsadm --stop-daemon {master|backup}",
            "  jlvsadm -h",
        },
        descriptionHeading = "%n",
        description = {
            "virtual-service is one of",
            "  -t|--tcp-service host[:port]   -u|--udp-service host[:port]",
            "  --sctp-service host[:port]     -f|--fwmark-service fwmark [-6]",
            "An IPv6 host is written in brackets with a port: [2001:db8::1]:80.",
        },
        optionListHeading = "%nCommands and options:%n",
        footerHeading = "%n",
        footer = {
            "jlvsadm talks to jlvsd over its admin socket: --socket, else $JLVS_SOCKET,",
            "else /run/jlvs/jlvsd.sock.",
            "Exit status (as ipvsadm): 0 done, 1 no such service to list, 2 bad command line,",
            "255 refused by jlvsd or an option that cannot be parsed."
        })
public final class JlvsadmCommand {
    /** One occurrence of a command or option, in command-line order. */
    record Occurrence(Arg arg, String value) {}

    final List<Occurrence> occurrences = new ArrayList<>();
    String socket;
    boolean completion;

    @Parameters(arity = "0..*", paramLabel = "value", hidden = true)
    List<String> positionals = new ArrayList<>();

    /** The picocli model of this command line: the annotations above plus every {@link Arg}. */
    CommandSpec spec() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(this);
        for (Arg arg : Arg.values()) {
            Arg.Value v = arg.value();
            OptionSpec.Builder o = option(arg.ordinal(), arg.description(), arg.names())
                    .setter(setter(value -> occurrences.add(new Occurrence(arg, (String) value))));
            if (v == null) {
                o.type(boolean.class);
            } else {
                o.type(String.class).paramLabel(v.label());
                if (v.optional()) {
                    o.arity("0..1").parameterConsumer(new OptionalArgument());
                }
            }
            spec.addOption(o.build());
        }
        int next = Arg.values().length;
        spec.addOption(option(next++, "jlvsd's admin socket", "--socket")
                .type(String.class)
                .paramLabel("path")
                .setter(setter(value -> socket = (String) value))
                .build());
        spec.addOption(option(next, "print a bash completion script for jlvsadm", "--completion")
                .type(boolean.class)
                .setter(setter(value -> completion = true))
                .build());
        return spec;
    }

    /** No initial value: picocli would "reset" each option through its setter, recording it. */
    private static OptionSpec.Builder option(int order, String description, String... names) {
        return OptionSpec.builder(names).order(order).description(description).hasInitialValue(false);
    }

    /** A setter run once per occurrence; a switch's value (true) is not kept. */
    private static ISetter setter(Consumer<Object> onValue) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                onValue.accept(value instanceof String ? value : null);
                return null;
            }
        };
    }
}
