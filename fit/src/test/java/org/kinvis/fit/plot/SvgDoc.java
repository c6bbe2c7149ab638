package org.kinvis.fit.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A rendered SVG figure read back for tests: groups by class, the text they draw, the coordinates of their
 * shapes, and each panel's page-to-data mapping (from the axes group's data attributes), so a test can check that
 * a shape sits at the data value it claims.
 */
public final class SvgDoc {
    final Document doc;

    private SvgDoc(Document doc) {
        this.doc = doc;
    }

    public static SvgDoc parse(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return new SvgDoc(f.newDocumentBuilder().parse(new InputSource(new StringReader(svg))));
        } catch (Exception e) {
            throw new AssertionError("not a well-formed SVG document: " + e, e);
        }
    }

    /** Every {@code <g>} whose class list contains {@code cls}, in document order. */
    public List<Element> groups(String cls) {
        return groups(doc.getDocumentElement(), cls);
    }

    public static List<Element> groups(Element root, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagName("g");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (Arrays.asList(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    public Element one(String cls) {
        List<Element> g = groups(cls);
        assertThat(g).as("groups of class %s", cls).hasSize(1);
        return g.get(0);
    }

    /** The text a group draws (its runs concatenated). */
    public static String text(Element e) {
        StringBuilder sb = new StringBuilder();
        NodeList t = e.getElementsByTagName("text");
        for (int i = 0; i < t.getLength(); i++) {
            sb.append(t.item(i).getTextContent());
        }
        return sb.toString();
    }

    /** The group's markup, to look for colours in style attributes. */
    public static String xml(Element e) {
        try {
            StringWriter w = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static final Pattern PAIR = Pattern.compile("[MLC]\\s*(-?[0-9.]+(?:E-?[0-9]+)?),(-?[0-9.]+(?:E-?[0-9]+)?)");

    /** Page coordinates of the vertices of the group's paths, lines, rectangles (corners) and ellipses (centres). */
    public static List<double[]> points(Element e) {
        List<double[]> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    private static void collect(Node n, List<double[]> out) {
        if (n instanceof Element el) {
            switch (el.getTagName()) {
                case "path" -> {
                    Matcher m = PAIR.matcher(el.getAttribute("d"));
                    while (m.find()) {
                        out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
                    }
                }
                case "line" -> {
                    out.add(new double[] {d(el, "x1"), d(el, "y1")});
                    out.add(new double[] {d(el, "x2"), d(el, "y2")});
                }
                case "rect" -> {
                    out.add(new double[] {d(el, "x"), d(el, "y")});
                    out.add(new double[] {d(el, "x") + d(el, "width"), d(el, "y") + d(el, "height")});
                }
                case "ellipse", "circle" -> out.add(new double[] {d(el, "cx"), d(el, "cy")});
                default -> {
                }
            }
        }
        NodeList kids = n.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            collect(kids.item(i), out);
        }
    }

    private static double d(Element e, String a) {
        return Double.parseDouble(e.getAttribute(a));
    }

    /** The panel (axes group) that contains {@code e}. */
    public static Panel panelOf(Element e) {
        Node n = e;
        while (n instanceof Element el) {
            if (Arrays.asList(el.getAttribute("class").split(" ")).contains("axes")) {
                return new Panel(el);
            }
            n = n.getParentNode();
        }
        throw new AssertionError("no axes around " + e.getAttribute("class"));
    }

    /** A panel's mapping from page coordinates back to data values. */
    public record Panel(Element g) {
        double a(String k) {
            return Double.parseDouble(g.getAttribute("data-" + k));
        }

        boolean log(String axis) {
            return g.getAttribute("data-" + axis + "-scale").equals("log");
        }

        public double x(double page) {
            double f = (page - a("left")) / a("width");
            return value(f, a("x-min"), a("x-max"), log("x"));
        }

        public double y(double page) {
            double f = (a("top") + a("height") - page) / a("height");
            return value(f, a("y-min"), a("y-max"), log("y"));
        }

        private static double value(double f, double lo, double hi, boolean log) {
            return log ? Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo))) : lo + f * (hi - lo);
        }
    }

    /** Every tick label of the document: at most 6 significant digits, no exponent notation, real minus signs. */
    public void assertTickLabelsFormatted() {
        List<Element> labels = new ArrayList<>(groups("xtick-label"));
        labels.addAll(groups("ytick-label"));
        assertThat(labels).isNotEmpty();
        for (Element l : labels) {
            String t = text(l);
            assertThat(t).as("tick label").doesNotContain("E").doesNotContain("e-").doesNotContain("-")
                    .doesNotContain("NaN").doesNotContain("Infinity");
            String digits = t.replaceAll("^10[−0-9]*$", "10").replaceAll("[^0-9]", "").replaceAll("^0+", "");
            assertThat(digits.length()).as("significant digits of '%s'", t).isLessThanOrEqualTo(6);
        }
    }

    /** Text of the legend entries in order. */
    public List<String> legend() {
        List<String> out = new ArrayList<>();
        for (Element e : groups("legend-entry")) {
            out.add(e.getAttribute("data-label"));
        }
        return out;
    }
}
