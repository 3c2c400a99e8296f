package dev.pims.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pims.log.format=json}: swaps the encoder of the stderr appender (logback.xml) for logback's own
 * {@link JsonEncoder}: one JSON object per line, the MDC (request id, client) as fields. Text stays the default.
 */
final class LogFormat {
    private LogFormat() {
    }

    static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof AsyncAppenderBase<ILoggingEvent> async) {
                switchEncoder(context, async.getAppender("STDERR"));
            } else {
                switchEncoder(context, a);
            }
        }
    }

    private static void switchEncoder(LoggerContext context, Appender<ILoggingEvent> appender) {
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
