package dev.pims.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Thin helper over one connection in a transaction: parameterised statements only. */
public final class Sql {
    private final Connection connection;
    /** The highest lock rank taken so far in this transaction, and the key of that lock (null: none yet). */
    private LockRank held;
    private String heldKey;

    Sql(Connection connection) {
        this.connection = connection;
    }

    /**
     * Declares that the next statement takes a row lock of {@code rank} on {@code key} (a device id, a login, a
     * code id). Locks must be taken in {@link LockRank} order, and several locks of one rank in ascending key
     * order; anything else throws {@link IllegalStateException} before the lock is requested. Locking the same
     * row again is allowed.
     */
    public void acquiring(LockRank rank, String key) {
        if (held != null) {
            int c = rank.compareTo(held);
            boolean sameRank = c == 0 && key != null && heldKey != null;
            if (c < 0 || (sameRank && key.compareTo(heldKey) < 0)) {
                throw new IllegalStateException("lock order violated: " + rank + " requested after " + held
                        + " (docs/architecture.md, Lock order)");
            }
        }
        held = rank;
        heldKey = key;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params)) {
            return ps.executeUpdate();
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... params) throws SQLException {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (p instanceof NullLong) {
                ps.setNull(i + 1, Types.BIGINT);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    /** Marker for a NULL BIGINT parameter (PostgreSQL is strict about NULL types). */
    public enum NullLong { INSTANCE }

    public static Object nullableLong(Long value) {
        return value == null ? NullLong.INSTANCE : value;
    }

    public static Long getNullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
