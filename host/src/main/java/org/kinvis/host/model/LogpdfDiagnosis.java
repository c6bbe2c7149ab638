package org.kinvis.host.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Gamma;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.ModelLayout;

/**
 * Says why the logpdf of a {@link CompiledModel} is not finite at a point, in the workspace's terms: which
 * channel and bin has an expected rate that the Poisson term cannot take (≤ 0 with events observed, NaN or
 * infinite), which sample's yield made it so and which modifier of that sample (or its nominal yield) turned the
 * yield bad; or which constraint term failed. The model is re-walked here in plain Java, one point, following
 * the {@link ModelLayout} definition the backends evaluate: {@code ν_j = Σ_rows (nominal + Σ histosys δ) · Π row
 * factors · Π normsys factors · Π block factors}, normsys as {@link Interpolation#normFactor} (code1: pyhf's
 * {@code power(base, |α|)}).
 * pyhf's Poisson term {@code xlogy(n, ν) − ν} is finite for n = 0 whatever ν, so negative rates in bins without
 * events are no error (pyhf accepts negative nominal yields).
 */
public final class LogpdfDiagnosis {
    private final CompiledModel model;
    private final ModelLayout m;
    private final double[] lower;
    private final double[] upper;
    private final double[][] code4;

    public LogpdfDiagnosis(CompiledModel model) {
        this.model = model;
        this.m = model.layout();
        this.lower = model.parameters().lowerBounds();
        this.upper = model.parameters().upperBounds();
        this.code4 = new double[m.nsPar().length][];
        for (int k = 0; k < code4.length; k++) {
            code4[k] = Interpolation.code4Coefficients(m.nsHi()[k], m.nsLo()[k]);
        }
    }

    /** One factor or term in the yield of a row, in the order the layout applies them. */
    private record Step(String what, double valueAfter) {
    }

    /**
     * Why the logpdf is {@code logpdf} (not finite) at {@code x[offset ..]}: one line, starting with
     * "logpdf is NaN:" (or −Infinity, Infinity).
     */
    public String explain(double[] x, int offset, double logpdf) {
        String head = "logpdf is " + logpdf + ": ";
        int nb = m.nBins();
        double[] nu = new double[nb];
        List<List<Step>> rowSteps = new ArrayList<>();
        for (int r = 0; r < m.nRows(); r++) {
            List<Step> steps = walk(r, x, offset);
            rowSteps.add(steps);
            nu[m.rowBin()[r]] += steps.get(steps.size() - 1).valueAfter();
        }
        for (int j = 0; j < nb; j++) {
            double obs = m.observed()[j];
            if (Double.isFinite(nu[j]) && !(obs > 0 && nu[j] <= 0)) {
                continue;
            }
            return head + binName(j) + " (observed " + fmt(obs) + ") has expected rate " + fmt(nu[j])
                    + (Double.isNaN(nu[j]) ? "" : nu[j] == 0 ? " (log 0 = −∞)" : nu[j] < 0 ? " < 0 (no logarithm)" : "")
                    + culprit(j, nu[j], rowSteps);
        }
        String c = constraint(x, offset);
        if (c != null) {
            return head + c;
        }
        return head + "the sum of the Poisson terms overflows (expected rates up to " + fmt(max(nu)) + ")";
    }

    /** The yield of row r after each step. */
    private List<Step> walk(int r, double[] x, int o) {
        List<Step> steps = new ArrayList<>();
        double y = m.nominal()[r];
        steps.add(new Step("nominal", y));
        for (int k = 0; k < m.hsPar().length; k++) {
            int i = r - m.hsRowStart()[k];
            if (i < 0 || i >= m.hsRowCount()[k]) {
                continue;
            }
            int d = m.hsDataStart()[k] + i;
            double a = x[o + m.hsPar()[k]];
            double delta = Interpolation.histoDelta(m.histoCode(), a, m.hsUp()[d], m.hsDown()[d]);
            y += delta;
            steps.add(new Step(modifier(m.hsPar()[k], "histosys", x, o) + " (shift " + fmt(delta) + ")", y));
        }
        for (int k = 0; k < m.rfRow().length; k++) {
            if (m.rfRow()[k] == r) {
                y *= x[o + m.rfPar()[k]];
                steps.add(new Step(modifier(m.rfPar()[k], null, x, o), y));
            }
        }
        int b = m.rowBlock()[r];
        for (int k = 0; k < m.nsPar().length; k++) {
            if (m.nsBlock()[k] != b) {
                continue;
            }
            double a = x[o + m.nsPar()[k]];
            double hi = m.nsHi()[k];
            double lo = m.nsLo()[k];
            double f = Interpolation.normFactor(m.normCode(), a, hi, lo, code4[k], 0);
            y *= f;
            steps.add(new Step(modifier(m.nsPar()[k], "normsys", x, o) + " (hi " + fmt(hi) + ", lo " + fmt(lo)
                    + ", factor " + fmt(f) + normsysHint(m.normCode(), hi, lo) + ")", y));
        }
        for (int k = 0; k < m.bfPar().length; k++) {
            if (m.bfBlock()[k] == b) {
                y *= x[o + m.bfPar()[k]];
                steps.add(new Step(modifier(m.bfPar()[k], null, x, o), y));
            }
        }
        return steps;
    }

