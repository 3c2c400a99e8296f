package dev.pims.server.housekeeping;

import java.util.function.LongFunction;

/**
 * What one table loses at each run: the rows (alias {@code x}) matching {@code condition}, whose parameters are
 * computed from the current time. {@code key} is the primary key column, or a comma-separated list of them.
 */
record PurgeRule(String table, String key, String condition, LongFunction<Object[]> parameters) {

    /**
     * One batch: at most {@code limit} rows, chosen by an index range scan and deleted by primary key, a form
     * that H2 and PostgreSQL both accept (PostgreSQL has no {@code DELETE ... LIMIT}).
     */
    String deleteBatch(int limit) {
        String select = "SELECT " + prefixed() + " FROM " + table + " x WHERE " + condition + " LIMIT " + limit;
        String target = key.contains(",") ? "(" + key + ")" : key;
        return "DELETE FROM " + table + " WHERE " + target + " IN (" + select + ")";
    }

    private String prefixed() {
        StringBuilder sb = new StringBuilder();
        for (String column : key.split(",")) {
            sb.append(sb.isEmpty() ? "" : ", ").append("x.").append(column.strip());
        }
        return sb.toString();
    }
}
