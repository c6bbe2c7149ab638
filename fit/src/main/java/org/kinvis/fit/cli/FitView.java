package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.kinvis.fit.inference.LaplaceMarginal;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.host.input.JsonInput;

/**
 * {@code kinvis fit}'s result as JSON ({@code estimator, converged, status, recovery, twice_nll, edm, nfcn, poi,
 * seconds, backend, [minus_two_log_marginal, joint,] parameters{NAME: value, error, fixed, at_lower_limit,
 * at_upper_limit, [minos_lower, minos_upper]}, covariance, correlation}) and text (iminuit's summary, the POI and
 * every MINOS parameter on their own lines).
 */
final class FitView {
    private FitView() {
    }

    /**
     * @param r       the reported fit (the marginal mode where {@code lm} is given)
     * @param lm      the marginal-mode search, or null for the joint mode
     * @param device  the backend's device, for the text
     */
    static Rendered of(FitResult r, LaplaceMarginal.Result lm, String estimator, String poi, double seconds,
            String backend, String device) {
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("estimator", estimator);
        FitJson.state(result, r);
        result.put("poi", poi);
        result.put("seconds", seconds);
        result.put("backend", backend);
        if (lm != null) {
            FitJson.putFinite(result, "minus_two_log_marginal", lm.marginal().fval());
            ObjectNode j = result.putObject("joint");
            FitJson.putFinite(j, poi, lm.joint().value(poi));
            FitJson.putFinite(j, "twice_nll", lm.joint().fval());
        }
        ObjectNode pars = result.putObject("parameters");
        for (int i = 0; i < r.names().size(); i++) {
            ObjectNode p = pars.putObject(r.names().get(i));
            FitJson.putFinite(p, "value", r.values()[i]);
            FitJson.putFinite(p, "error", r.errors()[i]);
            p.put("fixed", r.fixed()[i]);
            p.put("at_lower_limit", r.atLimit()[i] < 0);
            p.put("at_upper_limit", r.atLimit()[i] > 0);
            double[] me = r.minos().get(r.names().get(i));
            if (me != null) {
                FitJson.putFinite(p, "minos_lower", me[0]);
                FitJson.putFinite(p, "minos_upper", me[1]);
            }
        }
        FitJson.matrices(result, r);
        StringBuilder text = new StringBuilder(r.format(12, poi == null ? List.of() : List.of(poi)));
        if (lm != null) {
            text.append(String.format(Locale.ROOT, "marginal posterior mode (nuisances integrated out, Laplace"
                    + " approximation); joint mode (MLE) %s = %.5g%n", poi, lm.joint().value(poi)));
        }
        for (int i = 0; i < r.names().size(); i++) {
            String name = r.names().get(i);
            double[] me = r.minos().get(name);
            if (name.equals(poi) || me != null) {
                String flag = r.limitFlag(i);
                text.append(String.format(Locale.ROOT, "%s = %.5g ± %.5g%s%s%n", name, r.value(name), r.error(name),
                        me == null ? "" : String.format(Locale.ROOT, "   (MINOS %+.4g / %+.4g)", me[0], me[1]),
                        flag.isEmpty() ? "" : "   (" + flag + ")"));
            }
        }
        text.append(String.format(Locale.ROOT, "%.3f s, backend %s%n", seconds, device));
        return new Rendered(result, text.toString());
    }
}
