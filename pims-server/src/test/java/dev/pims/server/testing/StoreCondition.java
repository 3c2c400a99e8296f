package dev.pims.server.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class through JUnit's extension auto-detection (META-INF/services): in the
 * PostgreSQL run without {@value TestStores#ENV_URL}, skips each class with a clear reason, or fails it when
 * {@code CI=true} (a CI run must never pass without having run on PostgreSQL).
 */
public final class StoreCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestStores.current() != TestStores.Store.POSTGRES) {
            return ConditionEvaluationResult.enabled("store: H2");
        }
        String reason = TestStores.unavailableReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("store: PostgreSQL");
        }
        if (TestStores.inCi()) {
            throw new IllegalStateException("CI=true but " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
