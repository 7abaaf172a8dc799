package io.jlvs.linux.libc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinuxExceptionTest {
    @Test
    void errnoNamesAndTexts() {
        assertThat(Errno.name(Errno.EPERM)).isEqualTo("EPERM");
        assertThat(Errno.text(Errno.ENODEV)).isEqualTo("No such device");
        assertThat(Errno.describe(Errno.ENOBUFS)).isEqualTo("ENOBUFS: No buffer space available");
        assertThat(Errno.name(4000)).isEqualTo("errno 4000");
        assertThat(Errno.text(-3)).isEqualTo("unknown error -3");
        assertThat(Errno.name(126)).isEqualTo("errno 126"); // inside the table, but not one of ours
    }

    @Test
    void packetSocketPermissionSaysWhatToDo() {
        LinuxException e = LinuxException.socket("AF_PACKET", Errno.EPERM);
        assertThat(e).hasMessage("AF_PACKET socket needs CAP_NET_RAW (run as root) (EPERM: Operation not permitted)");
        assertThat(e.errno()).isEqualTo(Errno.EPERM);
        assertThat(e.errnoName()).isEqualTo("EPERM");
        assertThat(LinuxException.socket("AF_PACKET", Errno.EACCES).getMessage())
                .contains("CAP_NET_RAW");
        assertThat(LinuxException.socket("AF_NETLINK", Errno.EAFNOSUPPORT))
                .hasMessage("AF_NETLINK sockets are not available in this kernel"
                        + " (EAFNOSUPPORT: Address family not supported by protocol)");
        assertThat(LinuxException.socket("AF_INET", Errno.EMFILE))
                .hasMessage("socket(AF_INET) failed (EMFILE: Too many open files)");
    }

    @Test
    void missingInterfaceIsNamed() {
        assertThat(LinuxException.noSuchInterface("veth-x", Errno.ENODEV))
                .hasMessage("interface veth-x not found (ENODEV: No such device)");
        assertThat(LinuxException.noSuchInterface("veth-x", Errno.ENOMEM).getMessage())
                .startsWith("looking up interface veth-x failed");
    }

    @Test
    void socketOptionFailuresNameOptionAndHint() {
        assertThat(LinuxException.setsockopt("PACKET_FANOUT", "eth0", Errno.EPERM)
                        .getMessage())
                .isEqualTo("setsockopt(PACKET_FANOUT) on eth0 failed (EPERM: Operation not permitted);"
                        + " needs CAP_NET_ADMIN or CAP_NET_RAW (run as root)");
        assertThat(LinuxException.setsockopt("PACKET_IGNORE_OUTGOING", "eth0", Errno.ENOPROTOOPT)
                        .getMessage())
                .endsWith("; this kernel does not know the option");
        assertThat(LinuxException.failed("mmap", Errno.ENOMEM))
                .hasMessage("mmap failed (ENOMEM: Cannot allocate memory)");
    }
}
