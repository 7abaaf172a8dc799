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

    /**
     * Arguments of {@link AdminOp#DRAIN}.
     *
     * @param timeoutMillis the deadline, or null for jlvsd's {@code drain_timeout}
     * @param idleGraceMillis quiet time that makes a flow idle, or null for jlvsd's {@code
     *     drain_idle_grace_ms}
     * @param keep leave the server in the table at weight 0 when done, instead of removing it
     * @param await answer only when the drain is over
     */
    public record DrainArgs(
            ServiceKey service,
            Endpoint server,
            Long timeoutMillis,
            Long idleGraceMillis,
            boolean keep,
            boolean await) {
        public DrainArgs {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
        }
    }

    /**
     * Result of {@link AdminOp#DRAIN}.
     *
     * @param outcome "started", "done", or "cancelled" (the server was re-added or deleted)
     * @param progress the figures at that moment
     */
    public record DrainSummary(String outcome, long durationMillis, DrainProgress progress) {}

    /** Arguments of {@link AdminOp#SYSCTL}: a setting to set, or to read (value null), or none for all. */
    public record SysctlArgs(String name, String value) {}

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

    public static AdminRequest drain(DrainArgs args) {
        return new AdminRequest(AdminOp.DRAIN, AdminJson.mapper().valueToTree(args));
    }

    public static AdminRequest sysctl(String name, String value) {
        return new AdminRequest(AdminOp.SYSCTL, AdminJson.mapper().valueToTree(new SysctlArgs(name, value)));
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
