package io.jlvs.daemon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpvsErrorTest {
    @Test
    void theSameErrnoReadsAsLibipvsWordsItForEachCall() {
        assertThat(new IpvsError(IpvsCall.DEL_SERVICE, Errno.ESRCH)).hasMessage("No such service");
        assertThat(new IpvsError(IpvsCall.ADD_DEST, Errno.ESRCH)).hasMessage("Service not defined");
        assertThat(new IpvsError(IpvsCall.UPDATE_SERVICE, Errno.ENOENT))
                .hasMessage("Scheduler or persistence engine not found");
        assertThat(new IpvsError(IpvsCall.DEL_DEST, Errno.ENOENT)).hasMessage("No such destination");
        assertThat(new IpvsError(IpvsCall.FLUSH, Errno.EPERM)).hasMessage("Permission denied (you must be root)");
        assertThat(new IpvsError(IpvsCall.ADD_DEST, Errno.ERANGE)).hasMessage("Numerical result out of range");
        // No row for this pair: libipvs falls back to strerror.
        assertThat(new IpvsError(IpvsCall.SET_TIMEOUT, Errno.EEXIST)).hasMessage("File exists");
        assertThat(new IpvsError(IpvsCall.ADD_DEST, Errno.EINVAL).errno()).isEqualTo(Errno.EINVAL);
        assertThat(IpvsError.EXIT_REFUSED).isEqualTo(255);
    }
}
