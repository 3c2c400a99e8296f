package dev.pims.bench.load;

import java.util.Arrays;

/** Latencies of one virtual device, in microseconds; merged at the end. Not thread-safe: one per thread. */
final class LatencyRecorder {
    private long[] values = new long[1024];
    private int size;

    void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos / 1_000;
    }

    int size() {
        return size;
    }

    static long[] merge(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.values, 0, all, at, r.size);
            at += r.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The q-quantile (0..1) of sorted values, in microseconds; 0 when empty. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
