package org.kinvis.host.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's parameters in pyhf order ({@code par_order}, components flattened as {@code par_names}), with
 * inits, bounds, fixed flags and constraints per component. Immutable.
 */
public final class ParameterTable {
    private final List<ParameterSet> sets;
    private final Map<String, ParameterSet> byName;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int poiIndex;
    private final String poiName;

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
        this.poiName = poiName;
        this.poiIndex = poiName == null ? -1 : map.get(poiName).offset();
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

    /** Index of a flat name ({@code mu}, {@code gamma[3]}), or -1. */
    public int indexOf(String flatName) {
        return index.getOrDefault(flatName, -1);
    }

    public String poiName() {
        return poiName;
    }

    public int poiIndex() {
        return poiIndex;
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
