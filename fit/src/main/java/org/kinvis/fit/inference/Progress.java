package org.kinvis.fit.inference;

/**
 * Listener for the progress of a long computation (scans, limits, rankings, marginal modes): the computation
 * announces units of work as it learns of them ({@link #expect}) and reports each one done ({@link #advance});
 * a front end may draw a bar with an ETA from that, the library itself never prints. Units are usually fits.
 * Where the amount of work is not known in advance (a root search), the computation announces an estimate and
 * settles it when it ends ({@link Budget}), so the announced total only grows. Implementations must accept calls
 * from several threads (fits run in lockstep on virtual threads). {@link #NONE} ignores everything, the default
 * wherever no listener is given.
 */
public interface Progress {
    /** Ignores everything. */
    Progress NONE = new Progress() {
        @Override
        public void expect(long units) {
        }

        @Override
        public void advance(long units) {
        }
    };

    /** {@code units} more units of work are to be done (adds to the total). */
    void expect(long units);

    /** {@code units} units of work are done. */
    void advance(long units);

    /** One unit of work is done. */
    default void advance() {
        advance(1);
    }

    /**
     * A part of the work whose length is only estimated: {@code estimate} units are announced now; each
     * {@link Budget#advance} beyond them announces one more, and {@link Budget#close} reports the unused rest as
     * done, so the total stays consistent.
     */
    default Budget budget(long estimate) {
        expect(estimate);
        return share(estimate);
    }

    /**
     * A part of the work whose {@code units} were already announced (e.g. all parts of a loop up front), settled
     * as a {@link #budget}.
     */
    default Budget share(long units) {
        return new Budget(this, units);
    }

    /** An estimated part of the work; see {@link Progress#budget}. Its {@link #expect} passes through. */
    final class Budget implements Progress, AutoCloseable {
        private final Progress progress;
        private long left;

        Budget(Progress progress, long units) {
            this.progress = progress;
            this.left = units;
        }

        @Override
        public void expect(long units) {
            progress.expect(units);
        }

        /** {@code units} units of this part are done; beyond the estimate each is announced first. */
        @Override
        public synchronized void advance(long units) {
            long within = Math.min(units, left);
            left -= within;
            if (units > within) {
                progress.expect(units - within);
            }
            progress.advance(units);
        }

        /** The part is over: what was announced and not used counts as done. */
        @Override
        public synchronized void close() {
            progress.advance(left);
            left = 0;
        }
    }
}
