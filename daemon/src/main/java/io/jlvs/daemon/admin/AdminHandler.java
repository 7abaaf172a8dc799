package io.jlvs.daemon.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminJson;
import io.jlvs.api.AdminOp;
import io.jlvs.api.AdminRequest;
import io.jlvs.api.AdminResponse;
import io.jlvs.api.HealthView;
import io.jlvs.daemon.drain.DrainController;
import io.jlvs.daemon.registry.Errno;
import io.jlvs.daemon.registry.IpvsCall;
import io.jlvs.daemon.registry.IpvsError;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.registry.RestoreException;
import io.jlvs.daemon.sysctl.Sysctls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executes admin requests against the registry: one request in, one response out, never a throw. */
public final class AdminHandler {
    /** Exit code for a request jlvsd cannot read: ipvsadm's for a command line it cannot use. */
    public static final int EXIT_BAD_REQUEST = 2;

    /** ipvsadm's exit code when the service to list does not exist ({@code list_service}). */
    public static final int EXIT_LIST_FAILED = 1;

    /** Exit code when a reload could not be done. */
    public static final int EXIT_RELOAD_FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final Registry registry;
    private final Reloader reloader;
    private final Supplier<HealthView> health;
    private final DrainController drains;
    private final Sysctls sysctls;
    private final ObjectMapper json = AdminJson.mapper();

    /**
     * @param reloader what {@code --reload} runs, or null if jlvsd has no configuration to reload
     */
    public AdminHandler(Registry registry, Reloader reloader) {
        this(registry, reloader, null, null, () -> new HealthView(List.of()));
    }