    /** The sample of bin j whose yield is bad in the way ν_j is, and the step that made it so. */
    private String culprit(int j, double nu, List<List<Step>> rowSteps) {
        int worst = -1;
        double worstValue = 0;
        for (int r = 0; r < m.nRows(); r++) {
            if (m.rowBin()[r] != j) {
                continue;
            }
            double y = last(rowSteps.get(r));
            if (bad(y, nu) && (worst < 0 || (nu < 0 && y < worstValue))) {
                worst = r;
                worstValue = y;
            }
        }
        if (worst < 0) {
            return nu == 0 ? ": the samples' yields cancel" : "";
        }
        List<Step> steps = rowSteps.get(worst);
        int cause = 0;
        for (int i = 1; i < steps.size(); i++) {
            if (bad(steps.get(i).valueAfter(), nu) && !bad(steps.get(i - 1).valueAfter(), nu)) {
                cause = i;
            }
        }
        String sample = model.samples().get(model.rowSample()[worst]);
        String kind = Double.isNaN(worstValue) ? "NaN" : Double.isInfinite(worstValue) ? "infinite"
                : worstValue < 0 ? "negative" : "0";
        return ": sample '" + sample + "' yields " + fmt(worstValue) + " there, "
                + (cause == 0 ? "its nominal yield" : "made " + kind + " by " + steps.get(cause).what());
    }

    /** A yield that explains a bad rate ν: NaN for NaN, infinite for infinite, negative for negative, 0 for 0. */
    private static boolean bad(double y, double nu) {
        if (Double.isNaN(nu)) {
            return Double.isNaN(y);
        }
        if (Double.isInfinite(nu)) {
            return Double.isInfinite(y) || Double.isNaN(y);
        }
        return nu < 0 ? y < 0 || Double.isNaN(y) : y == 0;
    }

    /** The first constraint term (or data constant) that is not finite, described. */
    private String constraint(double[] x, int o) {
        double[] aux = m.auxdata();
        for (int j = 0; j < m.nBins(); j++) {
            if (!Double.isFinite(Gamma.logGamma(m.observed()[j] + 1))) {
                return binName(j) + ": the observed count " + fmt(m.observed()[j]) + " is too large (log n! overflows)";
            }
        }
        for (int k = 0; k < m.gaussPar().length; k++) {
            int p = m.gaussPar()[k];
            double sigma = m.gaussSigma()[k];
            if (!(sigma > 0 && Double.isFinite(sigma))) {
                return "the Gaussian constraint of " + modifier(p, null, x, o) + " has width σ = " + fmt(sigma)
                        + " (for staterror: its uncertainty over the bin's total nominal yield)";
            }
            double z = (aux[m.gaussAux()[k]] - x[o + p]) / sigma;
            if (!Double.isFinite(z * z)) {
                return "the Gaussian constraint of " + modifier(p, null, x, o) + " overflows (auxdata "
                        + fmt(aux[m.gaussAux()[k]]) + ", σ " + fmt(sigma) + ")";
            }
        }
        for (int k = 0; k < m.poisPar().length; k++) {
            int p = m.poisPar()[k];
            double factor = m.poisFactor()[k];
            double n = aux[m.poisAux()[k]];
            if (!Double.isFinite(factor) || !Double.isFinite(Gamma.logGamma(n + 1))) {
                return "the Poisson constraint of " + modifier(p, null, x, o) + " has scale factor " + fmt(factor)
                        + " and auxdata " + fmt(n) + " (for shapesys: (nominal/uncertainty)², the uncertainty is too"
                        + " small)";
            }
            double rate = x[o + p] * factor;
            if (!Double.isFinite(rate) || (n > 0 && rate <= 0)) {
                return "the Poisson constraint of " + modifier(p, null, x, o) + " has rate " + fmt(rate)
                        + " with auxdata " + fmt(n) + (rate <= 0 ? " (no logarithm of a rate ≤ 0)" : "");
            }
        }
        return null;
    }

    /** "normfactor 'mu' = -1000 (outside its bounds [0, 10])" for the parameter at flat index p. */
    private String modifier(int p, String type, double[] x, int o) {
        ParameterTable t = model.parameters();
        String kind = type;
        String name = p < t.size() ? t.names().get(p) : "factor #" + p;
        if (kind == null) {
            kind = "parameter";
            for (ParameterSet s : t.sets()) {
                if (p >= s.offset() && p < s.offset() + s.n()) {
                    kind = s.modifierType();
                }
            }
        }
        double v = x[o + p];
        String bounds = p < lower.length && (v < lower[p] || v > upper[p])
                ? " (outside its bounds [" + fmt(lower[p]) + ", " + fmt(upper[p]) + "])" : "";
        return kind + " '" + name + "' " + (kind.equals("normsys") || kind.equals("histosys") ? "at α = " : "= ")
                + fmt(v) + bounds;
    }

    private String binName(int j) {
        for (int c = 0; c < model.channels().size(); c++) {
            int o = model.channelOffset(c);
            if (j >= o && j < o + model.channelBins()[c]) {
                return "channel '" + model.channels().get(c) + "' bin " + (j - o);
            }
        }
        return "bin " + j;
    }

    private static double last(List<Step> steps) {
        return steps.get(steps.size() - 1).valueAfter();
    }

    private static double max(double[] v) {
        double mx = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            mx = Math.max(mx, d);
        }
        return mx;
    }

    /** Why a normsys factor can be bad: code4 takes log(hi), log(lo); code1 a power of a negative base. */
    private static String normsysHint(int code, double hi, double lo) {
        if (code == Interpolation.CODE1) {
            return hi >= 0 && lo >= 0 ? "" : "; code1 needs hi and lo ≥ 0";
        }
        return hi > 0 && lo > 0 ? "" : "; hi and lo must be > 0";
    }

    /** A number for messages: integers without ".0", plain decimals as they are, else 6 significant digits. */
    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        String s = String.valueOf(v);
        if (s.length() <= 10 && s.indexOf('E') < 0) {
            return s;
        }
        String g = String.format(Locale.ROOT, "%.6g", v);
        int e = g.indexOf('e');
        String mantissa = e < 0 ? g : g.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + g.substring(e);
    }
}
