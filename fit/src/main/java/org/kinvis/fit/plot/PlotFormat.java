package org.kinvis.fit.plot;

import java.nio.file.Path;
import java.util.Locale;
import org.kinvis.fit.output.OutputFile;
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
     * Checks a figure path before any computation starts: a known extension, then what {@link OutputFile#check}
     * checks for any output (an existing writable folder, not a folder itself, symbolic links followed, the
     * name's length). Null (no figure asked for) passes.
     */
    public static void check(Path path, String option) {
        if (path == null) {
            return;
        }
        of(path, option);
        OutputFile.check(option, path);
    }
}
