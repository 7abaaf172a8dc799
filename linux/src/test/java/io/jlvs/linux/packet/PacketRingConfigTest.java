package io.jlvs.linux.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketRingConfigTest {
    @Test
    void defaultsAreV2WithBypassAndNoFanout() {
        PacketRingConfig d = PacketRingConfig.DEFAULTS;
        assertThat(d.version()).isEqualTo(TpacketVersion.V2);
        assertThat(d.frameSize()).isEqualTo(2048);
        assertThat((long) d.blockSize() * d.blockCount() / d.frameSize()).isEqualTo(4096);
        assertThat(d.blockTimeoutMillis()).isEqualTo(1);
        assertThat(d.qdiscBypass()).isTrue();
        assertThat(d.ignoreOutgoing()).isTrue();
        assertThat(d.fanoutGroup()).isEqualTo(-1);
        assertThat(d.offloads()).isTrue();
        // The slot's header, and with offloads the virtio_net_hdr before the frame.
        assertThat(d.txMaxFrame()).isEqualTo(2048 - 32 - 10);
        assertThat(d.withOffloads(false).txMaxFrame()).isEqualTo(2048 - 32);
        // V3 has no copy path for super-frames: choosing it turns offloads off.
        assertThat(d.withVersion(TpacketVersion.V3).offloads()).isFalse();
        assertThat(d.withVersion(TpacketVersion.V3).txMaxFrame()).isEqualTo(2048 - 48);
    }

    @Test
    void withersChangeOnlyTheirFields() {
        PacketRingConfig c = PacketRingConfig.DEFAULTS
                .withRx(1 << 16, 4, 2)
                .withTx(4096, 64)
                .withQdiscBypass(false)
                .withIgnoreOutgoing(false)
                .withFanout(7, FanoutProgram.clientFacing())
                .withVersion(TpacketVersion.V3);
        assertThat(c.version()).isEqualTo(TpacketVersion.V3);
        assertThat(c.blockSize()).isEqualTo(1 << 16);
        assertThat(c.blockCount()).isEqualTo(4);
        assertThat(c.blockTimeoutMillis()).isEqualTo(2);
        assertThat(c.txFrameSize()).isEqualTo(4096);
        assertThat(c.txFrameCount()).isEqualTo(64);
        assertThat(c.qdiscBypass()).isFalse();
        assertThat(c.ignoreOutgoing()).isFalse();
        assertThat(c.fanoutGroup()).isEqualTo(7);
        assertThat(c.fanoutProgram()).isNotNull();
        assertThat(c.frameSize()).isEqualTo(PacketRingConfig.DEFAULTS.frameSize());
    }

    @Test
    void rejectsSizesTheKernelWouldRefuse() {
        PacketRingConfig d = PacketRingConfig.DEFAULTS;
        assertThatThrownBy(() -> d.withRx(5000, 4, 1)).hasMessageContaining("blockSize must be a power of two");
        assertThatThrownBy(() -> d.withRx(1 << 16, 0, 1)).hasMessageContaining("blockCount");
        assertThatThrownBy(() -> d.withRx(1 << 16, 4, 0)).hasMessageContaining("whole ms");
        assertThatThrownBy(() -> d.withTx(1000, 4)).hasMessageContaining("txFrameSize");
        assertThatThrownBy(() -> d.withTx(2048, 0)).hasMessageContaining("txFrameCount");
        assertThatThrownBy(() -> d.withFanout(70000, FanoutProgram.clientFacing()))
                .hasMessageContaining("fanoutGroup");
        assertThatThrownBy(() -> d.withFanout(1, null)).hasMessageContaining("fanout program");
        assertThatThrownBy(() -> d.withVersion(null)).hasMessageContaining("TPACKET version");
    }
}
