package io.jlvs.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.Objects;

/**
 * A change to the table: one ipvsadm mutation. Sent alone (the request's op is {@link #op()}, its
 * args the command) or in a batch with {@link AdminOp#RESTORE}.
 */
public sealed interface AdminCommand {

    /** The operation name of this command in a request. */
    @JsonIgnore
    String op();

    /** The command type carried by an operation name, or null if the name is not a command. */
    static Class<? extends AdminCommand> typeOf(String op) {
        return Types.BY_OP.get(op);
    }

    /** {@code -A}: add a virtual service. */
    record AddService(ServiceConfig service) implements AdminCommand {
        public AddService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public String op() {
            return AdminOp.ADD_SERVICE;
        }
    }

    /** {@code -E}: replace a virtual service's configuration. */
    record EditService(ServiceConfig service) implements AdminCommand {
        public EditService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public String op() {
            return AdminOp.EDIT_SERVICE;
        }
    }

    /** {@code -D}: delete a virtual service with its real servers. */
    record DeleteService(ServiceKey service) implements AdminCommand {
        public DeleteService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public String op() {
            return AdminOp.DELETE_SERVICE;
        }
    }

    /** {@code -C}: delete every virtual service. */
    record Clear() implements AdminCommand {
        @Override
        public String op() {
            return AdminOp.CLEAR;
        }
    }

    /** {@code -Z}: zero the counters of one service (and its real servers), or of all if null. */
    record Zero(ServiceKey service) implements AdminCommand {
        @Override
        public String op() {
            return AdminOp.ZERO;
        }
    }

    /** {@code -a}: add a real server to a service. */
    record AddServer(ServiceKey service, RealServerConfig server) implements AdminCommand {
        public AddServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String op() {
            return AdminOp.ADD_SERVER;
        }
    }

    /** {@code -e}: change a real server's forwarding method, weight and thresholds. */
    record EditServer(ServiceKey service, RealServerConfig server) implements AdminCommand {
        public EditServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String op() {
            return AdminOp.EDIT_SERVER;
        }
    }

    /** {@code -d}: delete a real server from a service. */
    record DeleteServer(ServiceKey service, Endpoint server) implements AdminCommand {
        public DeleteServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String op() {
            return AdminOp.DELETE_SERVER;
        }
    }

    /** {@code --set tcp tcpfin udp}: change protocol timeouts (0 keeps a value). */
    record SetTimeouts(Timeouts timeouts) implements AdminCommand {
        public SetTimeouts {
            Objects.requireNonNull(timeouts, "timeouts");
        }

        @Override
        public String op() {
            return AdminOp.SET_TIMEOUTS;
        }
    }

    /** {@code -P -z}: add a FULLNAT local address to a service (alibaba). */
    record AddLocalAddress(ServiceKey service, Address address) implements AdminCommand {
        public AddLocalAddress {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String op() {
            return AdminOp.ADD_LADDR;
        }
    }

    /** {@code -Q -z}: remove a FULLNAT local address from a service (alibaba). */
    record DeleteLocalAddress(ServiceKey service, Address address) implements AdminCommand {
        public DeleteLocalAddress {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String op() {
            return AdminOp.DEL_LADDR;
        }
    }
}

/** Operation name to command type; a holder so the interface stays free of mutable state. */
final class Types {
    static final Map<String, Class<? extends AdminCommand>> BY_OP = Map.ofEntries(
            Map.entry(AdminOp.ADD_SERVICE, AdminCommand.AddService.class),
            Map.entry(AdminOp.EDIT_SERVICE, AdminCommand.EditService.class),
            Map.entry(AdminOp.DELETE_SERVICE, AdminCommand.DeleteService.class),
            Map.entry(AdminOp.CLEAR, AdminCommand.Clear.class),
            Map.entry(AdminOp.ZERO, AdminCommand.Zero.class),
            Map.entry(AdminOp.ADD_SERVER, AdminCommand.AddServer.class),
            Map.entry(AdminOp.EDIT_SERVER, AdminCommand.EditServer.class),
            Map.entry(AdminOp.DELETE_SERVER, AdminCommand.DeleteServer.class),
            Map.entry(AdminOp.SET_TIMEOUTS, AdminCommand.SetTimeouts.class),
            Map.entry(AdminOp.ADD_LADDR, AdminCommand.AddLocalAddress.class),
            Map.entry(AdminOp.DEL_LADDR, AdminCommand.DeleteLocalAddress.class));

    private Types() {}
}
