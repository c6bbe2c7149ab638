package org.kinvis.fit.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.kinvis.host.input.InputException;

/**
 * The file formats a figure is written in, chosen by the file name's extension: PNG (raster), SVG and PDF
 * (vector, text as text in SVG and as glyph outlines in PDF).
 */
public enum PlotFormat {
    PNG, SVG, PDF;

    /** The format of {@code path} by its extension; an unknown one is bad input of {@code option}. */
    public static PlotFormat of(Path path, String option) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "png" -> PNG;
            case "svg" -> SVG;
            case "pdf" -> PDF;
            default -> throw InputException.at(option, path.toString(),
                    "expected a figure file ending in .png, .svg or .pdf");
        };
    }

    /**
     * Checks a figure path before any computation starts: a known extension, an existing writable folder, and
     * not an existing folder itself. Null (no figure asked for) passes.
     */
    public static void check(Path path, String option) {
        if (path == null) {
            return;
        }
        of(path, option);
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw InputException.at(option, path.toString(), "is a folder, expected a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw InputException.at(option, path.toString(), "folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw InputException.at(option, path.toString(), "folder " + dir + " is not writable");
        }
    }
}
