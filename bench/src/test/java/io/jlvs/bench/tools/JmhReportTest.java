package io.jlvs.bench.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class JmhReportTest {
    static final JmhReport.Machine MACHINE = new JmhReport.Machine(2, "AMD EPYC", "6.18.44");

    /** One result as JMH 1.37 writes it with {@code -rf json}. */
    static String result(String benchmark, String params, double score, String error) {
        return String.format(
                Locale.ROOT,
                """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.jlvs.bench.%s",
                    "mode" : "avgt",
                    "threads" : 1,
                    "forks" : 1,
                    "jvm" : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
                    "jvmArgs" : [ "-Xms512m", "-Xmx512m" ],
                    "jdkVersion" : "25.0.3",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25.0.3+9-LTS",
                    "warmupIterations" : 3,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 5,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                    %s
                    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : %s,
                        "scoreConfidence" : [ 1, 2 ],
                        "scoreUnit" : "ns/op",
                        "rawData" : [ [ 1, 2, 3, 4, 5 ] ]
                    },
                    "secondaryMetrics" : { }
                }""",
                benchmark,
                params.isEmpty() ? "" : "\"params\" : { " + params + " },",
                Double.toString(score),
                error);
    }

    static String file(String... results) {
        return "[\n" + String.join(",\n", results) + "\n]\n";
    }

    static String fullRun(double fullNatIn, double fullNatOut, String largestTable) {
        return file(
                result("EstablishedFlowBenchmark.fullNatIn", "", fullNatIn, "3.5"),
                result("EstablishedFlowBenchmark.fullNatOut", "", fullNatOut, "2.25"),
                result("EstablishedFlowBenchmark.reference", "", 40.0, "0.5"),
                result("NewConnectionBenchmark.syn", "\"method\" : \"FULLNAT\"", 1200.0, "\"NaN\""),
                result("ConnTableLookupBenchmark.lookupIn", "\"connections\" : \"1000000\"", 200.0, "9.0"),
                result(
                        "ConnTableLookupBenchmark.lookupIn",
                        "\"connections\" : \"" + largestTable + "\"",
                        340.0,
                        "12.0"));
    }

    @Test
    void parsesNamesParametersScoresAndTheRunSettings() throws IOException {
        JmhReport.Run run = JmhReport.parse(fullRun(120, 140, "10000000"));
        assertThat(run.results()).hasSize(6);
        JmhReport.Result syn = run.results().get(3);
        assertThat(syn.benchmark()).isEqualTo("NewConnectionBenchmark.syn");
        assertThat(syn.params()).containsEntry("method", "FULLNAT");
        assertThat(syn.score()).isEqualTo(1200.0);
        assertThat(syn.error()).isNaN(); // JMH writes "NaN" as a string for a single iteration
        assertThat(run.jdk()).isEqualTo("25.0.3");
        assertThat(run.jvmArgs()).isEqualTo("-Xms512m -Xmx512m");
        assertThat(run.warmupIterations()).isEqualTo(3);
        assertThat(run.measurementTime()).isEqualTo("1 s");
    }

    @Test
    void everyFigureIsGivenAsARatioToTheReferenceOfTheSameRun() throws IOException {
        String md = JmhReport.render("t", JmhReport.parse(fullRun(120, 140, "10000000")), MACHINE);
        assertThat(md).contains("| EstablishedFlowBenchmark.fullNatIn |  | 120 | ± 3.5 | 3.00× |");
        assertThat(md).contains("| EstablishedFlowBenchmark.reference |  | 40.0 | ± 0.5 | 1.00× |");
        assertThat(md).contains("| NewConnectionBenchmark.syn | method=FULLNAT | 1200 | — | 30.00× |");
        assertThat(md).contains("| ConnTableLookupBenchmark.lookupIn | connections=10000000 | 340 | ± 12.0 | 8.50× |");
        assertThat(md).contains("| CPU model | AMD EPYC |", "| kernel | 6.18.44 |", "| CPUs (nproc) | 2 |");
        assertThat(md).contains("25.0.3 (OpenJDK 64-Bit Server VM 25.0.3+9-LTS)");
    }

    @Test
    void targetsAreMarkedMetOrNotFromTheFigures() throws IOException {
        String met = JmhReport.render("t", JmhReport.parse(fullRun(120, 140, "10000000")), MACHINE);
        assertThat(rows(met, "established FULLNAT"))
                .singleElement()
                .asString()
                .contains("130 ns (mean of in 120 and out 140)", "3.25× reference")
                .endsWith("| yes |");
        assertThat(rows(met, "bytes per tracked connection"))
                .singleElement()
                .asString()
                .contains("128.0 B at 1,000,000", "128.0 B at 10,000,000", "1221 MiB")
                .endsWith("| yes |");
        assertThat(rows(met, "10M connections"))
                .singleElement()
                .asString()
                .contains("10,000,000 connections")
                .endsWith("| yes |");

        String missed = JmhReport.render("t", JmhReport.parse(fullRun(150, 160, "2000000")), MACHINE);
        assertThat(rows(missed, "established FULLNAT"))
                .singleElement()
                .asString()
                .contains("155 ns")
                .endsWith("| **no** |");
        assertThat(rows(missed, "10M connections")).singleElement().asString().endsWith("| **no** |");
    }

    @Test
    void withoutTheReferenceThereAreNoRatiosAndMissingTargetsSaySo() throws IOException {
        String md = JmhReport.render(
                "t",
                JmhReport.parse(file(result("NewConnectionBenchmark.syn", "\"method\" : \"MASQ\"", 900.0, "4.0"))),
                MACHINE);
        assertThat(md).contains("is not in this run: no ratios");
        assertThat(md).contains("| NewConnectionBenchmark.syn | method=MASQ | 900 | ± 4.0 | — |");
        assertThat(rows(md, "not measured in this run")).hasSize(3);
    }

    @Test
    void rejectsWhatIsNotAJmhResultFile() {
        assertThatThrownBy(() -> JmhReport.parse("{\"a\": 1}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JmhReport.parse("[]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JmhReport.parse("[{\"benchmark\": \"x\"}]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JmhReport.parse("[{")).isInstanceOf(IOException.class);
    }

    @Test
    void cpuModelIsTheFirstModelNameLine() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 1\nmodel name\t: AMD EPYC 9B14\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC 9B14\n";
        assertThat(JmhReport.cpuModel(cpuinfo)).isEqualTo("AMD EPYC 9B14");
        assertThat(JmhReport.cpuModel("processor : 0\n")).isEqualTo("unknown");
    }

    private static List<String> rows(String md, String containing) {
        List<String> out = new ArrayList<>();
        for (String line : md.split("\n")) {
            if (line.startsWith("|") && line.contains(containing)) {
                out.add(line);
            }
        }
        return out;
    }
}
