package io.jlvs.cli;

import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * popt's optional argument ({@code -p [timeout]}): the next word is the value unless there is
 * none or it starts with '-', in which case the option has no value (null).
 */
public final class OptionalArgument implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String value = null;
        if (!args.isEmpty() && !args.peek().startsWith("-")) {
            value = args.pop();
        }
        argSpec.setValue(value);
    }
}
