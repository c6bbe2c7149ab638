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
import org.kinvis.host.physics.BinIntegrals;
import org.kinvis.host.physics.QuadraticRate;
import org.kinvis.host.physics.WetMoments;
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
 * per-row inputs. The gradient is exact: the workspace part from the backend, the physics and form-factor part
 * by the chain rule through the folded factors, with the scenario's exact bin-integral derivatives
 * ({@link Scenario#binIntegrals}; numerical only for the masses of massive invisible fermions and scalars).
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
    private final boolean[] wanted;       // scenario parameters whose bin-integral derivatives the gradient needs
    private final double[][] foldMatrix;  // ∂F_k/∂alt_i where w_i is the ratio: N_ki / Σ_i N_ki / null_i
    private final double[] foldConstant;  // the fold's part from the bins whose weight is 1 (outside the cutoff)
    private final WetMoments folded;      // for a QuadraticRate: the moments of the fold, one row per factor
    private final LinkedHashMap<Key, Factors> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Factors> e) {
            return size() > CACHE;
        }
    };

    /**
     * The folded factors of one physics point and, once a gradient asked for them, their derivatives
     * {@code jacobian[t][k] = ∂F_k/∂θ_t} over the physics parameters and then the 8 form-factor nuisances η.
     */
    private record Factors(double[] factors, double[][] jacobian) {
    }

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
        checkFree(scenario, free);
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
            double[] nominal = pruned.channel(channel).samples().stream().filter(x -> x.name().equals(m.sample()))
                    .findFirst().map(org.kinvis.host.workspace.Sample::data).orElse(null);
            if (nominal != null) {
                nd.checkRowSums(nominal, ROW_SUM_TOLERANCE, "sample '" + m.sample() + "' of channel " + channel);
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
        this.foldMatrix = new double[nFactors][];
        this.foldConstant = new double[nFactors];
        boolean linear = foldMatrix(foldMatrix, foldConstant);
        this.folded = scenario instanceof QuadraticRate && linear ? WetMoments.of(bins).folded(foldMatrix) : null;
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
        this.wanted = new boolean[sp.size()];
        for (int i = 0; i < sp.size(); i++) {
            wanted[i] = i >= nPhys || !table.fixed()[physOffset + i];
        }
    }

    /**
     * The fold {@code F_k = Σ_i N̂_ki w_i} split into {@code constant_k} (bins outside the cutoff, weight 1; an
     * empty row, factor 1) and {@code matrix[k][i] = N̂_ki/null_i}, the factor's derivative with respect to the
     * alternative's integral in bin i where the weight is the ratio. For a {@link QuadraticRate} no other weight
     * rule applies (the rate is a sum of squares), so {@code F_k = constant_k + Σ_c K_c a_cᵀ P_kc a_c} with the
     * folded moments P; returns whether that holds (every bin in the cutoff has a null rate).
     */
    private boolean foldMatrix(double[][] matrix, double[] constant) {
        int nb = bins.size();
        boolean linear = true;
        int k = 0;
        for (NumberDensity nd : maps) {
            for (double[] row : nd.normalisedRows()) {
                matrix[k] = new double[nb];
                double sum = 0;
                for (int i = 0; i < nb; i++) {
                    sum += row[i];
                    if (!bins.inWindow(i)) {
                        constant[k] += row[i];
                    } else if (nullIntegrals[i] > 0) {
                        matrix[k][i] = row[i] / nullIntegrals[i];
                    } else {
                        linear = false;
                    }
                }
                if (sum == 0) {
                    constant[k] = 1;
                }
                k++;
            }
        }
        return linear;
    }

    /**
     * How far a number density's row may sum from the workspace's nominal signal yield of its bin: 6.1e-5 events,
     * twice the weight of one simulated HTA event (3.05e-5, by which HTA rows 0 and 1 differ from the workspace;
     * {@code belle2-knunu/README.md}); the ITA rows agree to the workspace's 6 decimals.
     */
    public static final double ROW_SUM_TOLERANCE = 6.1e-5;

    /**
     * Checks that every name in {@code free} is a physics parameter of the scenario (not a form-factor parameter,
     * which is a nuisance); the error names {@code --free}, as {@code kinvis reinterpret} and {@code kinvis
     * sample} spell the option.
     */
    public static void checkFree(Scenario scenario, java.util.Collection<String> free) {
        int nPhys = scenario.parameters().size() - 8;
        for (String f : free) {
            int k = scenario.indexOf(f);
            if (k < 0 || k >= nPhys) {
                throw InputException.at("--free", f, "not a physics parameter of scenario " + scenario.name()
                        + ", expected some of " + String.join(", ", scenario.parameters().subList(0, nPhys).stream()
                                .map(ScenarioParameter::name).toList()));
            }
        }
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
        this.wanted = o.wanted;
        this.foldMatrix = o.foldMatrix;
        this.foldConstant = o.foldConstant;
        this.folded = o.folded;
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

    /**
     * The point the user set: the table's inits with every physics parameter exactly at its given value (the
     * inits move a free parameter that starts on a bound inside, for fits; an evaluation must not).
     */
    public double[] setPoint() {
        double[] x = table.inits();
        for (int i = 0; i < physIndex.length; i++) {
            x[physOffset + i] = scenarioValues[physIndex[i]];
        }
        return x;
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
        return fill(point, new int[] {offset}, false).get(key(point, offset, physOffset, etaOffset + 8)).factors();
    }

    /**
     * ∂F_k/∂θ_t at a point: rows over the physics parameters (0 for a fixed one without closed form), then the 8
     * form-factor nuisances.
     */
    double[][] factorJacobian(double[] point, int offset) {
        return fill(point, new int[] {offset}, true).get(key(point, offset, physOffset, etaOffset + 8)).jacobian();
    }

    /**
     * The entries of every physics point among {@code offsets}: cached ones, and the others computed once per
     * distinct point — the factors alone in one integrator call (on the device where it has the scenario), or,
     * with {@code jacobian}, the factors and their derivatives on the host; then cached.
     */
    private Map<Key, Factors> fill(double[] points, int[] offsets, boolean jacobian) {
        Map<Key, Factors> batch = new java.util.HashMap<>();
        List<Key> missing = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int o : offsets) {
            Key k = key(points, o, physOffset, etaOffset + 8);
            if (batch.containsKey(k)) {
                continue;
            }
            Factors cached = cache.get(k);
            if (cached != null && (!jacobian || cached.jacobian() != null)) {
                batch.put(k, cached);
            } else {
                batch.put(k, null);
                missing.add(k);
                values.add(scenarioValues(points, o));
            }
        }
        if (missing.isEmpty()) {
            return batch;
        }
        Factors[] computed = new Factors[missing.size()];
        if (folded != null && (jacobian || !integrator.onDevice(scenario))) {
            for (int i = 0; i < computed.length; i++) {
                computed[i] = quadratic(values.get(i), jacobian);
            }
        } else if (jacobian) {
            long t0 = System.nanoTime();
            computed[0] = entry(values.get(0));
            java.util.stream.IntStream rest = java.util.stream.IntStream.range(1, computed.length);
            boolean split = (System.nanoTime() - t0) * (computed.length - 1) > PARALLEL_NANOS;
            (split ? rest.parallel() : rest).forEach(i -> computed[i] = entry(values.get(i)));
        } else {
            double[][] alt = integrator.integrals(scenario, bins, values);
            for (int i = 0; i < computed.length; i++) {
                requireFinite(values.get(i), alt[i]);
                computed[i] = new Factors(fold(bins.weights(alt[i], nullIntegrals, false, Double.POSITIVE_INFINITY)),
                        null);
            }
        }
        for (int i = 0; i < computed.length; i++) {
            cache.put(missing.get(i), computed[i]);
            batch.put(missing.get(i), computed[i]);
        }
        return batch;
    }

    /**
     * Work (ns, estimated from the first point) above which a gradient computes the factors of a batch's distinct
     * physics points on the common pool's threads: far above the cost of splitting, so that a small batch or a
     * cheap scenario (WET, two-body) never waits on threads.
     */
    private static final long PARALLEL_NANOS = 5_000_000;

    private void requireFinite(double[] values, double[] alt) {
        for (int i = 0; i < alt.length; i++) {
            if (!Double.isFinite(alt[i])) {
                throw scenario.notFinite(values, "the integral of true bin " + i + " [" + bins.lo()[i] + ", "
                        + bins.hi()[i] + "]");
            }
        }
    }

    /** The maps' folds of per-true-bin values, concatenated (analysis-bin order). */
    private double[] fold(double[] w) {
        double[] f = new double[nFactors];
        int o = 0;
        for (NumberDensity nd : maps) {
            double[] fold = nd.fold(w);
            System.arraycopy(fold, 0, f, o, fold.length);
            o += fold.length;
        }
        return f;
    }

    /**
     * Factors and their exact derivatives at one physics point: {@code ∂F_k/∂θ = Σ_i N̂_ki ∂alt_i/∂θ / null_i} over
     * the bins where the weight is the ratio, and for the form-factor nuisances the chain rule through
     * {@code α = mean + U√Λ η}. Derivatives the scenario has only numerically are computed for free parameters
     * alone; a fixed one's row is 0.
     */
    private Factors entry(double[] values) {
        BinIntegrals b = scenario.binIntegrals(values, bins, wanted);
        requireFinite(values, b.values());
        double[] alt = b.values();
        double[] f = fold(bins.weights(alt, nullIntegrals, false, Double.POSITIVE_INFINITY));
        int nPhys = physIndex.length;
        int nScen = values.length;
        boolean[] ratio = bins.ratioBins(alt, nullIntegrals, false, Double.POSITIVE_INFINITY);
        double[][] jac = new double[nPhys + 8][];
        for (int t = 0; t < nPhys; t++) {
            jac[t] = foldDerivative(b.derivatives()[physIndex[t]], ratio);
        }
        double[][] dAlpha = new double[8][];
        for (int l = 0; l < 8; l++) {
            dAlpha[l] = foldDerivative(b.derivatives()[nScen - 8 + l], ratio);
        }
        etaRows(dAlpha, jac, nPhys);
        return new Factors(f, jac);
    }

    /**
     * Factors (and with {@code jacobian} their derivatives) of a {@link QuadraticRate} from the folded moments:
     * {@code F_k = constant_k + Σ_c K_c q_kc}, {@code ∂F_k/∂θ = Σ_c ∂K_c/∂θ q_kc}, {@code ∂F_k/∂α = Σ_c 2K_c P_kc a_c}.
     */
    private Factors quadratic(double[] values, boolean jacobian) {
        scenario.validate(values);
        int nScen = values.length;
        double[][] dKdv = jacobian ? new double[3][nScen] : null;
        double[] k = ((QuadraticRate) scenario).couplingWeights(values, dKdv);
        double[] alpha = Arrays.copyOfRange(values, nScen - 8, nScen);
        double[][] dK = jacobian ? new double[3][] : null;
        double[][] dAlpha = jacobian ? new double[8][] : null;
        double[] f = folded.integrals(k, alpha, dK, dAlpha);
        for (int r = 0; r < nFactors; r++) {
            f[r] += foldConstant[r];
        }
        if (!jacobian) {
            return new Factors(f, null);
        }
        int nPhys = physIndex.length;
        double[][] jac = new double[nPhys + 8][];
        for (int t = 0; t < nPhys; t++) {
            double[] row = new double[nFactors];
            for (int c = 0; c < 3; c++) {
                double d = dKdv[c][physIndex[t]];
                if (d != 0) {
                    for (int r = 0; r < nFactors; r++) {
                        row[r] += d * dK[c][r];
                    }
                }
            }
            jac[t] = row;
        }
        etaRows(dAlpha, jac, nPhys);
        return new Factors(f, jac);
    }

    /** The rows of the form-factor nuisances from those of α: ∂F/∂η_e = Σ_l ∂F/∂α_l (U√Λ)_{le}. */
    private void etaRows(double[][] dAlpha, double[][] jac, int from) {
        double[][] r = prior.rotation();
        for (int e = 0; e < 8; e++) {
            double[] row = new double[nFactors];
            for (int l = 0; l < 8; l++) {
                double rl = r[l][e];
                for (int k = 0; k < nFactors; k++) {
                    row[k] += dAlpha[l][k] * rl;
                }
            }
            jac[from + e] = row;
        }
    }

    /** ∂F/∂θ from ∂alt/∂θ (zeros where not computed): the fold matrix on the bins whose weight is the ratio. */
    private double[] foldDerivative(double[] dAlt, boolean[] ratio) {
        double[] out = new double[nFactors];
        if (dAlt == null) {
            return out;
        }
        int[] at = new int[dAlt.length];
        double[] d = new double[dAlt.length];
        int n = 0;
        for (int i = 0; i < dAlt.length; i++) {
            if (ratio[i] && dAlt[i] != 0) {
                at[n] = i;
                d[n++] = dAlt[i];
            }
        }
        for (int k = 0; k < nFactors; k++) {
            double[] m = foldMatrix[k];
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += m[at[j]] * d[j];
            }
            out[k] = s;
        }
        return out;
    }

    private static int[] offsets(int count, int n) {
        int[] offsets = new int[count];
        for (int p = 0; p < count; p++) {
            offsets[p] = p * n;
        }
        return offsets;
    }

    /** Points in the backend's parameter space: workspace nuisances followed by the folded factors. */
    private double[] expand(double[] points, int count, Map<Key, Factors> batch) {
        int n = table.size();
        int m = nBase + nFactors;
        double[] x = new double[count * m];
        for (int p = 0; p < count; p++) {
            System.arraycopy(points, p * n, x, p * m, nBase);
            System.arraycopy(batch.get(key(points, p * n, physOffset, etaOffset + 8)).factors(), 0, x, p * m + nBase,
                    nFactors);
        }
        return x;
    }

    @Override
    public double[] logpdf(double[] points, int count) {
        double[] out = new double[count];
        int n = table.size();
        evaluator.logpdf(expand(points, count, fill(points, offsets(count, n), false)), count, out);
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
     * logpdf and its exact gradient: the workspace parameters' derivatives and those with respect to the folded
     * signal factors F_k come analytically from the backend; the physics and form-factor parameters enter only
     * through F, so their derivatives are Σ_k ∂logpdf/∂F_k · ∂F_k/∂θ with ∂F/∂θ from the scenario's exact
     * bin-integral derivatives ({@link #entry}), computed once per distinct physics point of the batch and cached.
     * Entries of fixed physics parameters whose derivative the scenario has only numerically (masses of sterile
     * neutrinos and dark-matter particles) are 0: no fit or sampler moves them.
     */
    @Override
    public double[] gradient(double[] points, int count, double[] grad) {
        int n = table.size();
        int m = nBase + nFactors;
        double[] out = new double[count];
        double[] gx = new double[count * m];
        Map<Key, Factors> batch = fill(points, offsets(count, n), true);
        evaluator.gradient(expand(points, count, batch), count, out, gx);
        int nTheta = etaOffset + 8 - physOffset;
        double c = -4 * Math.log(2 * Math.PI);
        for (int p = 0; p < count; p++) {
            System.arraycopy(gx, p * m, grad, p * n, nBase);
            double[][] jac = batch.get(key(points, p * n, physOffset, etaOffset + 8)).jacobian();
            for (int t = 0; t < nTheta; t++) {
                double d = 0;
                double[] row = jac[t];
                for (int k = 0; k < nFactors; k++) {
                    d += gx[p * m + nBase + k] * row[k];
                }
                grad[p * n + physOffset + t] = d;
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
        evaluator.expected(expand(point, 1, fill(point, new int[] {0}, false)), 1, out);
        return out;
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
