package org.kinvis.host.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kinvis.host.input.InputException;
import org.kinvis.host.workspace.Channel;
import org.kinvis.host.workspace.Measurement;
import org.kinvis.host.workspace.Modifier;
import org.kinvis.host.workspace.ParameterConfig;
import org.kinvis.host.workspace.Sample;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.kernels.ModelLayout;

/**
 * Compiles a workspace measurement into a {@link CompiledModel}, following pyhf 0.7's model building exactly:
 * <ul>
 *   <li>channels and samples sorted by name; the modifiers of a (channel, sample) visited in sorted
 *       (name, type) order;</li>
 *   <li>parameter order: grouped by modifier type in pyhf's modifier-set order (histosys, lumi, normfactor,
 *       normsys, shapefactor, shapesys, staterror); within a type by first appearance in that walk, except
 *       staterror whose sets are created at finalisation in sorted name order;</li>
 *   <li>staterror σ per bin: √Σ_s (δ_s / Σ_s' ν_s')² over the samples sharing the modifier, γ fixed where that
 *       is zero (σ then set to 1); shapesys γ fixed where nominal or uncertainty is zero, Poisson factor
 *       (ν/δ)² else 1;</li>
 *   <li>measurement-level overrides of inits, bounds, fixed, auxdata, sigmas, factors.</li>
 * </ul>
 */
public final class ModelCompiler {
    private final Workspace ws;
    private final Measurement meas;
    private final InterpolationSettings settings;
    private final List<Channel> channels;
    private final List<String> sampleNames;
    private final int[] channelOffset;
    private final int[] channelBins;

    private ModelCompiler(Workspace ws, Measurement meas, InterpolationSettings settings) {
        this.ws = ws;
        this.meas = meas;
        this.settings = settings;
        this.channels = ws.channels().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        this.sampleNames = List.copyOf(new TreeSet<>(ws.allSampleNames()));
        this.channelOffset = new int[channels.size()];
        this.channelBins = new int[channels.size()];
        int o = 0;
        for (int c = 0; c < channels.size(); c++) {
            channelOffset[c] = o;
            channelBins[c] = channels.get(c).nbins();
            o += channelBins[c];
        }
    }

    /** Compiles measurement {@code measurement} (null: the first) with the given interpolation codes. */
    public static CompiledModel compile(Workspace ws, String measurement, InterpolationSettings settings) {
        Measurement m = ws.measurement(measurement);
        return new ModelCompiler(ws, m, settings).build();
    }

    public static CompiledModel compile(Workspace ws) {
        return compile(ws, null, InterpolationSettings.DEFAULT);
    }

    /** A (channel index, sample) pair in walk order. */
    private record Block(int channel, Sample sample, int sampleIndex) {
    }

