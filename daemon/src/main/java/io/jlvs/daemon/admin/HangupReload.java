package io.jlvs.daemon.admin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the configuration, as it does for keepalived and as systemd's {@code
 * ExecReload=/bin/kill -HUP $MAINPID} expects. It runs the very {@link Reloader} {@code jlvsadm
 * --reload} runs; since a signal has nobody to answer, the outcome (the diff, or the refusal with
 * file, line and column) goes to the log.
 *
 * <p>Why {@code sun.misc.Signal}: it is the one way a Java program can take a signal safely. The
 * JVM catches the signal itself and calls the handler on an ordinary Java thread ("SIGHUP
 * handler"), where reading files, taking locks and logging are fine. The alternatives through
 * FFM are not robust: a handler installed with sigaction(2) runs Java code in signal context
 * (not async-signal-safe; it can deadlock on any lock the interrupted thread holds) and replaces
 * the JVM's own handler behind its back; signalfd(2) needs SIGHUP blocked in every thread, which
 * the JVM's threads, started before main, do not do. Without a handler at all the JVM treats
 * SIGHUP as a request to exit, so a reload would stop the director.
 *
 * <p>{@code sun.misc.Signal} lives in the jdk.unsupported module, exported to every class path
 * program (JEP 260 keeps it until a supported replacement exists). It is reached reflectively
 * because javac's "internal proprietary API" warning cannot be suppressed under {@code --release}
 * and the build treats warnings as errors; the lookup is a handful of lines, done once at start.
 */
public final class HangupReload {
    private static final Logger LOG = LoggerFactory.getLogger(HangupReload.class);

    private HangupReload() {}

    /**
     * Makes SIGHUP run {@code reloader} (null: jlvsd has no configuration file; the signal is then
     * logged and ignored rather than ending the daemon). Returns false, with a warning logged, if
     * this JVM does not let a program handle SIGHUP (e.g. it was started with -Xrs).
     */
    public static boolean install(Reloader reloader) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(
                    handlerType.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            onHangup(reloader);
                            return null;
                        }
                        return objectMethod(proxy, method, args);
                    });
            signal.getMethod("handle", signal, handlerType).invoke(null, hup, handler);
            return true;
        } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
            Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
            LOG.warn(
                    "SIGHUP cannot be handled in this JVM ({}): reload with jlvsadm --reload, and do not send SIGHUP",
                    cause.toString());
            return false;
        }
    }

    /** What a signal does; public so a test can run it without sending one. */
    public static void onHangup(Reloader reloader) {
        if (reloader == null) {
            LOG.warn("SIGHUP: jlvsd was started without a configuration file, there is nothing to reload");
            return;
        }
        LOG.info("SIGHUP: reloading the configuration");
        try {
            reloader.reload();
        } catch (RuntimeException e) { // a bug, not a bad file: keep the stack trace
            LOG.error("SIGHUP: reload failed, the running configuration is kept", e);
        } catch (Exception e) { // the configuration's own errors, file:line:column each
            LOG.error("SIGHUP: reload failed, the running configuration is kept: {}", e.getMessage());
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "jlvsd SIGHUP reload";
        };
    }
}