    /**
     * @param drains runs {@code --drain}, or null where there is no data plane to drain
     * @param sysctls the settings {@code --sysctl} reads and sets, or null
     * @param health the health checkers' states, for {@code checks}
     */
    public AdminHandler(
            Registry registry,
            Reloader reloader,
            DrainController drains,
            Sysctls sysctls,
            Supplier<HealthView> health) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.reloader = reloader;
        this.drains = drains;
        this.sysctls = sysctls;
        this.health = Objects.requireNonNull(health, "health");
    }

    /** Handles one request line as it came off the socket. */
    public AdminResponse handle(byte[] line, boolean mayChange) {
        AdminRequest request;
        try {
            request = json.readValue(line, AdminRequest.class);
        } catch (JacksonException e) {
            return badRequest("malformed request: " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return badRequest("unreadable request: " + e.getMessage());
        }
        return handle(request, mayChange);
    }

    /** Handles one request; {@code mayChange} is whether the peer may change the table. */
    public AdminResponse handle(AdminRequest request, boolean mayChange) {
        try {
            return dispatch(request, mayChange);
        } catch (RuntimeException e) {
            LOG.error("admin request {} failed", request.op(), e);
            return AdminResponse.failure("jlvsd: internal error: " + e, 1);
        }
    }

    private AdminResponse dispatch(AdminRequest request, boolean mayChange) {
        String op = request.op();
        switch (op) {
            case AdminOp.LIST -> {
                // No arguments means the whole table.
                AdminRequest.ListArgs args = decode(request.args(), AdminRequest.ListArgs.class);
                if (args == null) {
                    return badArgs(op);
                }
                if (args.service() == null) {
                    return success(registry.view());
                }
                try {
                    return success(registry.view(args.service()));
                } catch (IpvsError e) {
                    return AdminResponse.failure(e.getMessage(), EXIT_LIST_FAILED);
                }
            }
            case AdminOp.CONNECTIONS -> {
                return success(registry.connections());
            }
            case AdminOp.TIMEOUTS -> {
                return success(registry.timeouts());
            }
            case AdminOp.CHECKS -> {
                return success(health.get());
            }
            case AdminOp.RESTORE -> {
                if (!mayChange) {
                    return denied();
                }
                return restore(request);
            }
            case AdminOp.RELOAD -> {
                if (!mayChange) {
                    return denied();
                }
                return reload();
            }
            case AdminOp.DRAIN -> {
                if (!mayChange) {
                    return denied();
                }
                return drain(request);
            }
            case AdminOp.SYSCTL -> {
                return sysctl(request, mayChange);
            }
            default -> {
                Class<? extends AdminCommand> type = AdminCommand.typeOf(op);
                if (type == null) {
                    return badRequest("unknown operation `" + op + "'");
                }
                if (!mayChange) {
                    return denied();
                }
                AdminCommand command = decode(request.args(), type);
                if (command == null) {
                    return badArgs(op);
                }
                try {
                    registry.apply(command);
                    return success(null);
                } catch (IpvsError e) {
                    return AdminResponse.failure(e.getMessage(), IpvsError.EXIT_REFUSED);
                }
            }
        }
    }

    private AdminResponse restore(AdminRequest request) {
        AdminRequest.RestoreArgs args = decode(request.args(), AdminRequest.RestoreArgs.class);
        if (args == null) {
            return badArgs(AdminOp.RESTORE);
        }
        List<AdminCommand> commands = new ArrayList<>(args.requests().size());
        for (int i = 0; i < args.requests().size(); i++) {
            AdminRequest r = args.requests().get(i);
            Class<? extends AdminCommand> type = AdminCommand.typeOf(r.op());
            if (type == null) {
                return AdminResponse.failure(
                        "jlvsd: a restore holds table changes only, not `" + r.op() + "'", EXIT_BAD_REQUEST, i);
            }
            AdminCommand c = decode(r.args(), type);
            if (c == null) {
                return AdminResponse.failure(
                        "jlvsd: invalid arguments for " + r.op() + " in restore", EXIT_BAD_REQUEST, i);
            }
            commands.add(c);
        }
        try {
            registry.restore(commands);
            return success(null);
        } catch (RestoreException e) {
            return AdminResponse.failure(e.getMessage(), IpvsError.EXIT_REFUSED, e.index());
        }
    }

    private AdminResponse reload() {
        if (reloader == null) {
            return AdminResponse.failure(
                    "jlvsd was started without a configuration file: there is nothing to reload", EXIT_RELOAD_FAILED);
        }
        try {
            return success(new AdminRequest.ReloadResult(reloader.reload()));
        } catch (Exception e) {
            // Logged here too: the journal shows a refused reload whoever asked for it.
            LOG.warn("reload failed, the running configuration is kept: {}", e.getMessage());
            return AdminResponse.failure("reload failed: " + e.getMessage(), EXIT_RELOAD_FAILED);
        }
    }

    private AdminResponse drain(AdminRequest request) {
        AdminRequest.DrainArgs a = decode(request.args(), AdminRequest.DrainArgs.class);
        if (a == null
                || (a.timeoutMillis() != null && a.timeoutMillis() < 0)
                || (a.idleGraceMillis() != null && a.idleGraceMillis() < 0)) {
            return badArgs(AdminOp.DRAIN);
        }
        if (drains == null || sysctls == null) {
            return AdminResponse.failure("jlvsd: this jlvsd has no data plane to drain", EXIT_BAD_REQUEST);
        }
        try {
            var done = drains.drain(a.service(), a.server(), a.timeoutMillis(), a.idleGraceMillis(), a.keep());
            if (!a.await()) {
                return success(new AdminRequest.DrainSummary("started", 0, null));
            }
            return success(done.join());
        } catch (IpvsError e) {
            return AdminResponse.failure(e.getMessage(), IpvsError.EXIT_REFUSED);
        } catch (Sysctls.BadSetting e) {
            return AdminResponse.failure("jlvsd: --drain: " + e.getMessage(), EXIT_BAD_REQUEST);
        }
    }

    private AdminResponse sysctl(AdminRequest request, boolean mayChange) {
        AdminRequest.SysctlArgs a = decode(request.args(), AdminRequest.SysctlArgs.class);
        if (a == null) {
            return badArgs(AdminOp.SYSCTL);
        }
        if (sysctls == null) {
            return AdminResponse.failure("jlvsd: no settings here", EXIT_BAD_REQUEST);
        }
        if (a.name() != null && a.value() != null) {
            if (!mayChange) {
                return denied();
            }
            try {
                sysctls.set(a.name(), a.value());
                LOG.info("setting {} = {}", a.name(), a.value());
            } catch (Sysctls.BadSetting e) {
                return AdminResponse.failure("jlvsd: " + e.getMessage(), EXIT_BAD_REQUEST);
            }
        }
        Map<String, String> all = sysctls.all();
        if (a.name() != null && a.value() == null) {
            String v = all.get(a.name());
            if (v == null) {
                return AdminResponse.failure("jlvsd: unknown setting `" + a.name() + "'", EXIT_BAD_REQUEST);
            }
            return success(Map.of(a.name(), v));
        }
        return success(all);
    }

    /** The args as a {@code type}, or null if they are missing or do not fit it. */
    private <T> T decode(JsonNode args, Class<T> type) {
        try {
            JsonNode node = args == null || args.isNull() ? json.createObjectNode() : args;
            return json.treeToValue(node, type);
        } catch (JacksonException | IllegalArgumentException e) {
            LOG.debug("bad arguments for {}", type.getSimpleName(), e);
            return null;
        }
    }

    private AdminResponse success(Object result) {
        return AdminResponse.success(json.valueToTree(result));
    }

    private static AdminResponse denied() {
        return AdminResponse.failure(new IpvsError(IpvsCall.FLUSH, Errno.EPERM).getMessage(), IpvsError.EXIT_REFUSED);
    }

    private static AdminResponse badArgs(String op) {
        return badRequest("invalid arguments for " + op);
    }

    private static AdminResponse badRequest(String message) {
        return AdminResponse.failure("jlvsd: " + message, EXIT_BAD_REQUEST);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
