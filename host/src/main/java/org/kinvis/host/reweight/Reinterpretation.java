package org.kinvis.host.reweight;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.Constraint;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.AsimovLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterSet;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.physics.NullScenario;
import org.kinvis.host.physics.NumberDensity;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;
import org.kinvis.host.physics.TrueBinning;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;

/**
 * The Belle II likelihood reinterpreted for a physics scenario (DESIGN.md, reinterpretation; arXiv:2507.12393):
 * the workspace without {@code mu} and the {@code corr_ff_c1..3} shape systematics, each signal yield multiplied
 * per analysis bin by {@code (Σ_i N_ji w_i)/(Σ_i N_ji)} with true-bin weights {@code w_i = ∫alt/∫null}, and as
 * parameters the scenario's physics parameters (unconstrained, bounded) plus 8 decorrelated form-factor
 * nuisances η ~ N(0, 1) ({@link FormFactorPrior}). The weights are computed on the host for each distinct
 * physics point of a batch (cached), the HistFactory part runs on the backend with the folded factors as
 * per-row inputs.
 */
public final class Reinterpretation implements AsimovLikelihood {
    /** Modifiers the reinterpretation prunes from the workspace. */
    public static final Set<String> PRUNED = Set.of("mu", "corr_ff_c1", "corr_ff_c2", "corr_ff_c3");
    private static final int CACHE = 4096;

