package io.vpnd.e2e;

import java.time.Duration;

/** The Prometheus endpoint of a vpnd in a lab namespace (the e2e configs put it on 127.0.0.1:9469). */
public final class Metrics {
    private Metrics() {
    }

    /** One scrape of the daemon in namespace side {@code side}; fails when the endpoint does not answer. */
    public static String scrape(NetnsLab lab, String side) {
        return lab.exec(side, Duration.ofSeconds(30), "curl", "-sf", "http://127.0.0.1:9469/metrics").ok().out();
    }

    /**
     * Sum of the positive samples whose line starts with {@code prefix}: a name followed by
     * {@code {}, or a name and its first labels (all pools of a JVM memory area, say). Fails
     * when no sample matches, so that a renamed metric cannot pass as zero.
     */
    public static double sum(String scrape, String prefix) {
        double[] samples = scrape.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toArray();
        if (samples.length == 0) throw new AssertionError(prefix + " not exported:\n" + scrape);
        double total = 0;
        for (double v : samples) if (v > 0) total += v;
        return total;
    }
}
