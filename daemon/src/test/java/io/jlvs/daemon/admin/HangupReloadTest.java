package io.jlvs.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jlvs.daemon.config.ConfigException;
import io.jlvs.daemon.config.ConfigMessage;
import io.jlvs.daemon.config.SourcePosition;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real SIGHUP sent to this JVM runs the reloader (and does not end the JVM, which is what the
 * JVM does with SIGHUP when nobody handles it); a refused reload is logged with the file's
 * positions.
 */
class HangupReloadTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(HangupReload.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        logger.setLevel(level);
    }

    @Test
    void aRealSighupRunsTheReloader() throws Exception {
        CountDownLatch reloads = new CountDownLatch(2);
        assertThat(HangupReload.install(() -> {
                    reloads.countDown();
                    return "1 change(s)";
                }))
                .isTrue();
        for (int i = 0; i < 2; i++) {
            Process kill = new ProcessBuilder(
                            "kill",
                            "-HUP",
                            Long.toString(ProcessHandle.current().pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();
            Thread.sleep(200); // two signals close together may be delivered as one
        }
        assertThat(reloads.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(messages()).contains("SIGHUP: reloading the configuration");
    }

    @Test
    void aRefusedReloadIsLoggedWithFileLineAndColumn() {
        ConfigException refused = new ConfigException(
                List.of(new ConfigMessage(
                        ConfigMessage.Severity.ERROR,
                        new SourcePosition("/etc/jlvs/jlvs.conf", 10, 12),
                        "real_server",
                        "weight 70000 out of range 0..65535")),
                List.of());
        HangupReload.onHangup(() -> {
            throw refused;
        });
        assertThat(messages()).anySatisfy(m -> assertThat(m)
                .startsWith("SIGHUP: reload failed, the running configuration is kept")
                .contains("/etc/jlvs/jlvs.conf:10:12: real_server: weight 70000 out of range 0..65535"));
    }

    @Test
    void withoutAConfigurationTheSignalIsOnlyLogged() {
        HangupReload.onHangup(null);
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("nothing to reload"));
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
