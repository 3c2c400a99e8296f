package dev.pims.server.testing;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * A counting DataSource (datasource-proxy) for {@code ServerConfig.Builder.dataSourceWrapper}: every JDBC statement
 * executed and every transaction ended (commit or rollback) through the server's pool is recorded. Requests are
 * sent one at a time by the tests that use it, so the counts between two {@link #reset()} belong to them.
 */
public final class StatementCounter {
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
    private final List<String> transactions = Collections.synchronizedList(new ArrayList<>());

    public UnaryOperator<DataSource> wrapper() {
        return ds -> ProxyDataSourceBuilder.create(ds).name("counted")
                .afterQuery((exec, queries) -> queries.forEach(q -> statements.add(q.getQuery())))
                .afterMethod(ctx -> {
                    String m = ctx.getMethod().getName();
                    if (ctx.getTarget() instanceof Connection && (m.equals("commit") || m.equals("rollback"))) {
                        transactions.add(m);
                    }
                })
                .build();
    }

    public void reset() {
        statements.clear();
        transactions.clear();
    }

    public int statements() {
        return statements.size();
    }

    public int transactions() {
        return transactions.size();
    }

    /** The statements since the last reset, for failure messages. */
    public List<String> log() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }
}
