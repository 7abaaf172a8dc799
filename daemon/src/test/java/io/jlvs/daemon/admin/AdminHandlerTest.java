package io.jlvs.daemon.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminJson;
import io.jlvs.api.AdminOp;
import io.jlvs.api.AdminRequest;
import io.jlvs.api.AdminResponse;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.TableView;
import io.jlvs.api.Timeouts;
import io.jlvs.daemon.registry.CounterStatsSource;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.registry.RegistrySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminHandlerTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);
    private final Registry registry = new Registry(4096, new CounterStatsSource());
    private final AdminHandler handler = new AdminHandler(registry, null);

    private AdminResponse send(String raw, boolean mayChange) {
        return handler.handle(raw.getBytes(UTF_8), mayChange);
    }

    private void assertUnchanged(RegistrySnapshot before) {
        assertThat(registry.snapshot()).isSameAs(before);
    }

    @Test
    void malformedInputIsAnsweredNotThrown() {
        RegistrySnapshot before = registry.snapshot();
        for (String raw : List.of(
                "", "{", "not json", "[1,2]", "{\"op\":42}", "{\"args\":{}}", "{\"op\":\"list\"} trailing", "\u0000")) {
            AdminResponse r = send(raw, true);
            assertThat(r.ok()).as(raw).isFalse();
            assertThat(r.exitCode()).as(raw).isEqualTo(2);
            assertThat(r.error()).as(raw).startsWith("jlvsd: ");
        }
        assertUnchanged(before);
    }

    @Test
    void unknownOperationsAndBadArgumentsAreRefused() {
        RegistrySnapshot before = registry.snapshot();
        assertThat(send("{\"op\":\"format-disk\"}", true).error()).isEqualTo("jlvsd: unknown operation `format-disk'");
        assertThat(send("{\"op\":\"add-service\",\"args\":{}}", true).error())
                .isEqualTo("jlvsd: invalid arguments for add-service");
        assertThat(send(
                                "{\"op\":\"add-service\",\"args\":{\"service\":{\"key\":{\"family\":\"inet\","
                                        + "\"protocol\":\"tcp\",\"address\":\"1.2.3.4\",\"port\":99999,\"fwmark\":0}}}}",
                                true)
                        .exitCode())
                .isEqualTo(2);
        assertThat(send("{\"op\":\"list\",\"args\":{\"service\":\"x\"}}", true).error())
                .isEqualTo("jlvsd: invalid arguments for list");
        assertUnchanged(before);
    }

    @Test
    void changesNeedPermission() {
        RegistrySnapshot before = registry.snapshot();
        AdminResponse r = handler.handle(AdminRequest.of(new AdminCommand.AddService(ServiceConfig.of(WEB))), false);
        assertThat(r.error()).isEqualTo("Permission denied (you must be root)");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(handler.handle(AdminRequest.restore(List.of(new AdminCommand.Clear())), false)
                        .ok())
                .isFalse();
        assertThat(handler.handle(AdminRequest.reload(), false).ok()).isFalse();
        assertUnchanged(before);
        assertThat(handler.handle(AdminRequest.list(), false).ok())
                .as("reading is allowed")
                .isTrue();
        assertThat(handler.handle(AdminRequest.timeouts(), false).ok()).isTrue();
        assertThat(handler.handle(AdminRequest.connections(), false).ok()).isTrue();
    }

    @Test
    void refusedChangesCarryIpvsadmsMessageAndExitCode() throws Exception {
        assertThat(handler.handle(AdminRequest.of(new AdminCommand.AddService(ServiceConfig.of(WEB))), true)
                        .ok())
                .isTrue();
        RegistrySnapshot before = registry.snapshot();
        AdminResponse dup = handler.handle(AdminRequest.of(new AdminCommand.AddService(ServiceConfig.of(WEB))), true);
        assertThat(dup.error()).isEqualTo("Service already exists");
        assertThat(dup.exitCode()).isEqualTo(255);
        AdminResponse missing =
                handler.handle(AdminRequest.list(ServiceKey.of(Protocol.UDP, Address.parse("1.1.1.1"), 1)), true);
        assertThat(missing.error()).isEqualTo("No such service");
        assertThat(missing.exitCode()).as("ipvsadm's list_service exits 1").isEqualTo(1);
        assertUnchanged(before);
    }

    @Test
    void listAndTimeoutsReturnTheirValues() throws Exception {
        handler.handle(AdminRequest.of(new AdminCommand.AddService(ServiceConfig.of(WEB))), true);
        handler.handle(
                AdminRequest.of(new AdminCommand.AddServer(
                        WEB, RealServerConfig.of(Address.parse("10.0.0.1"), 80, ForwardMethod.ROUTE, 1))),
                true);
        TableView t = AdminJson.mapper()
                .treeToValue(handler.handle(AdminRequest.list(WEB), false).result(), TableView.class);
        assertThat(t.services()).singleElement().satisfies(s -> assertThat(s.realServers())
                .hasSize(1));
        Timeouts to = AdminJson.mapper()
                .treeToValue(handler.handle(AdminRequest.timeouts(), false).result(), Timeouts.class);
        assertThat(to).isEqualTo(Timeouts.DEFAULTS);
        AdminResponse clearWithoutArgs = handler.handle(new AdminRequest(AdminOp.CLEAR, null), true);
        assertThat(clearWithoutArgs.ok()).isTrue();
        assertThat(registry.snapshot().services()).isEmpty();
    }

    @Test
    void restoreReportsTheFailingCommandAndChangesNothing() {
        RegistrySnapshot before = registry.snapshot();
        AdminResponse r = handler.handle(
                AdminRequest.restore(List.of(
                        new AdminCommand.AddService(ServiceConfig.of(WEB)),
                        new AdminCommand.AddService(ServiceConfig.of(WEB)))),
                true);
        assertThat(r.error()).isEqualTo("Service already exists");
        assertThat(r.failedIndex()).isEqualTo(1);
        assertUnchanged(before);

        var args = JsonNodeFactory.instance.objectNode();
        args.putArray("requests").add((com.fasterxml.jackson.databind.JsonNode)
                AdminJson.mapper().valueToTree(AdminRequest.list()));
        AdminResponse notAChange = handler.handle(new AdminRequest(AdminOp.RESTORE, args), true);
        assertThat(notAChange.error()).isEqualTo("jlvsd: a restore holds table changes only, not `list'");
        assertThat(notAChange.failedIndex()).isZero();
        assertUnchanged(before);
    }

    @Test
    void reloadRunsTheReloaderOrSaysThereIsNone() {
        assertThat(handler.handle(AdminRequest.reload(), true).error())
                .isEqualTo("jlvsd was started without a configuration file: there is nothing to reload");
        AdminHandler withConfig = new AdminHandler(registry, () -> "reloaded /etc/jlvs/keepalived.conf: 2 changes");
        AdminResponse ok = withConfig.handle(AdminRequest.reload(), true);
        assertThat(ok.result().get("message").asText()).isEqualTo("reloaded /etc/jlvs/keepalived.conf: 2 changes");
        AdminHandler broken = new AdminHandler(registry, () -> {
            throw new IllegalStateException("line 3: unknown keyword `virtual_srever'");
        });
        AdminResponse failed = broken.handle(AdminRequest.reload(), true);
        assertThat(failed.error()).isEqualTo("reload failed: line 3: unknown keyword `virtual_srever'");
        assertThat(failed.exitCode()).isEqualTo(1);
    }
}
