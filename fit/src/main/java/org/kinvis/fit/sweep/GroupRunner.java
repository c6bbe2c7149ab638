package org.kinvis.fit.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kinvis.fit.inference.AsymptoticCls;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.inference.TestStatistic;
import org.kinvis.fit.inference.ToyCalculator;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.sweep.TaskResult.Column;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.AsimovLikelihood;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.reweight.Reinterpretation;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;

/**
 * Runs task groups on one worker (a thread of the in-process engine, a partition of a Spark executor): compiles
 * each group's model — once for consecutive groups of the same model — and runs its tasks through the library
 * (MIGRAD + HESSE fits, {@link AsymptoticCls}, {@link ProfileScan}), each record carrying the validity of every
 * fit behind it. A task's record depends on the task alone: hypothesis tests share a calculator whose set-up
 * fits and cached Asimov tests are functions of the model and settings (a test's record lists its Asimov fit
 * even when cached); a limit has a calculator of its own; scan points are fitted from the global best fit and
 * reported against it (not against the lowest point of their group). A task that fails gets a record with the
 * reason; the others go on. Not thread-safe: one runner per worker.
 */
public final class GroupRunner implements AutoCloseable {
    private final SweepInputs inputs;
    private final BackendSpec backendSpec;
    private Backend backend;
    private String openKey;
    private AsimovLikelihood open;
    private RuntimeException openFailure;

    public GroupRunner(SweepInputs inputs, BackendSpec backend) {
        this.inputs = inputs;
        this.backendSpec = backend;
    }

    /** The records of a group's tasks, in the group's order. */
    public List<TaskResult> run(TaskGroup group) {
        List<TaskResult> out = new ArrayList<>();
        AsimovLikelihood lik;
        try {
            lik = model(group.model());
        } catch (RuntimeException e) {
            for (SweepTask t : group.tasks()) {
                out.add(TaskResult.of(t).failed("model: " + message(e)));
            }
            return out;
        }
        Map<SweepTask.Settings, Object> calculators = new HashMap<>();
        Map<SweepTask.Settings, Object> toyCalculators = new HashMap<>();
        Map<SweepTask.Settings, List<SweepTask>> scans = new LinkedHashMap<>();
        Map<SweepTask, TaskResult> done = new HashMap<>();
        try {
            for (SweepTask t : group.tasks()) {
                if (t.command() instanceof SweepTask.Scan) {
                    scans.computeIfAbsent(t.settings(), k -> new ArrayList<>()).add(t);
                    continue;
                }
                done.put(t, guarded(t, () -> switch (t.command()) {
                    case SweepTask.Fit f -> fit(lik, t, f);
                    case SweepTask.Hypotest h -> h.calctype() == SweepTask.CalcType.TOYBASED
                            ? toyHypotest(lik, t, h, toyCalculators) : hypotest(lik, t, h, calculators);
                    case SweepTask.Limit l -> limit(lik, t, l);
                    case SweepTask.Scan s -> throw new IllegalStateException("scans run together");
                }));
            }
            for (List<SweepTask> ts : scans.values()) {
                scan(lik, ts, done);
            }
        } finally {
            for (Object c : calculators.values()) {
                if (c instanceof AsymptoticCls a) {
                    a.close();
                }
            }
        }
        for (SweepTask t : group.tasks()) {
            out.add(done.get(t));
        }
        return out;
    }

