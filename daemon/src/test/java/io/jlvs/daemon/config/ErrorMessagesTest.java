package io.jlvs.daemon.config;

import static io.jlvs.daemon.config.Configs.errors;
import static io.jlvs.daemon.config.Configs.refused;
import static io.jlvs.daemon.config.Configs.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.daemon.config.ConfigMessage.Severity;
import org.junit.jupiter.api.Test;

/** Every error names file, line, column and keyword, exactly. */
class ErrorMessagesTest {

    private static String lines(String... l) {
        return String.join("\n", l) + "\n";
    }

    private static final String RS = "    real_server 10.0.1.1 80 {\n    }";

    @Test
    void extraClosingBrace() {
        assertThat(errors(lines("virtual_server 10.0.0.1 80 {", "    lb_algo rr", "    protocol TCP", RS, "}", "}")))
                .containsExactly("test.conf:7:1: }: no open block to close");
    }

    @Test
    void blockNeverClosed() {
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "        weight 2",
                        "}")))
                .containsExactly("test.conf:1:1: virtual_server: block opened at test.conf:1:28 is never closed");
    }

    @Test
    void blockWithoutKeyword() {
        assertThat(errors(lines("{", "}"))).containsExactly("test.conf:1:1: {: block without a keyword before it");
    }

    @Test
    void valueKeywordWithBlock() {
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    lb_algo rr",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "        weight 1 {",
                        "        }",
                        "    }",
                        "}")))
                .containsExactly("test.conf:5:18: real_server: weight does not take a { } block");
    }

    @Test
    void blockKeywordWithoutBlock() {
        assertThat(errors(lines("virtual_server 10.0.0.1 80")))
                .containsExactly("test.conf:1:1: virtual_server: missing '{'");
        assertThat(errors(
                        lines("virtual_server 10.0.0.1 80 {", "    protocol TCP", "    real_server 10.0.1.1 80", "}")))
                .containsExactly("test.conf:3:5: virtual_server: real_server needs a { } block");
    }

    @Test
    void unknownBlockKeywordIsAnErrorAndAPlainOneAWarning() {
        assertThat(errors(lines("frobnicate {", "}")))
                .containsExactly("test.conf:1:1: frobnicate: unknown block keyword");
        assertThat(errors(Configs.service("    foo {\n    }")))
                .containsExactly("test.conf:5:5: virtual_server: unknown block keyword 'foo'");
        // keepalived skips an unknown keyword and goes on; so does jlvs, and says where it was.
        assertThat(warnings(Configs.service("    foo bar")))
                .containsExactly("test.conf:5:5: virtual_server: unknown keyword 'foo' - ignored");
        assertThat(warnings(lines("global_defs {", "    router_id a", "    frobnicate 1", "}")))
                .containsExactly("test.conf:3:5: global_defs: unknown keyword 'frobnicate' - ignored");
        assertThat(warnings(lines("frobnicate 1")))
                .containsExactly("test.conf:1:1: frobnicate: unknown keyword - ignored");
    }

    @Test
    void badAddresses() {
        assertThat(errors(lines("virtual_server 10.0.0.300 80 {", "    protocol TCP", RS, "}")))
                .containsExactly("test.conf:1:16: virtual_server: '10.0.0.300' is not an IP address");
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1 80 {",
                        "    }",
                        "}")))
                .containsExactly("test.conf:3:17: real_server: '10.0.1' is not an IP address");
        assertThat(errors(Configs.service("    sorry_server 2001:db8::g 80")))
                .containsExactly("test.conf:5:18: virtual_server: sorry_server '2001:db8::g' is not an IP address");
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "        TCP_CHECK {",
                        "            connect_ip 10.0.1.01",
                        "            bindto host",
                        "        }",
                        "    }",
                        "}")))
                .containsExactly(
                        "test.conf:5:24: TCP_CHECK: connect_ip '10.0.1.01' is not an IP address",
                        "test.conf:6:20: TCP_CHECK: bindto 'host' is not an IP address");
        assertThat(errors(lines("virtual_server_group G {", "    10.0.0.1-10.0.0 80", "}")))
                .containsExactly("test.conf:2:5: virtual_server_group: range end '10.0.0' is not an IP address");
    }

    @Test
    void portsOutOfRange() {
        assertThat(errors(lines("virtual_server 10.0.0.1 70000 {", "    protocol TCP", RS, "}")))
                .containsExactly("test.conf:1:25: virtual_server: port 70000 out of range 1..65535");
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 65536 {",
                        "    }",
                        "}")))
                .containsExactly("test.conf:3:26: real_server: port 65536 out of range 1..65535");
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "        TCP_CHECK {",
                        "            connect_port 0",
                        "        }",
                        "    }",
                        "}")))
                .containsExactly("test.conf:5:26: TCP_CHECK: connect_port 0 out of range 1..65535");
        assertThat(errors(lines("virtual_server_group G {", "    10.0.0.1 99999", "}")))
                .containsExactly("test.conf:2:14: virtual_server_group: port 99999 out of range 1..65535");
    }

    @Test
    void slowStartOutOfRange() {
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "        slow_start 90000",
                        "    }",
                        "}")))
                .singleElement()
                .asString()
                .startsWith("test.conf:4:20: real_server: ")
                .contains("90000");
    }

    @Test
    void badNumbers() {
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    delay_loop abc",
                        "    quorum -1",
                        "    real_server 10.0.1.1 80 {",
                        "        weight 70000",
                        "        retry 1.5",
                        "    }",
                        "    real_server 10.0.1.2 80 {",
                        "        weight x",
                        "    }",
                        "}")))
                .containsExactly(
                        "test.conf:3:16: virtual_server: delay_loop 'abc' is not a time in seconds",
                        "test.conf:4:12: virtual_server: quorum '-1' is not a number",
                        "test.conf:6:16: real_server: weight 70000 out of range 0..65535",
                        "test.conf:7:15: real_server: retry '1.5' is not a number",
                        "test.conf:10:16: real_server: weight 'x' is not a number");
        assertThat(errors(Configs.service("    delay_loop 1.1234567")))
                .containsExactly(
                        "test.conf:5:16: virtual_server: delay_loop 1.1234567 has more than 6 decimals (microseconds)");
    }

    @Test
    void unknownSchedulerAndMethod() {
        assertThat(errors(lines("virtual_server 10.0.0.1 80 {", "    lvs_sched rrr", "    protocol TCP", RS, "}")))
                .containsExactly("test.conf:2:15: virtual_server: lvs_sched 'rrr' unknown"
                        + " (rr|wrr|lc|wlc|lblc|sh|mh|dh|fo|ovf|lblcr|sed|nq|twos)");
        assertThat(errors(lines("virtual_server 10.0.0.1 80 {", "    lb_kind NATT", "    protocol TCP", RS, "}")))
                .containsExactly("test.conf:2:13: virtual_server: lb_kind 'NATT' unknown (NAT|DR|TUN|FNAT)");
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "        lvs_method nat",
                        "    }",
                        "}")))
                .containsExactly("test.conf:4:20: real_server: lvs_method 'nat' unknown (NAT|DR|TUN|FNAT)");
    }

    @Test
    void duplicateVirtualServers() {
        String vs = lines("virtual_server 10.0.0.1 80 {", "    lb_algo rr", "    protocol TCP", RS, "}");
        assertThat(errors(vs + vs))
                .containsExactly("test.conf:7:1: virtual_server: TCP 10.0.0.1:80 already defined at test.conf:1:1");
        // The same address and port with another protocol is another service.
        assertThat(Configs.config(vs + vs.replace("TCP", "UDP")).virtualServers())
                .hasSize(2);
        String group = lines("virtual_server_group G {", "    10.0.0.0-9 80", "}");
        String groupVs = lines("virtual_server group G {", "    lb_algo rr", "    protocol TCP", RS, "}");
        assertThat(errors(group + groupVs + vs))
                .containsExactly("test.conf:10:1: virtual_server: TCP 10.0.0.1:80 overlaps TCP group G defined at"
                        + " test.conf:4:1");
        String mark = lines("virtual_server fwmark 3 {", "    lb_algo rr", RS, "}");
        assertThat(errors(mark + mark))
                .containsExactly("test.conf:6:1: virtual_server: FWM 3 already defined at test.conf:1:1");
    }

    @Test
    void duplicateRealServers() {
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    lb_algo rr",
                        "    protocol TCP",
                        "    real_server 10.0.1.1 80 {",
                        "    }",
                        "    real_server 10.0.1.1 {",
                        "    }",
                        "}")))
                .containsExactly("test.conf:6:5: real_server: 10.0.1.1:80 already defined at test.conf:4:5");
    }

    @Test
    void quotesAndBytes() {
        assertThat(errors(lines("global_defs {", "    router_id \"abc", "}")))
                .containsExactly("test.conf:2:15: router_id: unterminated quote");
        assertThat(errors(lines("global_defs {", "    router_id a\0b", "}")))
                .containsExactly("test.conf:2:16: embedded NUL byte - line ignored");
        // keepalived's two quote scanners disagree about \" (found by RobustnessTest): a lone '"'
        // left after a brace is reported, not tripped over.
        assertThat(errors("\\\"\"{\"\n")).contains("test.conf:1:5: unmatched '\"'");
        assertThat(errors(lines("$VIP=10.0.0.1")))
                .containsExactly("test.conf:1:1: parameter definitions ($NAME=...) are not supported by jlvs");
    }

    @Test
    void undefinedReferences() {
        assertThat(errors(lines("virtual_server group NOPE {", "    protocol TCP", RS, "}")))
                .containsExactly("test.conf:1:22: virtual_server: group 'NOPE' is not a defined virtual_server_group");
        assertThat(errors(lines(
                        "virtual_server 10.0.0.1 80 {",
                        "    lb_kind FNAT",
                        "    protocol TCP",
                        "    laddr_group_name NOPE",
                        RS,
                        "}")))
                .containsExactly("test.conf:4:22: virtual_server: laddr_group_name 'NOPE' is not a defined"
                        + " local_address_group");
    }

    @Test
    void everyErrorIsCollectedNotOnlyTheFirst() {
        ConfigException e = refused(lines(
                "virtual_server 10.0.0.1 80 {",
                "    lb_algo nope",
                "    protocol TCP",
                "    real_server 10.0.1.1 80 {",
                "        weight -3",
                "    }",
                "}",
                "virtual_server 10.0.0.2 80 {",
                "    lb_kind XX",
                "}"));
        assertThat(e.errors()).hasSize(3).allMatch(m -> m.severity() == Severity.ERROR);
        assertThat(e.getMessage())
                .startsWith("configuration refused: 3 errors")
                .contains("test.conf:2:13: virtual_server: lb_algo 'nope' unknown")
                .contains("test.conf:5:16: real_server: weight '-3' is not a number")
                .contains("test.conf:9:13: virtual_server: lb_kind 'XX' unknown");
    }
}
