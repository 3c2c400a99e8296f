package dev.pims.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/** Collects every log event (message, arguments, exception text) of the whole JVM while attached. */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    public static LogCapture attach() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(ctx);
        capture.setName("capture-" + System.identityHashCode(capture));
        capture.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(capture);
        return capture;
    }

    public void detach() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                sb.append(' ').append(s.getSTEAsString());
            }
        }
        lines.add(sb.toString());
    }

    public List<String> lines() {
        return new ArrayList<>(lines);
    }
}