    private static TaskResult guarded(SweepTask t, java.util.function.Supplier<TaskResult> run) {
        try {
            return run.get();
        } catch (RuntimeException e) {
            return TaskResult.of(t).failed(message(e));
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private TaskResult fit(AsimovLikelihood lik, SweepTask t, SweepTask.Fit f) {
        ParameterTable pt = lik.parameters();
        for (String name : f.fix().keySet()) {
            if (pt.indexOf(name) < 0) {
                throw new IllegalArgumentException("fix: unknown parameter '" + name + "'");
            }
        }
        FitResult r = MaximumLikelihood.fit(lik, f.fix(), t.settings().options());
        TaskResult.Builder b = TaskResult.of(t).put(Column.STATUS, r.status()).put(Column.TWICE_NLL, r.fval())
                .put(Column.EDM, r.edm()).put(Column.NFCN, r.nfcn());
        String poi = t.settings().poi() != null ? t.settings().poi() : pt.poiName();
        if (poi != null && r.indexOf(poi) >= 0) {
            b.put(Column.POI, poi).put(Column.POI_HAT, r.value(poi)).put(Column.POI_ERROR, r.error(poi));
        } else if (poi != null) {
            throw new IllegalArgumentException("poi: unknown parameter '" + poi + "'");
        }
        return b.converged(r.valid());
    }

    /** The calculator for a task's settings: made once per group and settings (a failure is remembered too). */
    private static AsymptoticCls calculator(AsimovLikelihood lik, SweepTask t, Map<SweepTask.Settings, Object> cache) {
        Object c = cache.computeIfAbsent(t.settings(), s -> {
            try {
                String poi = poi(lik, s);
                return new AsymptoticCls(lik, poi, bounds(lik, s, poi), s.options());
            } catch (RuntimeException e) {
                return e;
            }
        });
        if (c instanceof RuntimeException e) {
            throw e;
        }
        return (AsymptoticCls) c;
    }

    private static String poi(AsimovLikelihood lik, SweepTask.Settings s) {
        String poi = s.poi() != null ? s.poi() : lik.parameters().poiName();
        if (poi == null || poi.isEmpty()) {
            throw new IllegalArgumentException("the model has no parameter of interest; name one with \"poi\"");
        }
        if (lik.parameters().indexOf(poi) < 0) {
            throw new IllegalArgumentException("poi: unknown parameter '" + poi + "'");
        }
        return poi;
    }

    private static double[] bounds(AsimovLikelihood lik, SweepTask.Settings s, String poi) {
        if (s.poiBounds() != null) {
            return s.poiBounds().clone();
        }
        int k = lik.parameters().indexOf(poi);
        return new double[] {lik.parameters().lowerBounds()[k], lik.parameters().upperBounds()[k]};
    }

    private TaskResult hypotest(AsimovLikelihood lik, SweepTask t, SweepTask.Hypotest h,
            Map<SweepTask.Settings, Object> cache) {
        String poi = poi(lik, t.settings());
        double[] b = bounds(lik, t.settings(), poi);
        if (!(h.mu() >= b[0] && h.mu() <= b[1])) {
            throw new IllegalArgumentException("mu: " + h.mu() + " is outside the POI bounds [" + b[0] + ", " + b[1]
                    + "] of " + poi);
        }
        AsymptoticCls calc = calculator(lik, t, cache);
        AsymptoticCls.Result r = calc.test(h.mu());
        return TaskResult.of(t).put(Column.POI, poi).put(Column.MU, h.mu())
                .put(Column.CALCTYPE, h.calctype().label()).put(Column.CLS, r.cls()).put(Column.CLSB, r.clsb())
                .put(Column.CLB, r.clb()).put(Column.QMU, r.qmu()).put(Column.QMU_A, r.qmuAsimov())
                .put(Column.EXPECTED_CLS, r.expected().clone()).put(Column.POI_HAT, calc.freeFit().value(poi))
                .converged(r.valid());
    }

    /**
     * A toy-based test ({@link ToyCalculator}, its free fit shared by the group's tests with the same settings)
     * with the task's seed; a chunk's record also carries its toys' statistics for {@link ToyMerge}.
     */
    private TaskResult toyHypotest(AsimovLikelihood lik, SweepTask t, SweepTask.Hypotest h,
            Map<SweepTask.Settings, Object> cache) {
        if (!(lik instanceof HistFactoryLikelihood hf)) {
            throw new IllegalArgumentException("calctype: toy-based tests need a workspace model, not a scenario");
        }
        String poi = poi(lik, t.settings());
        if (!poi.equals(lik.parameters().poiName())) {
            throw new IllegalArgumentException("poi: toy-based tests are on the measurement's POI '"
                    + lik.parameters().poiName() + "'");
        }
        double[] b = bounds(lik, t.settings(), poi);
        if (!(h.mu() >= b[0] && h.mu() <= b[1])) {
            throw new IllegalArgumentException("mu: " + h.mu() + " is outside the POI bounds [" + b[0] + ", " + b[1]
                    + "] of " + poi);
        }
        Object c = cache.computeIfAbsent(t.settings(), s -> {
            try {
                return new ToyCalculator(hf, TestStatistic.QTILDE_MU, b, Map.of(), s.options());
            } catch (RuntimeException e) {
                return e;
            }
        });
        if (c instanceof RuntimeException e) {
            throw e;
        }
        ToyCalculator calc = (ToyCalculator) c;
        ToyCalculator.Result r = calc.test(h.mu(), h.toys(), t.seed(), null);
        TaskResult.Builder out = TaskResult.of(t).put(Column.POI, poi).put(Column.MU, h.mu())
                .put(Column.CALCTYPE, h.calctype().label()).put(Column.TOYS, h.toys());
        if (h.chunks() > 0) {
            out.put(Column.CHUNK, h.chunk()).put(Column.CHUNKS, h.chunks())
                    .put(Column.PARENT, ToyMerge.parent(t.id()));
        }
        out.put(Column.CLS, r.cls()).put(Column.CLSB, r.clsb()).put(Column.CLB, r.clb())
                .put(Column.CLS_ERROR, r.clsError()).put(Column.CLSB_ERROR, r.clsbError())
                .put(Column.CLB_ERROR, r.clbError()).put(Column.TOYS_FAILED, r.signal().failed()
                        + r.background().failed())
                .put(Column.QMU, r.q()).put(Column.EXPECTED_CLS, r.expectedCls().clone())
                .put(Column.POI_HAT, calc.freeFit().value(poi));
        if (h.chunks() > 0) {
            out.put(Column.TOYS_SIGNAL, r.signal().values()).put(Column.TOYS_BACKGROUND, r.background().values());
        }
        return out.converged(r.observedConverged() && r.toysConverged());
    }

    /**
     * A limit on a calculator of its own: {@link AsymptoticCls.Limits} lists the fits its searches ran, and a
     * calculator shared with other tasks would have some of them cached already — the record's validity would
     * then depend on the group.
     */
    private TaskResult limit(AsimovLikelihood lik, SweepTask t, SweepTask.Limit l) {
        String poi = poi(lik, t.settings());
        try (AsymptoticCls calc = new AsymptoticCls(lik, poi, bounds(lik, t.settings(), poi),
                t.settings().options())) {
            AsymptoticCls.Limits limits = calc.limits(l.cl(), 1e-4);
            return TaskResult.of(t).put(Column.POI, poi).put(Column.CL, l.cl())
                    .put(Column.OBSERVED_LIMIT, limits.observed())
                    .put(Column.EXPECTED_LIMITS, limits.expected().clone())
                    .put(Column.POI_HAT, calc.freeFit().value(poi)).converged(limits.valid());
        }
    }

    /** Scan points of one settings: one profile scan over their values, each reported against the global fit. */
    private void scan(AsimovLikelihood lik, List<SweepTask> ts, Map<SweepTask, TaskResult> done) {
        SweepTask first = ts.get(0);
        String poi;
        List<SweepTask> ok = new ArrayList<>();
        try {
            poi = poi(lik, first.settings());
        } catch (RuntimeException e) {
            ts.forEach(t -> done.put(t, TaskResult.of(t).failed(message(e))));
            return;
        }
        double[] b = bounds(lik, first.settings(), poi);
        for (SweepTask t : ts) {
            double v = ((SweepTask.Scan) t.command()).value();
            if (v >= b[0] && v <= b[1]) {
                ok.add(t);
            } else {
                done.put(t, TaskResult.of(t).failed("value: " + v + " is outside the bounds [" + b[0] + ", " + b[1]
                        + "] of " + poi));
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        double[] values = ok.stream().mapToDouble(t -> ((SweepTask.Scan) t.command()).value()).toArray();
        ProfileScan.Result r;
        try {
            r = ProfileScan.scan(lik, poi, values, first.settings().options());
        } catch (RuntimeException e) {
            ok.forEach(t -> done.put(t, TaskResult.of(t).failed(message(e))));
            return;
        }
        FitResult best = r.bestfit();
        for (int i = 0; i < ok.size(); i++) {
            ProfileScan.Point p = r.points().get(i);
            SweepTask t = ok.get(i);
            done.put(t, TaskResult.of(t).put(Column.POI, poi).put(Column.VALUE, p.value())
                    .put(Column.TWICE_NLL, p.twiceNll()).put(Column.DELTA_TWICE_NLL, p.twiceNll() - best.fval())
                    .put(Column.POI_HAT, best.value(poi)).put(Column.BEST_TWICE_NLL, best.fval())
                    .converged(p.valid() && best.valid()));
        }
    }

    /** The group's model: compiled, or the previous group's when it is the same model. */
    private AsimovLikelihood model(ModelSpec spec) {
        String key = spec.key();
        if (key.equals(openKey)) {
            if (openFailure != null) {
                throw openFailure;
            }
            return open;
        }
        closeModel();
        openKey = key;
        try {
            open = compile(spec);
            return open;
        } catch (RuntimeException e) {
            openFailure = e;
            throw e;
        }
    }

    private AsimovLikelihood compile(ModelSpec spec) {
        if (backend == null) {
            backend = backendSpec.create();
        }
        return switch (spec) {
            case ModelSpec.Workspace w -> {
                var path = inputs.workspace(w);
                List<PatchRequest> patches = w.patches().stream().map(inputs::patch).toList();
                PatchRequest.Patched d = PatchRequest.applyAll(patches, JsonInput.read(path), path.toString());
                Workspace ws = WorkspaceReader.fromJson(d.spec(), d.source());
                CompiledModel m = ModelCompiler.compile(ws, w.measurement(), InterpolationSettings.parse(w.interp()));
                yield new HistFactoryLikelihood(m, backend);
            }
            case ModelSpec.Scenario s -> {
                Scenario sc = Scenario.byName(s.scenario());
                double[] v = sc.defaults();
                s.set().forEach((k, x) -> v[sc.indexOf(k)] = x);
                yield new Reinterpretation(WorkspaceReader.read(inputs.workspace(s)), inputs.dataDir(), sc, v,
                        Set.copyOf(s.free()), InterpolationSettings.parse(s.interp()), backend);
            }
        };
    }

    private void closeModel() {
        if (open != null) {
            open.close();
        }
        open = null;
        openKey = null;
        openFailure = null;
    }

    @Override
    public void close() {
        closeModel();
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
