package io.jlvs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminJsonTest {
    private final ObjectMapper m = AdminJson.mapper();
    private final ServiceKey key = ServiceKey.of(Protocol.TCP, Address.parse("192.0.2.1"), 80);

    @Test
    void everyCommandRoundTripsThroughItsRequest() throws Exception {
        RealServerConfig rs =
                new RealServerConfig(Address.parse("10.0.0.2"), 8080, ForwardMethod.FULLNAT, 3, 100, 50, 0);
        List<AdminCommand> commands = List.of(
                new AdminCommand.AddService(ServiceConfig.of(key)
                        .withScheduler("mh")
                        .withSchedFlags(ServiceConfig.SCHED_FLAG_1)
                        .withPersistence(60, 24)
                        .withSynProxy(true)
                        .withEstablishedTimeout(90)),
                new AdminCommand.EditService(ServiceConfig.of(key).withOnePacket(true)),
                new AdminCommand.DeleteService(key),
                new AdminCommand.Clear(),
                new AdminCommand.Zero(null),
                new AdminCommand.Zero(ServiceKey.ofFwmark(5, Family.INET6)),
                new AdminCommand.AddServer(key, rs),
                new AdminCommand.EditServer(key, rs),
                new AdminCommand.DeleteServer(key, rs.endpoint()),
                new AdminCommand.SetTimeouts(new Timeouts(1, 0, 3)),
                new AdminCommand.AddLocalAddress(key, Address.parse("10.9.0.1")),
                new AdminCommand.DeleteLocalAddress(key, Address.parse("10.9.0.1")));
        for (AdminCommand c : commands) {
            String line = m.writeValueAsString(AdminRequest.of(c));
            assertThat(line).doesNotContain("\n");
            AdminRequest back = m.readValue(line, AdminRequest.class);
            assertThat(back.op()).isEqualTo(c.op());
            assertThat(m.treeToValue(back.args(), AdminCommand.typeOf(back.op())))
                    .isEqualTo(c);
        }
    }

    @Test
    void addressesAndEnumsAreOperatorWordsOnTheWire() throws Exception {
        JsonNode n = m.valueToTree(new AdminCommand.AddServer(
                ServiceKey.of(Protocol.UDP, Address.parse("2001:db8::1"), 53),
                RealServerConfig.of(Address.parse("2001:db8::2"), 53, ForwardMethod.MASQ, 1)));
        assertThat(n.at("/service/address").asText()).isEqualTo("2001:db8::1");
        assertThat(n.at("/service/protocol").asText()).isEqualTo("udp");
        assertThat(n.at("/service/family").asText()).isEqualTo("inet6");
        assertThat(n.at("/server/forward").asText()).isEqualTo("masq");
        assertThat(n.has("op")).isFalse();
    }

    @Test
    void queriesAndResponsesRoundTrip() throws Exception {
        TableView t = new TableView(
                "1.2.1",
                4096,
                List.of(new ServiceStatus(
                        ServiceConfig.of(key),
                        new Counters(1, 2, 3, 4, 5),
                        new Rates(6, 7, 8, 9, 10),
                        List.of(new RealServerStatus(
                                RealServerConfig.of(Address.parse("10.0.0.2"), 80, ForwardMethod.ROUTE, 1)
                                        .withSlowStart(30),
                                RealServerState.QUIESCENT,
                                1,
                                2,
                                3,
                                Counters.ZERO,
                                Rates.ZERO,
                                new DrainProgress(1500, 8500, java.util.Map.of("idle", 2L), 3, 4, 0, 1),
                                new SlowStartProgress(350, 10_500, 30_000))),
                        List.of(new LocalAddressStatus(Address.parse("10.9.0.1"), 4, 5)))));
        AdminResponse r = AdminResponse.success(m.valueToTree(t));
        AdminResponse back = m.readValue(m.writeValueAsString(r), AdminResponse.class);
        assertThat(m.treeToValue(back.result(), TableView.class)).isEqualTo(t);

        ConnectionEntry e = new ConnectionEntry(
                Protocol.TCP,
                899,
                "ESTABLISHED",
                new Endpoint(Address.parse("198.51.100.7"), 40000),
                new Endpoint(Address.parse("192.0.2.1"), 80),
                null,
                new Endpoint(Address.parse("10.0.0.2"), 80));
        assertThat(m.readValue(m.writeValueAsString(e), ConnectionEntry.class)).isEqualTo(e);

        AdminRequest list = m.readValue(m.writeValueAsString(AdminRequest.list(key)), AdminRequest.class);
        assertThat(m.treeToValue(list.args(), AdminRequest.ListArgs.class).service())
                .isEqualTo(key);
        AdminRequest restore = m.readValue(
                m.writeValueAsString(AdminRequest.restore(List.of(new AdminCommand.Clear()))), AdminRequest.class);
        assertThat(m.treeToValue(restore.args(), AdminRequest.RestoreArgs.class)
                        .requests()
                        .getFirst()
                        .op())
                .isEqualTo(AdminOp.CLEAR);
    }

    @Test
    void unknownFieldsAndBadShapesAreRefused() {
        assertThatThrownBy(() -> m.readValue(
                        "{\"family\":\"inet\",\"protocol\":\"tcp\",\"address\":\"1.2.3.4\",\"port\":80,"
                                + "\"fwmark\":0,\"colour\":1}",
                        ServiceKey.class))
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> m.readValue(
                        "{\"family\":\"inet\",\"protocol\":\"tcp\",\"address\":\"1.2.3.4\",\"port\":70000,"
                                + "\"fwmark\":0}",
                        ServiceKey.class))
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> m.readValue("\"300.1.1.1\"", Address.class)).isInstanceOf(Exception.class);
    }

    @Test
    void aResponseIsEitherSuccessOrAFailureWithCode() {
        assertThatThrownBy(() -> new AdminResponse(false, null, "x", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminResponse(true, null, "x", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AdminResponse.failure("No such service", 255, 2).failedIndex())
                .isEqualTo(2);
    }

    @Test
    void socketPathPrefersOptionThenEnvironment() {
        assertThat(AdminClient.socketPath(null, java.util.Map.of())).isEqualTo(AdminClient.DEFAULT_SOCKET);
        assertThat(AdminClient.socketPath(null, java.util.Map.of("JLVS_SOCKET", "/tmp/a.sock")))
                .hasToString("/tmp/a.sock");
        assertThat(AdminClient.socketPath("/tmp/b.sock", java.util.Map.of("JLVS_SOCKET", "/tmp/a.sock")))
                .hasToString("/tmp/b.sock");
    }
}
