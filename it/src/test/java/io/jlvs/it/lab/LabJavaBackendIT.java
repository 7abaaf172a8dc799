package io.jlvs.it.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where nginx is absent the lab falls back to lab/LabBackend.java; it must serve the same pages. */
@RequiresLab
class LabJavaBackendIT {
    @RegisterExtension
    static final Lab lab = new Lab("jljv").withEnv("JLVS_LAB_BACKEND", "java");

    @Test
    void javaBackendServesEveryPageAndLogsRequests() throws Exception {
        assertThat(lab.status().requireOk().stdout()).contains("real server (java on :80)");
        for (String rs : List.of("RS1", "RS2", "RS3")) {
            String body = lab.exec(
                            lab.get("NS_C1"), "curl", "-sS", "--max-time", "5", "http://" + lab.get(rs + "_4") + "/")
                    .requireOk()
                    .stdout();
            assertThat(body).isEqualTo(rs.toLowerCase() + "\n");
        }
        String big = lab.exec(lab.get("NS_C2"), Lab.curlSizeAndCode("http://[" + lab.get("RS1_6") + "]/100k"))
                .requireOk()
                .stdout();
        assertThat(big).isEqualTo("102400 200");
        String log = java.nio.file.Files.readString(java.nio.file.Path.of(lab.get("LAB_RUN"), "rs1", "access.log"));
        assertThat(log).contains("GET /100k").contains(lab.get("C2_6"));
    }
}
