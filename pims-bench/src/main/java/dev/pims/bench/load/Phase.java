package dev.pims.bench.load;

/** The figures of one measured phase; latencies in microseconds. */
public record Phase(double cyclesPerSecond, double requestsPerSecond, long failures, long p50, long p95, long p99) {
}
