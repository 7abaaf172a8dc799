package io.jlvs.it.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.daemon.kernel.IngressPlan;
import io.jlvs.daemon.kernel.NftIngress;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.RequiresLab;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The netdev-ingress drop in a real kernel: frames it names never reach the director's stack,
 * frames to the director's own addresses still do, and removal restores everything.
 */
@RequiresLab
class NftIngressIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlnft");

    static NftIngress nft;

    @BeforeAll
    static void up() {
        nft = new NftIngress(List.of("ip", "netns", "exec", lab.get("NS_DIR")));
    }

    @AfterAll
    static void down() throws Exception {
        nft.remove();
    }

    @Test
    void dropsOwnedAddressesAndRealServerRepliesButNotTheDirectorsOwnTraffic() throws Exception {
        // Pretend the director's own client-side address were a VIP: the kernel must stop seeing it.
        IngressPlan clientSide = new IngressPlan(
                lab.get("DIR_IF_CLIENT"), List.of(lab.get("DIR_C4"), lab.get("DIR_C6")), List.of(), List.of());
        // rs1's port-80 replies are "NAT replies" unless addressed to the director itself.
        IngressPlan serverSide = new IngressPlan(
                lab.get("DIR_IF_SERVER"),
                List.of(),
                List.of(new IngressPlan.RealServerPort(lab.get("RS1_4"), "tcp", 80)),
                List.of(lab.get("DIR_S4"), lab.get("DIR_C4")));
        assertThat(ping("NS_C1", lab.get("DIR_C4"))).isZero();
        nft.apply(List.of(clientSide, serverSide));
        assertThat(nft.list()).contains("hook ingress").contains(lab.get("DIR_C4"));

        assertThat(ping("NS_C1", lab.get("DIR_C4")))
                .as("frames to an owned address are dropped")
                .isNotZero();
        assertThat(lab.exec(lab.get("NS_C1"), "ping", "-6", "-c", "1", "-W", "1", lab.get("DIR_C6"))
                        .exitCode())
                .isNotZero();
        // Director → rs1 (a health check): the reply is addressed to the director, so it passes.
        assertThat(curl("NS_DIR", lab.get("RS1_4"))).isEqualTo("rs1\n");
        // Client → rs1 through the director's forwarding: rs1's replies are dropped at ingress.
        assertThat(lab.exec(lab.get("NS_C2"), "curl", "-s", "--max-time", "2", "http://" + lab.get("RS1_4") + "/")
                        .exitCode())
                .isNotZero();
        // Other real servers are untouched.
        assertThat(curl("NS_C2", lab.get("RS2_4"))).isEqualTo("rs2\n");

        // Replacing the plan is atomic and total: an empty plan drops nothing.
        nft.apply(List.of());
        assertThat(ping("NS_C1", lab.get("DIR_C4"))).isZero();
        nft.apply(List.of(clientSide));
        nft.remove();
        assertThat(nft.list()).isEmpty();
        assertThat(ping("NS_C1", lab.get("DIR_C4"))).isZero();
        assertThat(curl("NS_C2", lab.get("RS1_4"))).isEqualTo("rs1\n");
        nft.remove(); // idempotent
    }

    private static int ping(String nsKey, String address) {
        return lab.exec(lab.get(nsKey), "ping", "-c", "1", "-W", "1", address).exitCode();
    }

    private static String curl(String nsKey, String address) {
        return lab.exec(lab.get(nsKey), "curl", "-sS", "--max-time", "3", "http://" + address + "/")
                .requireOk()
                .stdout();
    }
}
