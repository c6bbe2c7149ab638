package org.kinvis.host.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's parameters in pyhf order ({@code par_order}, components flattened as {@code par_names}), with
 * inits, bounds, fixed flags and constraints per component, and the parameter of interest if the measurement
 * names one ({@code "poi": ""} means none, as in pyhf). The POI has exactly one component; it may be a
 * one-bin γ, whose flat name is {@code gamma[0]}: {@link #indexOf} also accepts the name of any one-component set.
 * Immutable.
 */
public final class ParameterTable {
    private final List<ParameterSet> sets;
    private final Map<String, ParameterSet> byName;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int poiIndex;
    private final String poiName;
    private final String poiSetName;

    public ParameterTable(List<ParameterSet> sets, String poiName) {
        this.sets = List.copyOf(sets);
        Map<String, ParameterSet> map = new LinkedHashMap<>();
        List<String> flat = new ArrayList<>();
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (ParameterSet s : sets) {
            map.put(s.name(), s);
            for (int i = 0; i < s.n(); i++) {
                String cn = s.componentName(i);
                idx.put(cn, flat.size());
                flat.add(cn);
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.names = List.copyOf(flat);
        this.index = Collections.unmodifiableMap(idx);
        this.poiSetName = poiName;
        if (poiName != null) {
            ParameterSet p = map.get(poiName);
            if (p == null || p.n() != 1) {
                throw new IllegalArgumentException("POI '" + poiName + "' is not a one-component parameter set");
            }
            this.poiIndex = p.offset();
            this.poiName = p.componentName(0);
        } else {
            this.poiIndex = -1;
            this.poiName = null;
        }
    }

    public List<ParameterSet> sets() {
        return sets;
    }

    /** The parameter set called {@code name}, or null. */
    public ParameterSet set(String name) {
        return byName.get(name);
    }

    /** Number of scalar parameters (pyhf's npars). */
    public int size() {
        return names.size();
    }

    /** Flat names, pyhf's {@code par_names}. */
    public List<String> names() {
        return names;
    }

    /**
     * Index of a flat name ({@code mu}, {@code gamma[3]}), or of the single component of a one-component set
     * named {@code name} (pyhf's {@code par_slice(name).start}); -1 if neither.
     */
    public int indexOf(String name) {
        if (name == null) {
            return -1;
        }
        Integer i = index.get(name);
        if (i != null) {
            return i;
        }
        ParameterSet s = byName.get(name);
        return s != null && s.n() == 1 ? s.offset() : -1;
    }

    /** Whether the measurement names a parameter of interest ({@code "poi": ""} names none). */
    public boolean hasPoi() {
        return poiName != null;
    }

    /** The POI's flat name as in {@link #names()} ({@code mu}; {@code gamma[0]} for a one-bin γ), or null. */
    public String poiName() {
        return poiName;
    }

    /** The POI's parameter-set name as the measurement gives it (pyhf's {@code poi_name}), or null. */
    public String poiSetName() {
        return poiSetName;
    }

    /** The POI's index in the flat parameter vector (pyhf's {@code poi_index}), or -1 when there is none. */
    public int poiIndex() {
        return poiIndex;
    }

    /** The same parameters with other sets (same names, sizes and order: new inits, bounds or fixed flags). */
    public ParameterTable withSets(List<ParameterSet> newSets) {
        if (newSets.size() != sets.size()) {
            throw new IllegalArgumentException("expected " + sets.size() + " sets");
        }
        for (int i = 0; i < newSets.size(); i++) {
            ParameterSet a = sets.get(i);
            ParameterSet b = newSets.get(i);
            if (!a.name().equals(b.name()) || a.n() != b.n() || a.offset() != b.offset()) {
                throw new IllegalArgumentException("set " + b.name() + " does not match " + a.name());
            }
        }
        return new ParameterTable(newSets, poiSetName);
    }

    /** Flat names and the names of sets, for "did you mean" hints. */
    public List<String> allNames() {
        List<String> out = new ArrayList<>(names);
        for (ParameterSet s : sets) {
            if (!s.scalar()) {
                out.add(s.name());
            }
        }
        return out;
    }

    public double[] inits() {
        double[] v = new double[size()];
        for (ParameterSet s : sets) {
            System.arraycopy(s.inits(), 0, v, s.offset(), s.n());
        }
        return v;
    }

    public double[] lowerBounds() {
        double[] v = new double[size()];
        for (ParameterSet s : sets) {
            for (int i = 0; i < s.n(); i++) {
                v[s.offset() + i] = s.bounds()[i][0];
            }
        }
        return v;
    }

    public double[] upperBounds() {
        double[] v = new double[size()];
        for (ParameterSet s : sets) {
            for (int i = 0; i < s.n(); i++) {
                v[s.offset() + i] = s.bounds()[i][1];
            }
        }
        return v;
    }

    public boolean[] fixed() {
        boolean[] v = new boolean[size()];
        for (ParameterSet s : sets) {
            System.arraycopy(s.fixed(), 0, v, s.offset(), s.n());
        }
        return v;
    }

    /** Auxiliary data of the constrained sets in par order (pyhf's {@code config.auxdata}). */
    public double[] auxdata() {
        List<Double> aux = new ArrayList<>();
        for (ParameterSet s : sets) {
            for (double a : s.auxdata()) {
                aux.add(a);
            }
        }
        return aux.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