    private final CompiledModel base;
    private final Backend backend;
    private final ModelLayout layout;
    private final Evaluator evaluator;
    private final ParameterTable table;
    private final Scenario scenario;
    private final int nBase;
    private final int nFactors;
    private final int[] physIndex;        // scenario parameter index of each physics parameter
    private final int physOffset;
    private final int etaOffset;
    private final double[] scenarioValues; // defaults with the user's --set values (FF slots unused)
    private final FormFactorPrior prior;
    private final TrueBinning bins = TrueBinning.belle2();
    private final double[] nullIntegrals;
    private final List<NumberDensity> maps = new ArrayList<>();
    private final BinIntegrator integrator;
    private final LinkedHashMap<Key, double[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, double[]> e) {
            return size() > CACHE;
        }
    };

    private record Key(double[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    /**
     * @param values scenario parameter values (defaults overridden by the user), in the scenario's order
     * @param free   names of the physics parameters left free; the others are fixed at their value
     */
    public Reinterpretation(Workspace ws, Path dataDir, Scenario scenario, double[] values, Set<String> free,
            InterpolationSettings settings, Backend backend) {
        if (scenario instanceof NullScenario) {
            throw InputException.at("--scenario", "null", "the null model has no parameters to reinterpret with");
        }
        scenario.validate(values);
        this.scenario = scenario;
        this.scenarioValues = values.clone();
        Workspace pruned = ws.prune(intersect(PRUNED, ws.allModifierNames()), Set.of(), Set.of(), Set.of(), Set.of());
        // the pruned workspace keeps its measurement; its POI (mu) is gone, so compile with a placeholder POI
        Workspace noPoi = withoutPoi(pruned);
        this.base = ModelCompiler.compile(noPoi, null, settings);
        this.nBase = base.parameters().size();
        this.prior = FormFactorPrior.read(dataDir.resolve("wet_reinterpretation_inputs.json"));
        // signal rows and their maps
        List<Integer> rows = new ArrayList<>();
        for (SignalMap m : SignalMap.belle2()) {
            String channel = m.channelIn(base.channels());
            int c = base.channels().indexOf(channel);
            int s = base.samples().indexOf(m.sample());
            NumberDensity nd = m.read(dataDir, bins.size());
            if (nd.rows().length != base.channelBins()[c]) {
                throw InputException.at(nd.source(), "rows", "has " + nd.rows().length + " rows, expected "
                        + base.channelBins()[c] + " (the bins of channel " + channel + ")");
            }
            int o = base.channelOffset(c);
            int found = 0;
            for (int r = 0; r < base.layout().nRows(); r++) {
                int bin = base.layout().rowBin()[r];
                if (base.rowSample()[r] == s && bin >= o && bin < o + base.channelBins()[c]) {
                    rows.add(r);
                    found++;
                }
            }
            if (found != nd.rows().length) {
                throw InputException.at("workspace", channel, "sample '" + m.sample() + "' not found for " + m.file());
            }
            maps.add(nd);
        }
        this.nFactors = rows.size();
        this.backend = backend;
        this.layout = base.layout().withRowFactors(rows.stream().mapToInt(Integer::intValue).toArray());
        this.evaluator = backend.prepare(layout);
        this.integrator = BinIntegrator.forBackend(backend);
        this.nullIntegrals = bins.integrals(new NullScenario().spectrum(new double[0]));
        // parameter table: workspace nuisances, physics parameters, form-factor nuisances
        List<ParameterSet> sets = new ArrayList<>(base.parameters().sets());
        List<ScenarioParameter> sp = scenario.parameters();
        int nPhys = sp.size() - 8;
        this.physIndex = new int[nPhys];
        this.physOffset = nBase;
        String poi = null;
        for (int i = 0; i < nPhys; i++) {
            ScenarioParameter p = sp.get(i);
            physIndex[i] = i;
            boolean fixed = !free.contains(p.name());
            if (!fixed && poi == null) {
                poi = p.name();
            }
            // rates depend on |c|², which is stationary at c = 0: a free parameter starting on a bound starts a
            // tenth of its range inside, where the likelihood has a slope to follow
            double init = values[i];
            if (!fixed && (init <= p.lower() || init >= p.upper())) {
                init = init <= p.lower() ? p.lower() + 0.1 * (p.upper() - p.lower()) : p.upper() - 0.1 * (p.upper() - p.lower());
            }
            sets.add(new ParameterSet(p.name(), "physics", nBase + i, 1, true, new double[] {init},
                    new double[][] {{p.lower(), p.upper()}}, new boolean[] {fixed}, Constraint.NONE, new double[0],
                    new double[0]));
        }
        this.etaOffset = nBase + nPhys;
        double[][] b = new double[8][];
        for (int k = 0; k < 8; k++) {
            b[k] = new double[] {-5, 5};
        }
        double[] ones = new double[8];
        Arrays.fill(ones, 1);
        sets.add(new ParameterSet("ffk_eta", "formfactor", etaOffset, 8, false, new double[8], b, new boolean[8],
                Constraint.NORMAL, new double[8], ones));
        this.table = new ParameterTable(sets, poi);
    }

    /** A copy with another layout (other data): shares everything else, the factor cache included. */
    private Reinterpretation(Reinterpretation o, ModelLayout layout) {
        this.base = o.base;
        this.backend = o.backend;
        this.layout = layout;
        this.evaluator = o.backend.prepare(layout);
        this.table = o.table;
        this.scenario = o.scenario;
        this.nBase = o.nBase;
        this.nFactors = o.nFactors;
        this.physIndex = o.physIndex;
        this.physOffset = o.physOffset;
        this.etaOffset = o.etaOffset;
        this.scenarioValues = o.scenarioValues;
        this.prior = o.prior;
        this.nullIntegrals = o.nullIntegrals;
        this.maps.addAll(o.maps);
        this.integrator = o.integrator;
        this.cache.putAll(o.cache);
    }

    /**
     * The same reinterpretation with other main data and workspace auxiliary data (an Asimov data set); the
     * form-factor nuisances keep their N(0, 1) constraint, whose auxiliary value stays 0.
     */
    @Override
    public Reinterpretation withData(double[] main, double[] auxdata) {
        return new Reinterpretation(this, layout.withData(main, auxdata));
    }

    /** The workspace part of the expected auxiliary data (the form-factor constraint is centred at 0 always). */
    @Override
    public double[] expectedAuxdata(double[] point) {
        return AsimovLikelihood.expectedAuxdata(base.parameters(), point);
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.retainAll(b);
        return out;
    }

    /** The pruned workspace's measurement with a POI that exists (any normfactor-free model compiles). */
    private static Workspace withoutPoi(Workspace w) {
        String anyParameter = w.allModifierNames().iterator().next();
        List<org.kinvis.host.workspace.Measurement> ms = w.measurements().stream()
                .map(m -> new org.kinvis.host.workspace.Measurement(m.name(), anyParameter, m.parameters())).toList();
        return new Workspace(w.source(), w.channels(), w.observations(), ms, w.version());
    }

    public Scenario scenario() {
        return scenario;
    }

    public CompiledModel base() {
        return base;
    }

    @Override
    public int dimension() {
        return table.size();
    }

    @Override
    public ParameterTable parameters() {
        return table;
    }

    /** The scenario's parameter values (physics and form factors α) at a reinterpretation point. */
    public double[] scenarioValues(double[] point, int offset) {
        double[] v = scenarioValues.clone();
        for (int i = 0; i < physIndex.length; i++) {
            v[physIndex[i]] = point[offset + physOffset + i];
        }
        double[] alpha = prior.alpha(point, offset + etaOffset);
        System.arraycopy(alpha, 0, v, v.length - 8, 8);
        return v;
    }

    private static Key key(double[] point, int offset, int from, int to) {
        return new Key(Arrays.copyOfRange(point, offset + from, offset + to));
    }

    /** The folded signal factors (maps concatenated, analysis-bin order) at a point. */
    public double[] factors(double[] point, int offset) {
        return fill(point, new int[] {offset}).get(key(point, offset, physOffset, etaOffset + 8));
    }

    /**
     * The factors of every physics point among {@code offsets}: cached ones, and the others computed in one
     * integrator call (and cached).
     */
    private Map<Key, double[]> fill(double[] points, int[] offsets) {
        Map<Key, double[]> batch = new java.util.HashMap<>();
        List<Key> missing = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int o : offsets) {
            Key k = key(points, o, physOffset, etaOffset + 8);
            if (batch.containsKey(k)) {
                continue;
            }
            double[] cached = cache.get(k);
            batch.put(k, cached);
            if (cached == null) {
                missing.add(k);
                values.add(scenarioValues(points, o));
            }
        }
        if (missing.isEmpty()) {
            return batch;
        }
        double[][] alt = integrator.integrals(scenario, bins, values);
        for (int i = 0; i < missing.size(); i++) {
            double[] w = bins.weights(alt[i], nullIntegrals, false, Double.POSITIVE_INFINITY);
            double[] f = new double[nFactors];
            int o = 0;
            for (NumberDensity nd : maps) {
                double[] fold = nd.fold(w);
                System.arraycopy(fold, 0, f, o, fold.length);
                o += fold.length;
            }
            cache.put(missing.get(i), f);
            batch.put(missing.get(i), f);
        }
        return batch;
    }

    /** Points in the backend's parameter space: workspace nuisances followed by the folded factors. */
    private double[] expand(double[] points, int count) {
        int n = table.size();
        int m = nBase + nFactors;
        double[] x = new double[count * m];
        int[] offsets = new int[count];
        for (int p = 0; p < count; p++) {
            offsets[p] = p * n;
        }
        Map<Key, double[]> batch = fill(points, offsets);
        for (int p = 0; p < count; p++) {
            System.arraycopy(points, p * n, x, p * m, nBase);
            System.arraycopy(batch.get(key(points, p * n, physOffset, etaOffset + 8)), 0, x, p * m + nBase, nFactors);
        }
        return x;
    }

    @Override
    public double[] logpdf(double[] points, int count) {
        double[] out = new double[count];
        evaluator.logpdf(expand(points, count), count, out);
        int n = table.size();
        double c = -4 * Math.log(2 * Math.PI);
        for (int p = 0; p < count; p++) {
            double s = 0;
            for (int k = 0; k < 8; k++) {
                double e = points[p * n + etaOffset + k];
                s += e * e;
            }
            out[p] += c - 0.5 * s;
        }
        return out;
    }

    @Override
    public boolean hasGradient() {
        return evaluator.hasGradient();
    }

    /**
     * logpdf and its gradient: the workspace parameters' derivatives and those with respect to the folded
     * signal factors F_k come analytically from the backend; the physics and form-factor parameters enter only
     * through F, so their derivatives are Σ_k ∂logpdf/∂F_k · ∂F_k/∂θ with ∂F/∂θ by central differences of the
     * (cached) factor computation, relative step 1e-5, one-sided at a bound.
     */
    @Override
    public double[] gradient(double[] points, int count, double[] grad) {
        int n = table.size();
        int m = nBase + nFactors;
        int nTheta = etaOffset + 8 - physOffset;
        double[] out = new double[count];
        double[] gx = new double[count * m];
        evaluator.gradient(expand(points, count), count, out, gx);
        double[] lo = table.lowerBounds();
        double[] hi = table.upperBounds();
        // every shifted point of every point in one factor batch (the cache makes repeats free)
        double[] shifted = new double[count * 2 * nTheta * n];
        double[] step = new double[count * nTheta];
        int[] offsets = new int[count * 2 * nTheta];
        for (int p = 0; p < count; p++) {
            for (int t = 0; t < nTheta; t++) {
                int j = physOffset + t;
                double x = points[p * n + j];
                double h = 1e-5 * Math.max(Math.abs(x), 1e-3 * Math.min(hi[j] - lo[j], 1e3));
                double up = Math.min(x + h, hi[j]);
                double dn = Math.max(x - h, lo[j]);
                step[p * nTheta + t] = up - dn;
                for (int sgn = 0; sgn < 2; sgn++) {
                    int q = (p * nTheta + t) * 2 + sgn;
                    System.arraycopy(points, p * n, shifted, q * n, n);
                    shifted[q * n + j] = sgn == 0 ? up : dn;
                    offsets[q] = q * n;
                }
            }
        }
        Map<Key, double[]> f = fill(shifted, offsets);
        double c = -4 * Math.log(2 * Math.PI);
        for (int p = 0; p < count; p++) {
            System.arraycopy(gx, p * m, grad, p * n, nBase);
            for (int t = 0; t < nTheta; t++) {
                int q = (p * nTheta + t) * 2;
                double[] fu = f.get(key(shifted, q * n, physOffset, etaOffset + 8));
                double[] fd = f.get(key(shifted, (q + 1) * n, physOffset, etaOffset + 8));
                double d = 0;
                double w = step[p * nTheta + t];
                for (int k = 0; k < nFactors; k++) {
                    d += gx[p * m + nBase + k] * (fu[k] - fd[k]) / w;
                }
                grad[p * n + physOffset + t] = w > 0 ? d : 0;
            }
            double s = 0;
            for (int k = 0; k < 8; k++) {
                double e = points[p * n + etaOffset + k];
                s += e * e;
                grad[p * n + etaOffset + k] -= e;
            }
            out[p] += c - 0.5 * s;
        }
        return out;
    }

    @Override
    public double[] expected(double[] point) {
        double[] out = new double[base.layout().nBins()];
        evaluator.expected(expand(point, 1), 1, out);
        return out;
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
