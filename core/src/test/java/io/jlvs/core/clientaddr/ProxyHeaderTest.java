package io.jlvs.core.clientaddr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProxyHeaderTest {
    final MemorySegment buf = Arena.ofAuto().allocate(256);

    String v1(String src, int sport, String dst, int dport) {
        long[] s = InetAddr.parse(src);
        long[] d = InetAddr.parse(dst);
        int n = ProxyHeader.v1(buf, 0, s[0], s[1], sport, d[0], d[1], dport);
        return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    @Test
    void versionOneIsTheSpecificationsTextLine() {
        assertThat(v1("198.18.0.11", 40000, "198.18.0.100", 80))
                .isEqualTo("PROXY TCP4 198.18.0.11 198.18.0.100 40000 80\r\n");
        assertThat(v1("255.255.255.255", 65535, "255.255.255.255", 65535))
                .hasSize(56)
                .hasSize(ProxyHeader.V1_V4_MAX_LENGTH);
        assertThat(v1("0.0.0.0", 0, "10.0.0.1", 9)).isEqualTo("PROXY TCP4 0.0.0.0 10.0.0.1 0 9\r\n");
        assertThat(v1("2001:db8:0:c::11", 1, "2001:db8:0:c::100", 443))
                .isEqualTo("PROXY TCP6 2001:db8:0:c::11 2001:db8:0:c::100 1 443\r\n");
        // RFC 5952: the longest zero run, the first of equal ones; a single zero group stays.
        assertThat(v1("2001:0:0:1:0:0:0:1", 1, "::1", 2)).isEqualTo("PROXY TCP6 2001:0:0:1::1 ::1 1 2\r\n");
        assertThat(v1("2001:db8:0:1:1:1:1:1", 1, "1::", 2)).isEqualTo("PROXY TCP6 2001:db8:0:1:1:1:1:1 1:: 1 2\r\n");
        assertThat(v1(
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
                        65535,
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        65535))
                .hasSize(ProxyHeader.V1_MAX_LENGTH - 3); // TCP6 with the longest addresses: under the spec's 107
    }

    @Property(tries = 500)
    void versionOneIpv6AddressesReadBackAsTheSameAddress(@ForAll long hi, @ForAll long lo) throws Exception {
        if (InetAddr.isV4(hi, lo)) {
            return;
        }
        int n = ProxyHeader.v1(buf, 0, hi, lo, 1, hi, lo, 2);
        String line = new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        String text = line.split(" ")[2];
        byte[] parsed = InetAddress.getByName(text).getAddress();
        assertThat(parsed)
                .isEqualTo(ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
        assertThat(text)
                .doesNotContain(":::")
                .doesNotContainPattern(":0[0-9a-f]")
                .isLowerCase();
    }

    @Test
    void versionTwoIsTheBinaryHeader() {
        long[] s = InetAddr.parse("198.18.0.11");
        long[] d = InetAddr.parse("198.18.0.100");
        int n = ProxyHeader.v2(buf, 0, true, s[0], s[1], 40000, d[0], d[1], 80);
        assertThat(n).isEqualTo(ProxyHeader.V2_V4_LENGTH);
        ByteBuffer b = ByteBuffer.wrap(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        byte[] sig = new byte[12];
        b.get(sig);
        assertThat(sig).isEqualTo(new byte[] {13, 10, 13, 10, 0, 13, 10, 'Q', 'U', 'I', 'T', 10});
        assertThat(b.get()).isEqualTo((byte) 0x21);
        assertThat(b.get()).as("AF_INET, STREAM").isEqualTo((byte) 0x11);
        assertThat(b.getShort()).isEqualTo((short) 12);
        assertThat(b.getInt()).isEqualTo(0xC612000B);
        assertThat(b.getInt()).isEqualTo(0xC6120064);
        assertThat(b.getShort() & 0xFFFF).isEqualTo(40000);
        assertThat(b.getShort()).isEqualTo((short) 80);

        long[] s6 = InetAddr.parse("2001:db8::11");
        long[] d6 = InetAddr.parse("2001:db8::100");
        n = ProxyHeader.v2(buf, 0, false, s6[0], s6[1], 53000, d6[0], d6[1], 53);
        assertThat(n).isEqualTo(ProxyHeader.V2_V6_LENGTH);
        b = ByteBuffer.wrap(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        assertThat(b.get(13)).as("AF_INET6, DGRAM").isEqualTo((byte) 0x22);
        assertThat(b.getShort(14)).isEqualTo((short) 36);
        assertThat(b.getLong(16)).isEqualTo(s6[0]);
        assertThat(b.getLong(24)).isEqualTo(s6[1]);
        assertThat(b.getLong(32)).isEqualTo(d6[0]);
        assertThat(b.getLong(40)).isEqualTo(d6[1]);
        assertThat(b.getShort(48) & 0xFFFF).isEqualTo(53000);
        assertThat(b.getShort(50)).isEqualTo((short) 53);
    }

    @Test
    void toaOptionLayouts() {
        long[] c = InetAddr.parse("198.18.0.11");
        assertThat(Toa.write(buf, 0, 253, c[0], c[1], 40000)).isEqualTo(8);
        assertThat(buf.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(new byte[] {(byte) 254, 8, (byte) 0x9C, 0x40, (byte) 198, 18, 0, 11});
        long[] c6 = InetAddr.parse("2001:db8:0:c::11");
        assertThat(Toa.write(buf, 0, 253, c6[0], c6[1], 1)).isEqualTo(20);
        assertThat(buf.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 253);
        Toa.write(buf, 0, 254, c6[0], c6[1], 1);
        ByteBuffer b = ByteBuffer.wrap(buf.asSlice(0, 20).toArray(ValueLayout.JAVA_BYTE));
        assertThat(b.get(0)).isEqualTo((byte) 254);
        assertThat(b.get(1)).isEqualTo((byte) 20);
        assertThat(b.getShort(2)).isEqualTo((short) 1);
        assertThat(b.getLong(4)).isEqualTo(c6[0]);
        assertThat(b.getLong(12)).isEqualTo(c6[1]);
    }
}
