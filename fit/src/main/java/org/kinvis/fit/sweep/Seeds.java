package org.kinvis.fit.sweep;

import java.nio.charset.StandardCharsets;

/**
 * Per-task seeds: a task's seed is a function of the sweep's seed and the task's id alone (SplitMix64 of the
 * seed mixed with a 64-bit FNV-1a hash of the id), so it depends neither on the order of the tasks, nor on how
 * an engine partitions them, nor on which other tasks the sweep has. Chunks of one task (toys) get
 * {@link #forChunk(long, int)} of the task's seed.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed of task {@code id} in a sweep seeded with {@code sweepSeed}. */
    public static long forTask(long sweepSeed, String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return splitMix64(sweepSeed ^ h);
    }

    /** The seed of chunk {@code k} of a task seeded with {@code taskSeed}. */
    public static long forChunk(long taskSeed, int k) {
        return splitMix64(taskSeed + 0x9E3779B97F4A7C15L * (k + 1L));
    }

    /** SplitMix64's output function (Steele, Lea, Flood 2014): a bijection that scatters nearby inputs. */
    static long splitMix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
