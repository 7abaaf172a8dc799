package io.jlvs.daemon.config;

import static io.jlvs.daemon.config.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    static final String BASE = """
            global_defs {
                lvs_timeouts tcp 900
            }
            virtual_server 10.0.0.1 80 {
                lb_algo rr
                lb_kind NAT
                protocol TCP
                real_server 10.0.1.1 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
                real_server 10.0.1.2 80 {
                    weight 1
                }
            }
            virtual_server 10.0.0.2 443 {
                lb_algo wlc
                lb_kind DR
                protocol TCP
                real_server 10.0.1.1 443 {
                }
            }
            """;

    static ConfigDiff diff(String before, String after) {
        return ConfigDiff.between(config(before), config(after));
    }

    @Test
    void sameConfigurationNoDifference() {
        ConfigDiff d = diff(BASE, BASE);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.logLines()).isEmpty();
    }

    @Test
    void layoutCommentsAndOrderOfDefaultsDoNotCount() {
        String relaid = "# moved around\n\n"
                + BASE.replace("    lb_algo rr\n    lb_kind NAT\n", "    lb_kind NAT ! same\n    lb_algo rr\n")
                        .replace("weight 1\n                    TCP_CHECK", "TCP_CHECK");
        assertThat(diff(BASE, relaid).isEmpty()).isTrue();
    }

    @Test
    void servicesAddedAndRemoved() {
        String after = BASE.replace("virtual_server 10.0.0.2 443", "virtual_server 10.0.0.3 443");
        ConfigDiff d = diff(BASE, after);
        assertThat(d.addedServices()).extracting(VirtualServer::name).containsExactly("TCP 10.0.0.3:443");
        assertThat(d.removedServices()).extracting(VirtualServer::name).containsExactly("TCP 10.0.0.2:443");
        assertThat(d.changedServices()).isEmpty();
        assertThat(d.logLines())
                .containsExactly(
                        "virtual_server TCP 10.0.0.2:443 removed (1 real servers)",
                        "virtual_server TCP 10.0.0.3:443 added: lb_algo wlc, lb_kind DR, 1 real servers");
    }

    @Test
    void aProtocolChangeIsANewService() {
        ConfigDiff d = diff(
                BASE, BASE.replace("wlc\n    lb_kind DR\n    protocol TCP", "wlc\n    lb_kind DR\n    protocol UDP"));
        assertThat(d.removedServices()).extracting(VirtualServer::name).containsExactly("TCP 10.0.0.2:443");
        assertThat(d.addedServices()).extracting(VirtualServer::name).containsExactly("UDP 10.0.0.2:443");
    }

    @Test
    void serviceFieldsAndRealServers() {
        String after = BASE.replace("lb_algo rr", "lb_algo wrr\n    persistence_timeout 300")
                .replace(
                        "    real_server 10.0.1.2 80 {\n        weight 1\n",
                        "    real_server 10.0.1.2 80 {\n        weight 0\n")
                .replace(
                        "    real_server 10.0.1.1 80 {",
                        "    real_server 10.0.1.3 80 {\n    }\n    real_server 10.0.1.1 80 {")
                .replace("connect_timeout 2", "connect_timeout 3");
        ConfigDiff d = diff(BASE, after);
        assertThat(d.changedServices()).hasSize(1);
        ConfigDiff.ServiceChange c = d.changedServices().getFirst();
        assertThat(c.fields())
                .containsExactly(
                        new FieldChange("lb_algo", "rr", "wrr"), new FieldChange("persistence_timeout", "0", "300"));
        assertThat(c.addedReals()).extracting(r -> r.endpoint().toString()).containsExactly("10.0.1.3:80");
        assertThat(c.removedReals()).isEmpty();
        assertThat(c.changedReals())
                .extracting(r -> r.after().endpoint().toString())
                .containsExactly("10.0.1.1:80", "10.0.1.2:80");
        assertThat(c.changedReals().get(1).fields()).containsExactly(new FieldChange("weight", "1", "0"));
        assertThat(c.changedReals().get(0).fields())
                .extracting(FieldChange::field)
                .containsExactly("checkers");
        assertThat(d.logLines())
                .containsExactly(
                        "virtual_server TCP 10.0.0.1:80 changed: lb_algo rr -> wrr; persistence_timeout 0 -> 300",
                        "virtual_server TCP 10.0.0.1:80: real_server 10.0.1.3:80 added: weight 1, lvs_method NAT, checkers none",
                        "virtual_server TCP 10.0.0.1:80: real_server 10.0.1.1:80 changed: checkers TCP_CHECK { connect"
                                + " 10.0.1.1:80 connect_timeout 2s retry 1 delay_before_retry 1s warmup 60s delay_loop 60s }"
                                + " -> TCP_CHECK { connect 10.0.1.1:80 connect_timeout 3s retry 1 delay_before_retry 1s warmup"
                                + " 60s delay_loop 60s }",
                        "virtual_server TCP 10.0.0.1:80: real_server 10.0.1.2:80 changed: weight 1 -> 0");
    }

    @Test
    void realServerRemovedAndAPortChangeIsRemovalPlusAddition() {
        String after = BASE.replace("    real_server 10.0.1.2 80 {\n        weight 1\n    }\n", "")
                .replace(
                        "    real_server 10.0.1.1 443 {\n",
                        "    real_server 10.0.1.1 443 {\n    }\n    real_server 10.0.1.9 443 {\n");
        ConfigDiff d = diff(BASE, after);
        assertThat(d.logLines())
                .containsExactly(
                        "virtual_server TCP 10.0.0.1:80: real_server 10.0.1.2:80 removed",
                        "virtual_server TCP 10.0.0.2:443: real_server 10.0.1.9:443 added: weight 1, lvs_method DR,"
                                + " checkers none");
        ConfigDiff nat = diff(BASE, BASE.replace("real_server 10.0.1.2 80", "real_server 10.0.1.2 8080"));
        ConfigDiff.ServiceChange c = nat.changedServices().getFirst();
        assertThat(c.removedReals()).extracting(r -> r.endpoint().toString()).containsExactly("10.0.1.2:80");
        assertThat(c.addedReals()).extracting(r -> r.endpoint().toString()).containsExactly("10.0.1.2:8080");
    }

    @Test
    void inheritedValuesShowWhereTheyLand() {
        ConfigDiff d = diff(BASE, BASE.replace("lb_algo rr", "lb_algo rr\n    delay_loop 10"));
        ConfigDiff.ServiceChange c = d.changedServices().getFirst();
        assertThat(c.fields()).containsExactly(new FieldChange("delay_loop", "60s", "10s"));
        // The real server with a checker inherits it; the one without has nothing that changes.
        assertThat(c.changedReals())
                .extracting(r -> r.after().endpoint().toString())
                .containsExactly("10.0.1.1:80");
    }

    @Test
    void settingsAndGroups() {
        String before =
                BASE + "virtual_server_group G {\n    10.0.2.1 80\n}\nvirtual_server group G {\n    lb_algo rr\n"
                        + "    lb_kind NAT\n    protocol TCP\n    real_server 10.0.1.5 80 {\n    }\n}\n";
        String after = before.replace("tcp 900", "tcp 600 udp 30").replace("10.0.2.1 80", "10.0.2.1-3 80")
                + "jlvs_defs {\n    workers 4\n}\nlocal_address_group L {\n    10.0.3.1\n}\n";
        ConfigDiff d = diff(before, after);
        assertThat(d.settings())
                .containsExactly(
                        new FieldChange("global_defs lvs_timeouts", "tcp 900", "tcp 600 udp 30"),
                        new FieldChange("jlvs_defs workers", "1", "4"),
                        new FieldChange("virtual_server_group G", "10.0.2.1 80", "10.0.2.1-10.0.2.3 80"),
                        new FieldChange("local_address_group L", "", "10.0.3.1"));
        assertThat(d.changedServices()).hasSize(1);
        assertThat(d.changedServices().getFirst().fields())
                .containsExactly(new FieldChange("virtual_server_group G", "10.0.2.1 80", "10.0.2.1-10.0.2.3 80"));
        assertThat(d.logLines())
                .containsExactly(
                        "global_defs lvs_timeouts changed: tcp 900 -> tcp 600 udp 30",
                        "jlvs_defs workers changed: 1 -> 4",
                        "virtual_server_group G changed: 10.0.2.1 80 -> 10.0.2.1-10.0.2.3 80",
                        "local_address_group L added: 10.0.3.1",
                        "virtual_server TCP group G changed: virtual_server_group G 10.0.2.1 80 -> 10.0.2.1-10.0.2.3 80");
        assertThat(diff(after, before).logLines()).contains("local_address_group L removed");
    }

    @Test
    void localAddressGroupContentsReachTheServicesUsingThem() {
        String before = "local_address_group L {\n    10.0.3.1\n}\n"
                + BASE.replace("lb_kind NAT", "lb_kind FNAT\n    laddr_group_name L");
        ConfigDiff d = diff(before, before.replace("10.0.3.1", "10.0.3.1-2"));
        assertThat(d.changedServices()).hasSize(1);
        assertThat(d.changedServices().getFirst().fields())
                .containsExactly(new FieldChange("local_address_group L", "10.0.3.1", "10.0.3.1-10.0.3.2"));
    }
}
