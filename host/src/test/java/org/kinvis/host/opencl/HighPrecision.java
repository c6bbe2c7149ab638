package org.kinvis.host.opencl;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Reference arithmetic for the precision tests, in 60 significant digits with {@link BigDecimal}: the natural
 * logarithm by the atanh series and ln Γ by Stirling's series with Bernoulli numbers (computed here as exact
 * rationals), shifted up by the recurrence Γ(x+1) = xΓ(x) until x ≥ 50. Written independently of the code under
 * test (which works in float64 with a different split of the Poisson term).
 */
final class HighPrecision {
    static final MathContext MC = new MathContext(60);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899");
    private static final BigDecimal LN2 = TWO.multiply(atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)));
    private static final int STIRLING_TERMS = 20;
    private static final BigDecimal[] STIRLING = stirlingCoefficients();

    private HighPrecision() {
    }

    static BigDecimal of(double v) {
        return new BigDecimal(v);
    }

    /** atanh(t) = Σ t^(2k+1)/(2k+1) for |t| ≤ 1/3. */
    private static BigDecimal atanh(BigDecimal t) {
        BigDecimal t2 = t.multiply(t, MC);
        BigDecimal pow = t;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(75);
        for (int k = 0; ; k++) {
            BigDecimal term = pow.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(eps) < 0) {
                return sum;
            }
            pow = pow.multiply(t2, MC);
        }
    }

    /** ln x for x &gt; 0: x = m·2^e with m in [1, 2), ln m = 2 atanh((m − 1)/(m + 1)). */
    static BigDecimal ln(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("ln of " + x);
        }
        int e = Math.getExponent(x.doubleValue());
        BigDecimal m = e >= 0 ? x.divide(TWO.pow(e), MC) : x.multiply(TWO.pow(-e), MC);
        while (m.compareTo(TWO) >= 0) {
            m = m.divide(TWO, MC);
            e++;
        }
        while (m.compareTo(BigDecimal.ONE) < 0) {
            m = m.multiply(TWO, MC);
            e--;
        }
        BigDecimal t = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        return TWO.multiply(atanh(t), MC).add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    /** ln Γ(x) for x &gt; 0. */
    static BigDecimal lnGamma(BigDecimal x) {
        BigDecimal shift = BigDecimal.ZERO;
        BigDecimal fifty = BigDecimal.valueOf(50);
        BigDecimal product = BigDecimal.ONE;
        while (x.compareTo(fifty) < 0) {
            product = product.multiply(x, MC);
            x = x.add(BigDecimal.ONE);
        }
        if (product.compareTo(BigDecimal.ONE) != 0) {
            shift = ln(product);
        }
        BigDecimal half = new BigDecimal("0.5");
        BigDecimal s = x.subtract(half).multiply(ln(x), MC).subtract(x, MC)
                .add(half.multiply(ln(TWO.multiply(PI, MC)), MC), MC);
        BigDecimal inv = BigDecimal.ONE.divide(x, MC);
        BigDecimal inv2 = inv.multiply(inv, MC);
        BigDecimal pow = inv;
        for (int k = 1; k <= STIRLING_TERMS; k++) {
            s = s.add(STIRLING[k].multiply(pow, MC), MC);
            pow = pow.multiply(inv2, MC);
        }
        return s.subtract(shift, MC);
    }

    /** ln Pois(n | λ) = n ln λ − λ − ln Γ(n + 1), with n ln λ = 0 for n = 0. */
    static BigDecimal logPoisson(BigDecimal n, BigDecimal lambda) {
        BigDecimal nll = n.signum() == 0 ? BigDecimal.ZERO : n.multiply(ln(lambda), MC);
        return nll.subtract(lambda, MC).subtract(lnGamma(n.add(BigDecimal.ONE)), MC);
    }

    /** B_2k / (2k (2k − 1)), k = 1..STIRLING_TERMS, from Bernoulli numbers by the Akiyama–Tanigawa algorithm. */
    private static BigDecimal[] stirlingCoefficients() {
        int n = 2 * STIRLING_TERMS;
        BigInteger[] num = new BigInteger[n + 1];
        BigInteger[] den = new BigInteger[n + 1];
        BigInteger[] bNum = new BigInteger[n + 1];
        BigInteger[] bDen = new BigInteger[n + 1];
        for (int m = 0; m <= n; m++) {
            num[m] = BigInteger.ONE;
            den[m] = BigInteger.valueOf(m + 1);
            for (int j = m; j >= 1; j--) {
                // a[j-1] = j·(a[j-1] − a[j])
                BigInteger nn = num[j - 1].multiply(den[j]).subtract(num[j].multiply(den[j - 1]))
                        .multiply(BigInteger.valueOf(j));
                BigInteger dd = den[j - 1].multiply(den[j]);
                BigInteger g = nn.gcd(dd);
                if (g.signum() != 0) {
                    nn = nn.divide(g);
                    dd = dd.divide(g);
                }
                num[j - 1] = nn;
                den[j - 1] = dd;
            }
            bNum[m] = num[0];
            bDen[m] = den[0];
        }
        BigDecimal[] c = new BigDecimal[STIRLING_TERMS + 1];
        for (int k = 1; k <= STIRLING_TERMS; k++) {
            BigDecimal b = new BigDecimal(bNum[2 * k]).divide(new BigDecimal(bDen[2 * k]), MC);
            c[k] = b.divide(BigDecimal.valueOf((2L * k) * (2L * k - 1)), MC);
        }
        return c;
    }
}
