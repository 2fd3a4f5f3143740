/**
 * Insight: figures over disputes for the marketplace's back end, its managers and its agents: counts by reason,
 * status, outcome and currency, money refunded and released (from the ledger), time to resolution, due times
 * passed, agents' review times, the backlog, and one party's record. A read model: it reads the disputes', orders'
 * and ledger's tables with plain SQL and the event history through {@link io.arbiter.insight.EventHistoryQueries}
 * only, and writes only its own rollups ({@link io.arbiter.insight.InsightRollup}, in the background). Exports
 * the backlog and due times to Prometheus.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Insight",
        allowedDependencies = {"common", "identity", "dispute"})
package io.arbiter.insight;
