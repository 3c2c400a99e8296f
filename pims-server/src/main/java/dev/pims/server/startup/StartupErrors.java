package dev.pims.server.startup;

import dev.pims.server.startup.StartupFailure.Reason;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns what goes wrong at start into a {@link StartupFailure}: one line naming the problem and the setting to
 * change. The original exception stays the cause ({@code pims server --debug} prints it).
 */
public final class StartupErrors {
    /** H2's DATABASE_ALREADY_OPEN_1: another process has the embedded database open. */
    private static final int H2_ALREADY_OPEN = 90020;
    /** The shortest admin token accepted (bytes): as strong as a 256-bit key. */
    public static final int MIN_ADMIN_TOKEN_BYTES = 32;

    private StartupErrors() {
    }

    /** The bind address must name an address of this machine; checked before anything else binds. */
    public static void checkHost(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new StartupFailure(Reason.BAD_HOST, "the bind address '" + host + "' is not an IP address or a"
                    + " known host name: give an address of this machine with --host (pims.host), e.g. 127.0.0.1 or 0.0.0.0", e);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new StartupFailure(Reason.BAD_HOST, "cannot listen on '" + host + "' (" + address.getHostAddress()
                    + " is not an address of this machine): give one with --host (pims.host), e.g. 127.0.0.1 or 0.0.0.0", e);
        }
    }

    public static void checkAdminToken(String token, String source) {
        if (token.getBytes(StandardCharsets.UTF_8).length < MIN_ADMIN_TOKEN_BYTES) {
            throw new StartupFailure(Reason.ADMIN_TOKEN_WEAK, "the admin token (" + source + ") is shorter than "
                    + MIN_ADMIN_TOKEN_BYTES + " bytes: use a random one, e.g. `openssl rand -hex 32`, or unset it to"
                    + " let the server generate one");
        }
    }

    /** A failure of Jetty's start: port taken, address not local. */
    public static StartupFailure bind(RuntimeException e, String host, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                String m = String.valueOf(b.getMessage()).toLowerCase(Locale.ROOT);
                if (m.contains("assign") || m.contains("not available")) {
                    return new StartupFailure(Reason.BAD_HOST, "cannot listen on '" + host + "': it is not an address of"
                            + " this machine: give one with --host (pims.host)", e);
                }
                return new StartupFailure(Reason.PORT_IN_USE, "port " + port + " on " + host + " is already in use"
                        + " (another pims server?): stop that process or choose another port with --port (pims.port)", e);
            }
            if (t instanceof UnresolvedAddressException || t instanceof SocketException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("unresolved")) {
                return new StartupFailure(Reason.BAD_HOST, "the bind address '" + host + "' cannot be resolved: give"
                        + " an address of this machine with --host (pims.host)", e);
            }
            if (t instanceof SecurityException || t instanceof SocketException && port < 1024) {
                return new StartupFailure(Reason.PORT_IN_USE, "cannot listen on port " + port + " (" + t.getMessage()
                        + "): ports below 1024 need privileges; choose another with --port (pims.port)", e);
            }
        }
        return new StartupFailure(Reason.PORT_IN_USE, "cannot listen on " + host + ":" + port + " ("
                + rootMessage(e) + "): check --host and --port (pims.host, pims.port)", e);
    }

    /** A failure while opening and migrating the database. */
    public static StartupFailure database(RuntimeException e, boolean embedded, String where) {
        Optional<SQLException> sql = find(e, SQLException.class);
        if (embedded && sql.isPresent() && sql.get().getErrorCode() == H2_ALREADY_OPEN) {
            return new StartupFailure(Reason.DATA_DIRECTORY_IN_USE, "the data directory " + where + " is in use by"
                    + " another process (a running pims server?): stop it, or give another directory with --data (pims.data)", e);
        }
        String state = sql.map(SQLException::getSQLState).orElse("");
        if (state == null) {
            state = "";
        }
        if (state.startsWith("28")) {
            return new StartupFailure(Reason.DATABASE_REFUSED, "the database refused the user or password: check"
                    + " pims.db.user and PIMS_DB_PASSWORD", e);
        }
        if (state.equals("3D000")) {
            return new StartupFailure(Reason.DATABASE_REFUSED, "the database named in pims.db.url does not exist:"
                    + " create it (createdb) or fix --db (pims.db.url)", e);
        }
        if (state.startsWith("08") || isConnectionFailure(e)) {
            return new StartupFailure(Reason.DATABASE_UNREACHABLE, "cannot connect to the database " + where + " ("
                    + rootMessage(e) + "): check that it runs and --db (pims.db.url)", e);
        }
        if (find(e, org.flywaydb.core.api.FlywayException.class).isPresent()) {
            return new StartupFailure(Reason.DATABASE_MIGRATION, "the database schema cannot be migrated ("
                    + firstLine(find(e, org.flywaydb.core.api.FlywayException.class).get().getMessage())
                    + "): was it created by a newer version of pims?", e);
        }
        if (embedded) {
            return new StartupFailure(Reason.DATA_DIRECTORY, "cannot open the embedded database in " + where + " ("
                    + rootMessage(e) + "): check the data directory (--data, pims.data)", e);
        }
        return new StartupFailure(Reason.DATABASE_UNREACHABLE, "cannot open the database " + where + " ("
                + rootMessage(e) + "): check --db (pims.db.url)", e);
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** The innermost message, first line only, bounded (never contains a password: JDBC drivers omit them). */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