    private List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            Map<String, Sample> byName = new HashMap<>();
            channels.get(c).samples().forEach(s -> byName.put(s.name(), s));
            for (int si = 0; si < sampleNames.size(); si++) {
                Sample s = byName.get(sampleNames.get(si));
                if (s != null) {
                    out.add(new Block(c, s, si));
                }
            }
        }
        return out;
    }

    private static List<Modifier> sortedModifiers(Sample s) {
        List<Modifier> ms = new ArrayList<>(s.modifiers());
        ms.sort((a, b) -> {
            int k = a.name().compareTo(b.name());
            return k != 0 ? k : a.type().compareTo(b.type());
        });
        return ms;
    }

    private CompiledModel build() {
        List<Block> blocks = blocks();
        Map<String, ParameterSet> ordered = requirements(blocks);
        List<ParameterSet> sets = new ArrayList<>();
        int offset = 0;
        for (ParameterSet p : ordered.values()) {
            ParameterSet q = applyOverrides(p);
            sets.add(new ParameterSet(q.name(), q.modifierType(), offset, q.n(), q.scalar(), q.inits(), q.bounds(),
                    q.fixed(), q.constraint(), q.auxdata(), q.widths()));
            offset += q.n();
        }
        String poi = poiOf(sets);
        ParameterTable table = new ParameterTable(sets, poi);
        return new CompiledModel(ws.source(), meas.name(), settings, table, layout(blocks, table),
                channels.stream().map(Channel::name).toList(), channelBins.clone(), sampleNames,
                rowSamples(blocks));
    }

    /**
     * The POI as pyhf's {@code Model} sets it: none for {@code "poi": ""}; else a declared parameter with exactly
     * one component (a normfactor, or a one-bin shapesys/staterror/shapefactor γ), as {@code _ModelConfig.set_poi}
     * refuses only unknown names and parameters with several components.
     */
    private String poiOf(List<ParameterSet> sets) {
        String poi = meas.poi();
        if (poi.isEmpty()) {
            return null;
        }
        String path = "measurements['" + meas.name() + "'].config.poi";
        ParameterSet poiSet = sets.stream().filter(s -> s.name().equals(poi)).findFirst().orElseThrow(
                () -> InputException.at(ws.source(), path, "parameter of interest '" + poi
                        + "' is not declared by any modifier" + org.kinvis.host.input.DidYouMean.hint(poi,
                                sets.stream().map(ParameterSet::name).toList())));
        if (poiSet.n() != 1) {
            throw InputException.at(ws.source(), path, "parameter of interest '" + poi + "' has " + poiSet.n()
                    + " components, expected one (pyhf supports only one-component parameters as POI)");
        }
        return poi;
    }

    private int[] rowSamples(List<Block> blocks) {
        List<Integer> rs = new ArrayList<>();
        for (Block b : blocks) {
            for (int j = 0; j < channelBins[b.channel]; j++) {
                rs.add(b.sampleIndex);
            }
        }
        return rs.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- parameter requirements

    /**
     * The parameter sets in pyhf order: per modifier type (in {@link Modifier#TYPES} order) the sets that type's
     * builder creates, in creation order; a name used by several types is placed with the first type and must
     * have compatible requirements.
     */
    private Map<String, ParameterSet> requirements(List<Block> blocks) {
        Map<String, Map<String, ParameterSet>> byType = new HashMap<>();
        Modifier.TYPES.forEach(t -> byType.put(t, new LinkedHashMap<>()));
        for (Block b : blocks) {
            int nb = channelBins[b.channel];
            for (Modifier m : sortedModifiers(b.sample)) {
                ParameterSet req = switch (m) {
                    case Modifier.Histosys h -> normalScalar(h.name(), "histosys");
                    case Modifier.Normsys n -> normalScalar(n.name(), "normsys");
                    case Modifier.Normfactor f -> free(f.name(), "normfactor", 1, true);
                    case Modifier.Shapefactor f -> free(f.name(), "shapefactor", nb, false);
                    case Modifier.Lumi l -> lumi(l.name());
                    case Modifier.Shapesys s -> shapesys(s, b.sample.data());
                    case Modifier.Staterror s -> null; // created at finalisation below
                };
                if (req == null) {
                    continue;
                }
                Map<String, ParameterSet> sets = byType.get(m.type());
                ParameterSet prev = sets.get(m.name());
                if (prev == null) {
                    sets.put(m.name(), req);
                } else if (m instanceof Modifier.Shapesys) {
                    throw InputException.at(ws.source(), "modifier '" + m.name() + "'",
                            "shapesys parameters cannot be shared, but the name is used more than once");
                } else {
                    requireCompatible(prev, req);
                }
            }
        }
        byType.get("staterror").putAll(staterrors(blocks));
        LinkedHashMap<String, ParameterSet> ordered = new LinkedHashMap<>();
        for (String type : Modifier.TYPES) {
            for (ParameterSet p : byType.get(type).values()) {
                ParameterSet prev = ordered.putIfAbsent(p.name(), p);
                if (prev != null) {
                    requireCompatible(prev, p);
                }
            }
        }
        return ordered;
    }

    private void requireCompatible(ParameterSet a, ParameterSet b) {
        if (a.n() != b.n() || a.constraint() != b.constraint() || !Arrays.equals(a.inits(), b.inits())
                || !Arrays.deepEquals(a.bounds(), b.bounds())) {
            throw InputException.at(ws.source(), "modifier '" + a.name() + "'", "used as " + a.modifierType()
                    + " and as " + b.modifierType() + " with incompatible parameter requirements ("
                    + a.n() + " vs " + b.n() + " components, " + a.constraint() + " vs " + b.constraint() + ")");
        }
    }

    private static double[][] bounds(int n, double lo, double hi) {
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            b[i] = new double[] {lo, hi};
        }
        return b;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static ParameterSet normalScalar(String name, String type) {
        return new ParameterSet(name, type, 0, 1, true, new double[] {0.0}, bounds(1, -5, 5), new boolean[1],
                Constraint.NORMAL, new double[] {0.0}, new double[] {1.0});
    }

    private static ParameterSet free(String name, String type, int n, boolean scalar) {
        return new ParameterSet(name, type, 0, n, scalar, filled(n, 1.0), bounds(n, 0, 10), new boolean[n],
                Constraint.NONE, new double[0], new double[0]);
    }

    private static ParameterSet lumi(String name) {
        // auxdata and sigma must come from the measurement (pyhf leaves them undefined otherwise)
        return new ParameterSet(name, "lumi", 0, 1, true, new double[] {1.0}, bounds(1, 0, 10), new boolean[1],
                Constraint.NORMAL, new double[] {Double.NaN}, new double[] {Double.NaN});
    }

    private static ParameterSet shapesys(Modifier.Shapesys s, double[] nominal) {
        int n = nominal.length;
        double[] factors = new double[n];
        boolean[] fixed = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean valid = nominal[i] > 0 && s.uncertainties()[i] > 0;
            factors[i] = valid ? (nominal[i] * nominal[i]) / (s.uncertainties()[i] * s.uncertainties()[i]) : 1.0;
            fixed[i] = !valid;
        }
        return new ParameterSet(s.name(), "shapesys", 0, n, false, filled(n, 1.0), bounds(n, 1e-10, 10), fixed,
                Constraint.POISSON, factors, factors.clone());
    }

    /** Masked global bins of each staterror name: channels (in order) where its samples carry it. */
    private Map<String, boolean[]> staterrorChannels(List<Block> blocks) {
        // per staterror name, per sample index: the channels in which that sample carries it
        Map<String, Map<Integer, boolean[]>> perSample = new TreeMap<>();
        for (Block b : blocks) {
            for (Modifier m : b.sample.modifiers()) {
                if (m instanceof Modifier.Staterror) {
                    perSample.computeIfAbsent(m.name(), k -> new TreeMap<>())
                            .computeIfAbsent(b.sampleIndex, k -> new boolean[channels.size()])[b.channel] = true;
                }
            }
        }
        Map<String, boolean[]> out = new TreeMap<>();
        for (var e : perSample.entrySet()) {
            boolean[] first = null;
            for (var s : e.getValue().entrySet()) {
                if (first == null) {
                    first = s.getValue();
                } else if (!Arrays.equals(first, s.getValue())) {
                    throw InputException.at(ws.source(), "staterror '" + e.getKey() + "'",
                            "samples carry it in different channels (sample '" + sampleNames.get(s.getKey())
                                    + "'), expected the same channels for every sample (pyhf requires one mask)");
                }
            }
            out.put(e.getKey(), first);
        }
        return out;
    }

    private Map<String, ParameterSet> staterrors(List<Block> blocks) {
        Map<String, boolean[]> masks = staterrorChannels(blocks);
        Map<String, ParameterSet> out = new TreeMap<>();
        for (var e : masks.entrySet()) {
            String name = e.getKey();
            boolean[] inChannel = e.getValue();
            List<Double> sig = new ArrayList<>();
            for (int c = 0; c < channels.size(); c++) {
                if (!inChannel[c]) {
                    continue;
                }
                int nb = channelBins[c];
                double[] nomsum = new double[nb];
                double[] relerr2 = new double[nb];
                List<double[][]> carriers = new ArrayList<>(); // {nominal, uncertainty}
                for (Sample s : channels.get(c).samples()) {
                    for (Modifier m : s.modifiers()) {
                        if (m instanceof Modifier.Staterror st && st.name().equals(name)) {
                            carriers.add(new double[][] {s.data(), st.uncertainties()});
                        }
                    }
                }
                for (double[][] cs : carriers) {
                    for (int j = 0; j < nb; j++) {
                        nomsum[j] += cs[0][j];
                    }
                }
                for (double[][] cs : carriers) {
                    for (int j = 0; j < nb; j++) {
                        if (nomsum[j] > 0) {
                            double r = cs[1][j] / nomsum[j];
                            relerr2[j] += r * r;
                        }
                    }
                }
                for (int j = 0; j < nb; j++) {
                    sig.add(Math.sqrt(relerr2[j]));
                }
            }
            int n = sig.size();
            double[] sigmas = new double[n];
            boolean[] fixed = new boolean[n];
            for (int i = 0; i < n; i++) {
                double s = sig.get(i);
                fixed[i] = s == 0;
                sigmas[i] = s == 0 ? 1.0 : s;
            }
            out.put(name, new ParameterSet(name, "staterror", 0, n, false, filled(n, 1.0), bounds(n, 1e-10, 10),
                    fixed, Constraint.NORMAL, filled(n, 1.0), sigmas));
        }
        return out;
    }

    private ParameterSet applyOverrides(ParameterSet p) {
        ParameterConfig cfg = meas.parameters().stream().filter(c -> c.name().equals(p.name())).findFirst()
                .orElse(null);
        String path = "measurements['" + meas.name() + "'].config.parameters['" + p.name() + "']";
        double[] inits = p.inits();
        double[][] bounds = p.bounds();
        boolean[] fixed = p.fixed();
        double[] aux = p.auxdata();
        double[] widths = p.widths();
        if (cfg != null) {
            if (cfg.inits() != null) {
                inits = sized(cfg.inits(), p.n(), path + ".inits");
            }
            if (cfg.bounds() != null) {
                if (cfg.bounds().length != p.n()) {
                    throw InputException.at(ws.source(), path + ".bounds",
                            "has " + cfg.bounds().length + " entries, expected " + p.n());
                }
                bounds = cfg.bounds();
            }
            if (cfg.fixed() != null) {
                fixed = new boolean[p.n()];
                Arrays.fill(fixed, cfg.fixed());
            }
            if (p.constrained()) {
                if (cfg.auxdata() != null) {
                    aux = sized(cfg.auxdata(), p.n(), path + ".auxdata");
                }
                if (p.constraint() == Constraint.NORMAL && cfg.sigmas() != null) {
                    widths = sized(cfg.sigmas(), p.n(), path + ".sigmas");
                }
                if (p.constraint() == Constraint.POISSON && cfg.factors() != null) {
                    widths = sized(cfg.factors(), p.n(), path + ".factors");
                }
            }
        }
        if (p.modifierType().equals("lumi") && (Double.isNaN(aux[0]) || Double.isNaN(widths[0]))) {
            throw InputException.at(ws.source(), "measurements['" + meas.name() + "'].config.parameters",
                    "lumi parameter '" + p.name() + "' needs auxdata and sigmas, none given");
        }
        return new ParameterSet(p.name(), p.modifierType(), p.offset(), p.n(), p.scalar(), inits, bounds, fixed,
                p.constraint(), aux, widths);
    }

    private double[] sized(double[] v, int n, String path) {
        if (v.length != n) {
            throw InputException.at(ws.source(), path, "has " + v.length + " entries, expected " + n);
        }
        return v.clone();
    }

    // ---------------------------------------------------------------- layout

    private ModelLayout layout(List<Block> blocks, ParameterTable table) {
        int nBins = Arrays.stream(channelBins).sum();
        double[] observed = new double[nBins];
        for (int c = 0; c < channels.size(); c++) {
            System.arraycopy(ws.observations().get(channels.get(c).name()), 0, observed, channelOffset[c],
                    channelBins[c]);
        }
        Map<String, boolean[]> statMasks = staterrorChannels(blocks);
        IntList rowBin = new IntList();
        IntList rowBlock = new IntList();
        DoubleList nominal = new DoubleList();
        IntList hsPar = new IntList();
        IntList hsRowStart = new IntList();
        IntList hsRowCount = new IntList();
        IntList hsDataStart = new IntList();
        DoubleList hsUp = new DoubleList();
        DoubleList hsDown = new DoubleList();
        IntList nsPar = new IntList();
        IntList nsBlock = new IntList();
        DoubleList nsHi = new DoubleList();
        DoubleList nsLo = new DoubleList();
        IntList bfPar = new IntList();
        IntList bfBlock = new IntList();
        IntList rfRow = new IntList();
        IntList rfPar = new IntList();
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            int nb = channelBins[b.channel];
            int r0 = nominal.size();
            double[] nom = b.sample.data();
            for (int j = 0; j < nb; j++) {
                rowBin.add(channelOffset[b.channel] + j);
                rowBlock.add(bi);
                nominal.add(nom[j]);
            }
            for (Modifier m : sortedModifiers(b.sample)) {
                int par = table.set(m.name()).offset();
                switch (m) {
                    case Modifier.Histosys h -> {
                        hsPar.add(par);
                        hsRowStart.add(r0);
                        hsRowCount.add(nb);
                        hsDataStart.add(hsUp.size());
                        for (int j = 0; j < nb; j++) {
                            hsUp.add(h.hiData()[j] - nom[j]);
                            hsDown.add(nom[j] - h.loData()[j]);
                        }
                    }
                    case Modifier.Normsys n -> {
                        nsPar.add(par);
                        nsBlock.add(bi);
                        nsHi.add(n.hi());
                        nsLo.add(n.lo());
                    }
                    case Modifier.Normfactor f -> {
                        bfPar.add(par);
                        bfBlock.add(bi);
                    }
                    case Modifier.Lumi l -> {
                        bfPar.add(par);
                        bfBlock.add(bi);
                    }
                    case Modifier.Shapefactor f -> {
                        for (int j = 0; j < nb; j++) {
                            rfRow.add(r0 + j);
                            rfPar.add(par + j);
                        }
                    }
                    case Modifier.Shapesys s -> {
                        for (int j = 0; j < nb; j++) {
                            rfRow.add(r0 + j);
                            rfPar.add(par + j);
                        }
                    }
                    case Modifier.Staterror s -> {
                        boolean[] mask = statMasks.get(s.name());
                        int before = 0;
                        for (int c = 0; c < b.channel; c++) {
                            before += mask[c] ? channelBins[c] : 0;
                        }
                        for (int j = 0; j < nb; j++) {
                            rfRow.add(r0 + j);
                            rfPar.add(par + before + j);
                        }
                    }
                }
            }
        }
        IntList gaussPar = new IntList();
        IntList gaussAux = new IntList();
        DoubleList gaussSigma = new DoubleList();
        IntList poisPar = new IntList();
        IntList poisAux = new IntList();
        DoubleList poisFactor = new DoubleList();
        int aux = 0;
        for (ParameterSet p : table.sets()) {
            for (int i = 0; i < p.n() && p.constrained(); i++) {
                if (p.constraint() == Constraint.NORMAL) {
                    gaussPar.add(p.offset() + i);
                    gaussAux.add(aux++);
                    gaussSigma.add(p.widths()[i]);
                } else {
                    poisPar.add(p.offset() + i);
                    poisAux.add(aux++);
                    poisFactor.add(p.widths()[i]);
                }
            }
        }
        return new ModelLayout(table.size(), nBins, observed, table.auxdata(), blocks.size(), rowBin.toArray(),
                rowBlock.toArray(), nominal.toArray(), settings.histosys(), hsPar.toArray(), hsRowStart.toArray(),
                hsRowCount.toArray(), hsDataStart.toArray(), hsUp.toArray(), hsDown.toArray(), settings.normsys(),
                nsPar.toArray(), nsBlock.toArray(), nsHi.toArray(), nsLo.toArray(), bfPar.toArray(),
                bfBlock.toArray(), rfRow.toArray(), rfPar.toArray(), gaussPar.toArray(), gaussAux.toArray(),
                gaussSigma.toArray(), poisPar.toArray(), poisAux.toArray(), poisFactor.toArray());
    }

    /** Growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** Growable double array. */
    private static final class DoubleList {
        private double[] a = new double[16];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
