package io.jlvs.daemon.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.daemon.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotYetActedOnTest {
    static List<String> warnings(String text) throws Exception {
        return NotYetActedOn.warnings(
                ConfigLoader.parse(Path.of("t.conf"), text).config());
    }

    @Test
    void aPlainNatServiceHasNothingToWarnAbout() throws Exception {
        assertThat(warnings("virtual_server 198.18.0.100 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
                        + " real_server 198.18.1.11 80 { weight 1 }\n}\n"))
                .isEmpty();
    }

    @Test
    void checkersJlvsRunsAndSorryServersAreNotWarnedAbout() throws Exception {
        assertThat(
                        warnings(
                                "virtual_server 198.18.0.100 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
                                        + " sorry_server 198.18.1.13 80\n"
                                        + " real_server 198.18.1.11 80 {\n  notify_down /bin/true\n  TCP_CHECK {\n  }\n"
                                        + "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n  MISC_CHECK {\n   misc_path /bin/true\n  }\n }\n}\n"))
                .isEmpty();
    }

    @Test
    void aTunnelTypeOtherThanIpipIsRefusedNotSilentlyReplaced() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigCommands.of(ConfigLoader.parse(
                                Path.of("t.conf"),
                                "virtual_server 198.18.0.100 53 {\n lb_algo rr\n lb_kind TUN\n protocol UDP\n"
                                        + " real_server 198.18.1.12 53 {\n  lvs_method TUN type gre\n }\n}\n")
                        .config()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t.conf:5:")
                .hasMessageContaining("type gre is not supported");
    }

    @Test
    void theDrainKeywordsAreActedOnAndNotWarnedAbout() throws Exception {
        String service = "virtual_server 198.18.0.100 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n";
        String real = " real_server 198.18.1.11 80 { weight 1 }\n}\n";
        assertThat(warnings(
                        service + " drain_timeout 30\n idle_grace 2\n drain_on_removal\n drain_on_failure\n" + real))
                .isEmpty();
    }

    @Test
    void mailAlertsAreSaidToBeNotSent() throws Exception {
        String service = "virtual_server 198.18.0.100 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
                + " real_server 198.18.1.11 80 { weight 1 }\n}\n";
        assertThat(warnings("global_defs {\n notification_email {\n  ops@example.com\n }\n"
                        + " smtp_server 192.0.2.25\n}\n" + service))
                .containsExactly("global_defs: smtp_server and notification_email: jlvs sends no e-mail alerts;"
                        + " state changes are in its log and metrics");
        // Without a server to send through keepalived sends nothing either.
        assertThat(warnings("global_defs {\n notification_email {\n  ops@example.com\n }\n}\n" + service))
                .isEmpty();
    }

    @Test
    void eachParsedButUnimplementedFeatureIsNamedWithItsPlace() throws Exception {
        List<String> w = warnings("""
                local_address_group lips {
                    198.18.1.200
                }
                virtual_server 198.18.0.100 80 {
                    lb_algo rr
                    lb_kind FNAT
                    protocol TCP
                    laddr_group_name lips
                    syn_proxy
                    client_address toa
                    drain_timeout 30
                    real_server 198.18.1.11 80 {
                        PING_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """);
        assertThat(w).hasSize(1).allMatch(s -> s.startsWith("t.conf:4:"));
        assertThat(String.join("\n", w))
                .contains("real_server 198.18.1.11:80: PING_CHECK is not run by jlvs")
                .doesNotContain("syn_proxy")
                .doesNotContain("client_address")
                .doesNotContain("drain");
    }
}
