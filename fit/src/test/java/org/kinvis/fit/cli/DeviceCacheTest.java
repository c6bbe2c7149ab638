package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;

/**
 * {@code --backend auto} remembers "no accelerator here" and then skips the OpenCL discovery; an accelerator is
 * never remembered, and a changed fingerprint or an old memo means a fresh discovery.
 */
class DeviceCacheTest {
    @TempDir
    Path dir;

    record Fake(String name) implements Backend {
        @Override
        public String device() {
            return name;
        }

        @Override
        public Evaluator prepare(ModelLayout layout) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void rememberedOnlyWithoutAnAccelerator() throws IOException {
        String before = System.getProperty("kinvis.cache");
        try {
            System.setProperty("kinvis.cache", dir.toString());
            AtomicInteger discoveries = new AtomicInteger();
            Fake cpu = new Fake("cpu");
            assertThat(DeviceCache.auto(() -> {
                discoveries.incrementAndGet();
                return new Fake("opencl");
            }, () -> cpu).name()).isEqualTo("opencl");
            assertThat(Files.exists(dir.resolve("opencl-auto"))).isFalse();
            assertThat(DeviceCache.auto(() -> {
                discoveries.incrementAndGet();
                return new Fake("cpu");
            }, () -> cpu)).isNotSameAs(cpu);
            assertThat(discoveries.get()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("opencl-auto"))).startsWith("cpu-only\n")
                    .contains("/etc/OpenCL/vendors").contains("POCL_DEVICES=");
            // remembered: no discovery
            assertThat(DeviceCache.auto(() -> {
                discoveries.incrementAndGet();
                return new Fake("cpu");
            }, () -> cpu)).isSameAs(cpu);
            assertThat(discoveries.get()).isEqualTo(2);
            // another machine (fingerprint) or an old memo: discovered again
            Files.writeString(dir.resolve("opencl-auto"), "cpu-only\nsomething else\n");
            DeviceCache.auto(() -> {
                discoveries.incrementAndGet();
                return new Fake("cpu");
            }, () -> cpu);
            assertThat(discoveries.get()).isEqualTo(3);
            Files.setLastModifiedTime(dir.resolve("opencl-auto"), FileTime.fromMillis(System.currentTimeMillis()
                    - DeviceCache.MAX_AGE_MILLIS - 60_000));
            DeviceCache.auto(() -> {
                discoveries.incrementAndGet();
                return new Fake("cpu");
            }, () -> cpu);
            assertThat(discoveries.get()).isEqualTo(4);
        } finally {
            if (before == null) {
                System.clearProperty("kinvis.cache");
            } else {
                System.setProperty("kinvis.cache", before);
            }
        }
    }
}
