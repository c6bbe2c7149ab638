package org.kinvis.fit.cli;

import java.nio.file.Path;
import org.kinvis.fit.plot.Plots;
import picocli.CommandLine.Option;

/**
 * {@code --plot FILE}: the command's figure (its command description says which), in the format the extension
 * names, checked before anything is computed so that a long run never ends in a path error.
 */
final class PlotOption {
    @Option(names = "--plot", paramLabel = "FILE",
            description = "Also draw the result's figure to FILE: .png, .svg or .pdf by the extension.")
    Path plot;

    /** The file, checked (extension, folder); null when not asked for. */
    Path checked() {
        Plots.check(plot);
        return plot;
    }
}
