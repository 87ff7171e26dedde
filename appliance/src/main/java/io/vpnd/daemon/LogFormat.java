package io.vpnd.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr, greppable and journald-friendly:
 * {@code 2026-11-28T13:00:00.123Z INFO  control.Tunnel: tunnel=aws-1 state=UP was=CONNECTING reason=ESTABLISHED}.
 */
final class LogFormat extends Formatter {
    private static final String PREFIX = "io.vpnd.";

    /** Replaces the JDK's two-line console format for the whole process. */
    static void install(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler h = new ConsoleHandler();
        h.setFormatter(new LogFormat());
        h.setLevel(Level.ALL);
        root.addHandler(h);
        root.setLevel(Level.INFO);
        Logger.getLogger("io.vpnd").setLevel(level);
        // Netty's own INFO chatter is not for operators
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }

    @Override
    public String format(LogRecord r) {
        String name = r.getLoggerName() == null ? "" : r.getLoggerName();
        if (name.startsWith(PREFIX)) name = name.substring(PREFIX.length());
        StringBuilder sb = new StringBuilder(128)
                .append(Instant.ofEpochMilli(r.getMillis()))
                .append(' ').append(levelName(r.getLevel()))
                .append(' ').append(name).append(": ").append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            sb.append(sw);
        }
        return sb.toString();
    }

    private static String levelName(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) return "ERROR";
        if (l.intValue() >= Level.WARNING.intValue()) return "WARN ";
        if (l.intValue() >= Level.INFO.intValue()) return "INFO ";
        return "DEBUG";
    }
}
