package org.kinvis.host.workspace;

/**
 * One HistFactory modifier of a sample, as in pyhf's JSON schema. The seven types form a closed family; each
 * record holds exactly the data its type carries. Parameters are shared by name across samples and channels.
 */
public sealed interface Modifier
        permits Modifier.Normfactor, Modifier.Normsys, Modifier.Histosys, Modifier.Staterror, Modifier.Shapesys,
        Modifier.Shapefactor, Modifier.Lumi {

    /** The pyhf type names, in pyhf's modifier-set order (which fixes the parameter order). */
    java.util.List<String> TYPES =
            java.util.List.of("histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror");

    String name();

    String type();

    /** Same modifier under another parameter name. */
    Modifier renamed(String newName);

    /** Unconstrained scalar scale factor μ (pyhf: init 1, bounds [0, 10]). */
    record Normfactor(String name) implements Modifier {
        public String type() {
            return "normfactor";
        }

        public Modifier renamed(String n) {
            return new Normfactor(n);
        }
    }

    /** Normalisation systematic: factors {@code hi} at α = +1 and {@code lo} at α = −1, Gaussian-constrained α. */
    record Normsys(String name, double hi, double lo) implements Modifier {
        public String type() {
            return "normsys";
        }

        public Modifier renamed(String n) {
            return new Normsys(n, hi, lo);
        }
    }

    /** Shape systematic: templates at α = ±1, additive interpolation, Gaussian-constrained α. */
    record Histosys(String name, double[] hiData, double[] loData) implements Modifier {
        public String type() {
            return "histosys";
        }

        public Modifier renamed(String n) {
            return new Histosys(n, hiData, loData);
        }
    }

    /** Barlow–Beeston-lite MC statistical uncertainty: absolute uncertainties per bin; γ shared by samples. */
    record Staterror(String name, double[] uncertainties) implements Modifier {
        public String type() {
            return "staterror";
        }

        public Modifier renamed(String n) {
            return new Staterror(n, uncertainties);
        }
    }

    /** Uncorrelated shape systematic with Poisson-constrained γ per bin (absolute uncertainties). */
    record Shapesys(String name, double[] uncertainties) implements Modifier {
        public String type() {
            return "shapesys";
        }

        public Modifier renamed(String n) {
            return new Shapesys(n, uncertainties);
        }
    }

    /** Free per-bin scale factors (pyhf: init 1, bounds [0, 10]). */
    record Shapefactor(String name) implements Modifier {
        public String type() {
            return "shapefactor";
        }

        public Modifier renamed(String n) {
            return new Shapefactor(n);
        }
    }

    /** Luminosity: scalar factor with a Gaussian constraint whose auxdata and σ come from the measurement. */
    record Lumi(String name) implements Modifier {
        public String type() {
            return "lumi";
        }

        public Modifier renamed(String n) {
            return new Lumi(n);
        }
    }
}
