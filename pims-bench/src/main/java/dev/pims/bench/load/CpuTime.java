package dev.pims.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system, nanoseconds) of this process, or of another one on this Linux machine. */
final class CpuTime {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private CpuTime() {
    }

    static long ofSelf() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * CPU time of the whole machine since boot, from /proc/stat: {busy, idle} in nanoseconds (idle includes I/O
     * wait), or null where /proc/stat cannot be read. What neither the server nor the generator used of the busy
     * time is the rest of the machine: a PostgreSQL server on it, other processes.
     */
    static long[] ofMachine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return new long[] {busy * TICK_NANOS, idle * TICK_NANOS};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** -1 when {@code pid} is negative or its /proc entry cannot be read. */
    static long ofProcess(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name (which may contain spaces) start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
