package org.kinvis.fit.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kinvis.host.input.InputException;

/**
 * The Belle II data folder a command reads its default files from, independent of the working directory:
 * {@code --data DIR} if given; else {@code data/belle2} of the installation (the checkout: {@code -Dkinvis.home},
 * which the launcher sets, or the folder the jar or classes lie in, searched upwards) where it exists; else
 * {@code $KINVIS_DATA}. A default file that is missing is an error naming those three ways and
 * {@code scripts/fetch-data.sh}.
 *
 * @param dir    the folder (may not exist when nothing was found)
 * @param origin where it came from, for messages: {@code --data}, {@code installation}, {@code $KINVIS_DATA}, or
 *               {@code none}
 */
record DataFolder(Path dir, String origin) {
    /** The system property naming the installation (the checkout holding scripts/ and data/). */
    static final String HOME_PROPERTY = "kinvis.home";
    /** The environment variable naming a data folder. */
    static final String DATA_ENV = "KINVIS_DATA";
    private static final Path RELATIVE = Path.of("data", "belle2");

    /** The data folder of a command given its {@code --data} value (null when not given). */
    static DataFolder resolve(Path option) {
        if (option != null) {
            if (!Files.isDirectory(option)) {
                throw InputException.at("--data", option.toString(), "no such folder");
            }
            return new DataFolder(option, "--data");
        }
        Path home = home();
        if (home != null && Files.isDirectory(home.resolve(RELATIVE))) {
            return new DataFolder(home.resolve(RELATIVE), "installation");
        }
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
            return new DataFolder(Path.of(env), "$" + DATA_ENV);
        }
        return new DataFolder(home != null ? home.resolve(RELATIVE) : RELATIVE.toAbsolutePath(), "none");
    }

    /**
     * The installation: {@code -Dkinvis.home}, else the nearest folder above the jar (or the classes folder) that
     * holds {@code data/belle2} or {@code scripts/fetch-data.sh}; null when neither is found.
     */
    static Path home() {
        String p = System.getProperty(HOME_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath();
        }
        Path code = codeLocation();
        for (Path d = code; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(RELATIVE)) || Files.isRegularFile(d.resolve("scripts/fetch-data.sh"))) {
                return d;
            }
        }
        return null;
    }

    private static Path codeLocation() {
        try {
            var src = DataFolder.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException
                | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    /**
     * The file {@code name} of this folder, which must exist: a missing one is one line naming what to do, e.g.
     * {@code /x/data/belle2/combined_likelihood.json: no such file (the default workspace); give --workspace
     * FILE or --data DIR, set $KINVIS_DATA, or run scripts/fetch-data.sh}.
     *
     * @param what what the file is, for the message ("the default workspace")
     * @param own  the option that names this one file instead ("--workspace"), or null
     */
    Path require(String name, String what, String own) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new InputException(f + ": no such file (" + what + ", from the data folder "
                    + switch (origin) {
                        case "--data" -> "given by --data";
                        case "installation" -> "of the installation";
                        case "none" -> "expected in the installation; $" + DATA_ENV + " is not set";
                        default -> "given by " + origin;
                    } + "): " + hint(own));
        }
        return f;
    }

    /** The folder itself, which must exist (for commands reading several of its files). */
    Path requireFolder(String what) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": no such folder (the Belle II data folder, needed for " + what
                    + (origin.equals("none") ? "; $" + DATA_ENV + " is not set" : ", from " + origin) + "): "
                    + hint(null));
        }
        return dir;
    }

    private static String hint(String own) {
        return (own == null ? "give " : "give " + own + " FILE or ") + "--data DIR, set $" + DATA_ENV
                + ", or run scripts/fetch-data.sh";
    }
}
