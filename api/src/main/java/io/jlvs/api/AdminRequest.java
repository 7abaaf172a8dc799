package io.jlvs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Objects;

/**
 * One request: an operation name and its arguments. On the wire it is one line of JSON, {@code
 * {"op":"add-service","args":{...}}}; {@code args} is null for operations that take none.
 */
public record AdminRequest(String op, JsonNode args) {
    public AdminRequest {
        Objects.requireNonNull(op, "op");
        if (args == null) {
            args = NullNode.getInstance();
        }
    }

    /** Arguments of {@link AdminOp#LIST}: one service, or null for all. */
    public record ListArgs(ServiceKey service) {}

    /** Arguments of {@link AdminOp#RESTORE}: the commands, each as its own request. */
    public record RestoreArgs(List<AdminRequest> requests) {
        public RestoreArgs {
            requests = List.copyOf(requests);
        }
    }

    /** Result of {@link AdminOp#RELOAD}: what jlvsd reports it did. */
    public record ReloadResult(String message) {}

    /** The request carrying one command. */
    public static AdminRequest of(AdminCommand command) {
        return new AdminRequest(command.op(), AdminJson.mapper().valueToTree(command));
    }

    /** The whole table. */
    public static AdminRequest list() {
        return new AdminRequest(AdminOp.LIST, null);
    }

    /** One service of the table. */
    public static AdminRequest list(ServiceKey service) {
        return new AdminRequest(AdminOp.LIST, AdminJson.mapper().valueToTree(new ListArgs(service)));
    }

    public static AdminRequest connections() {
        return new AdminRequest(AdminOp.CONNECTIONS, null);
    }

    public static AdminRequest timeouts() {
        return new AdminRequest(AdminOp.TIMEOUTS, null);
    }

    public static AdminRequest checks() {
        return new AdminRequest(AdminOp.CHECKS, null);
    }

    public static AdminRequest reload() {
        return new AdminRequest(AdminOp.RELOAD, null);
    }

    /** A batch applied all or nothing, in order. */
    public static AdminRequest restore(List<? extends AdminCommand> commands) {
        List<AdminRequest> requests = commands.stream().map(AdminRequest::of).toList();
        return new AdminRequest(AdminOp.RESTORE, AdminJson.mapper().valueToTree(new RestoreArgs(requests)));
    }
}
