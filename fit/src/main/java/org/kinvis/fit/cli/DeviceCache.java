package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.kinvis.kernels.Backend;

/**
 * Remembers that {@code --backend auto} found no GPU or accelerator, so that later runs on the same machine skip
 * the OpenCL platform discovery (loading the ICD loader and every platform's driver, e.g. PoCL with its LLVM:
 * about 0.2 s of each start) and take the CPU backend at once. The memo is {@code $XDG_CACHE_HOME/kinvis/
 * opencl-auto} (else {@code ~/.cache/...}) and holds a fingerprint of what decides the answer: the installed
 * OpenCL drivers ({@code /etc/OpenCL/vendors} or {@code $OCL_ICD_VENDORS}: names, sizes, times), the GPU device
 * nodes ({@code /dev/dri}, {@code /dev/nvidia*}, {@code /dev/kfd}), the variables that select devices, and the
 * kinvis jar; any change, or a memo older than a day, means a fresh discovery. Only the answer "no accelerator"
 * is remembered: where one exists, discovery is needed anyway to use it. {@code KINVIS_DEVICE_CACHE=0} turns it
 * off.
 */
final class DeviceCache {
    /** Age after which the memo is not trusted. */
    static final long MAX_AGE_MILLIS = 24L * 3600 * 1000;
    private static final String CPU_ONLY = "cpu-only";
    private static final List<String> VARIABLES = List.of("OCL_ICD_VENDORS", "OPENCL_VENDOR_PATH", "OCL_ICD_FILENAMES",
            "POCL_DEVICES", "CUDA_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES",
            "GPU_DEVICE_ORDINAL", "ZE_AFFINITY_MASK", "LD_LIBRARY_PATH");

    private DeviceCache() {
    }

    /**
     * The backend {@code auto} picks: the CPU backend at once where the memo says there is no accelerator, else
     * {@code discover} (which runs the platform discovery), remembering a CPU answer.
     */
    static Backend auto(Supplier<Backend> discover, Supplier<Backend> cpu) {
        Path memo = file();
        if (memo == null) {
            return discover.get();
        }
        String fingerprint = fingerprint();
        if (fingerprint != null && (CPU_ONLY + "\n" + fingerprint).equals(read(memo))) {
            return cpu.get();
        }
        Backend b = discover.get();
        if (fingerprint != null && b.name().equals("cpu")) {
            write(memo, CPU_ONLY + "\n" + fingerprint);
        }
        return b;
    }

    /** The memo's path, or null where caching is off or there is no cache folder. */
    static Path file() {
        if ("0".equals(System.getenv("KINVIS_DEVICE_CACHE"))) {
            return null;
        }
        String dir0 = System.getProperty("kinvis.cache");
        if (dir0 != null && !dir0.isBlank()) {
            return Path.of(dir0).resolve("opencl-auto");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        Path dir = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home != null ? Path.of(home, ".cache") : null;
        return dir == null ? null : dir.resolve("kinvis").resolve("opencl-auto");
    }

    /** What decides whether an accelerator is found; null where it cannot be read. */
    static String fingerprint() {
        StringBuilder sb = new StringBuilder();
        try {
            String vendors = System.getenv("OCL_ICD_VENDORS");
            listing(sb, Path.of(vendors != null && !vendors.isBlank() ? vendors : "/etc/OpenCL/vendors"));
            listing(sb, Path.of("/dev/dri"));
            for (String dev : new String[] {"/dev/kfd", "/dev/nvidiactl", "/dev/nvidia0", "/dev/accel"}) {
                sb.append(dev).append(Files.exists(Path.of(dev)) ? " present" : " absent").append('\n');
            }
            for (String v : VARIABLES) {
                String value = System.getenv(v);
                sb.append(v).append('=').append(value == null ? "" : value).append('\n');
            }
            var src = DeviceCache.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path jar = Path.of(src.getLocation().toURI());
                sb.append("jar ").append(jar).append(' ').append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return null;
        }
        return sb.toString();
    }

    /** Names, sizes and times of a file or a folder's entries (sorted); "absent" where it does not exist. */
    private static void listing(StringBuilder sb, Path p) throws IOException {
        if (!Files.exists(p)) {
            sb.append(p).append(" absent\n");
            return;
        }
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(p)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path f : ds) {
                    lines.add(entry(f));
                }
            }
        } else {
            lines.add(entry(p));
        }
        lines.sort(null);
        lines.forEach(l -> sb.append(l).append('\n'));
    }

    private static String entry(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return f + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    }

    private static String read(Path memo) {
        try {
            if (System.currentTimeMillis() - Files.getLastModifiedTime(memo).toMillis() > MAX_AGE_MILLIS) {
                return null;
            }
            return Files.readString(memo, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes the memo (temporary file renamed into place); a cache that cannot be written is no error. */
    private static void write(Path memo, String content) {
        try {
            Files.createDirectories(memo.getParent());
            Path tmp = Files.createTempFile(memo.getParent(), "opencl-auto", ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.move(tmp, memo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // no cache: the next run discovers again
        }
    }
}
