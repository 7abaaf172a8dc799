package io.jlvs.daemon.config;

import static io.jlvs.daemon.config.Configs.config;
import static io.jlvs.daemon.config.Configs.errors;
import static io.jlvs.daemon.config.Configs.onlyService;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keepalived's reader: comments, braces anywhere, quoting, conditional lines. */
class LexerQuirksTest {

    private static final String SERVICE_SAME_LINE = """
            virtual_server 10.0.0.1 80 {
                lb_algo wrr
                lb_kind NAT
                protocol TCP
                real_server 10.0.1.1 80 {
                    weight 3
                }
            }
            """;

    @Test
    void blockMayOpenOnTheNextLine() {
        String nextLine = """
                virtual_server 10.0.0.1 80
                {
                    lb_algo wrr
                    protocol TCP
                    real_server 10.0.1.1 80

                    {
                        weight 3
                    }
                }
                """;
        assertThat(stripPositions(config(nextLine))).isEqualTo(stripPositions(config(SERVICE_SAME_LINE)));
    }

    @Test
    void wholeBlocksOnOneLineAndBracesFollowedByText() {
        String oneLine =
                "virtual_server 10.0.0.1 80 { lb_algo wrr\nprotocol TCP\n" + "real_server 10.0.1.1 80 { weight 3 } }\n";
        assertThat(stripPositions(config(oneLine))).isEqualTo(stripPositions(config(SERVICE_SAME_LINE)));
        String glued = "virtual_server 10.0.0.1 80{lb_algo wrr\nprotocol TCP\nreal_server 10.0.1.1 80{weight 3}}\n";
        assertThat(stripPositions(config(glued))).isEqualTo(stripPositions(config(SERVICE_SAME_LINE)));
    }

    @Test
    void bothCommentCharactersAnywhereOnALine() {
        String commented = """
                ! keepalived's other comment character
                # and the usual one
                virtual_server 10.0.0.1 80 {   # trailing comment
                    lb_algo wrr                ! trailing too
                    protocol TCP#glued
                    real_server 10.0.1.1 80 {
                        weight 3 } # a comment after a brace
                }
                """;
        assertThat(stripPositions(config(commented))).isEqualTo(stripPositions(config(SERVICE_SAME_LINE)));
    }

    @Test
    void escapedCommentCharactersAndQuotedOnesAreText() {
        VirtualServer vs = onlyService(Configs.service("    virtualhost www\\#1.example!x\n    snmp_name \"a#b!c\""));
        assertThat(vs.virtualhost()).contains("www#1.example");
        assertThat(vs.snmpName()).contains("a#b!c");
    }

    @Test
    void quotedStringsKeepSpacesAndBraces() {
        String text = """
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lb_algo rr
                    virtualhost "my host { }"
                    real_server 10.0.1.1 80 {
                        notify_up "/usr/local/bin/notify up 'first arg' \\"second\\"" nobody nogroup
                        MISC_CHECK {
                            misc_path "/usr/bin/check --name 'a b' c\\td"
                        }
                    }
                }
                """;
        VirtualServer vs = onlyService(text);
        assertThat(vs.virtualhost()).contains("my host { }");
        RealServer rs = vs.realServers().getFirst();
        Script up = rs.notifyUp().orElseThrow();
        // The line is split keeping escapes, then the command with them decoded: \" stays a quote
        // character inside the argument (keepalived.conf(5), "Quoted strings").
        assertThat(up.argv()).containsExactly("/usr/local/bin/notify", "up", "first arg", "\"second\"");
        assertThat(up.user()).contains("nobody");
        assertThat(up.group()).contains("nogroup");
        MiscCheck misc = (MiscCheck) rs.checkers().getFirst();
        assertThat(misc.script().argv()).containsExactly("/usr/bin/check", "--name", "a b", "c\td");
    }

    @Test
    void quotesSplitWordsAsKeepalivedDoes() {
        // alloc_strvec: a quote ends an unquoted word and starts a new one.
        VirtualServer vs = onlyService(Configs.service("    snmp_name \"a b\"c"));
        assertThat(vs.snmpName()).contains("a b");
    }

    @Test
    void crlfLineEndsAndTabs() {
        String text = "virtual_server\t10.0.0.1\t80 {\r\n\tlb_algo wrr\r\n\tprotocol TCP\r\n"
                + "\treal_server 10.0.1.1 80 {\r\n\t\tweight 3\r\n\t}\r\n}\r\n";
        assertThat(stripPositions(config(text))).isEqualTo(stripPositions(config(SERVICE_SAME_LINE)));
        assertThat(errors("virtual_server 10.0.0.1 80 {\r\n\tlb_algo xx\r\n}\r\n"))
                .containsExactly("test.conf:2:10: virtual_server: lb_algo 'xx' unknown"
                        + " (rr|wrr|lc|wlc|lblc|sh|mh|dh|fo|ovf|lblcr|sed|nq|twos)");
    }

    @Test
    void conditionalLinesWithoutAConfigId() {
        // jlvs has no keepalived config id: "@id" lines are another host's, "@^id" lines are ours.
        String text = """
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                @lb1    lb_algo rr
                @^lb1   lb_algo wrr
                @lb1
                    real_server 10.0.1.1 80 {
                    }
                }
                """;
        assertThat(onlyService(text).scheduler()).isEqualTo("wrr");
    }

    @Test
    void columnsCountFromTheOriginalLineAcrossEscapes() {
        assertThat(errors("virtual_server 10.0.0.1 80 {\n    snmp_name a\\#b\n    lb_algo q\n}\n"))
                .containsExactly("test.conf:3:13: virtual_server: lb_algo 'q' unknown"
                        + " (rr|wrr|lc|wlc|lblc|sh|mh|dh|fo|ovf|lblcr|sed|nq|twos)");
        assertThat(Configs.warnings(Configs.service("    virtualhost a\\#b xx")))
                .containsExactly("test.conf:5:22: virtual_server: virtualhost: extra argument 'xx' ignored");
    }

    @Test
    void foreignKeepalivedBlocksAreSkipped() {
        String text = """
                vrrp_script chk { script "/bin/true" }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.0.0.1
                    }
                    notify_master "/bin/echo 'master {' "
                }
                static_ipaddress {
                    192.168.1.1/24 dev eth0
                }
                """ + SERVICE_SAME_LINE;
        assertThat(config(text).virtualServers()).hasSize(1);
        assertThat(Configs.warnings(text)).isEmpty();
    }

    @Test
    void unsupportedExpansionsAreRefused() {
        assertThat(errors("~SEQ(i,1,3) real_server 10.0.1.$i 80\n"))
                .containsExactly("test.conf:1:1: ~SEQ and ~LST expansion is not supported by jlvs");
    }

    /** The model without source positions, to compare texts that differ only in layout. */
    private static List<Object> stripPositions(KeepalivedConfig c) {
        return c.virtualServers().stream()
                .map(v -> (Object) List.of(
                        v.name(),
                        v.scheduler(),
                        v.method(),
                        v.realServers().stream()
                                .map(r -> List.of(r.endpoint(), r.weight(), r.method(), r.checkers()))
                                .toList(),
                        Optional.ofNullable(v.virtualhost())))
                .toList();
    }
}
