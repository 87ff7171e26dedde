package io.vpnd.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects every problem of one load, so that an admin sees all of them in one run. */
final class Problems {
    private final String file;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(Mark mark, String path, String message) {
        problems.add(new ConfigException.Problem(file, mark.line(), mark.column(), path, message));
    }

    /** A problem with the file as a whole (unreadable, empty). */
    void addFileProblem(String message) {
        problems.add(new ConfigException.Problem(file, 0, 0, "", message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (problems.isEmpty()) return;
        List<ConfigException.Problem> sorted = new ArrayList<>(new LinkedHashSet<>(problems));
        sorted.sort(Comparator.comparingInt(ConfigException.Problem::line)
                .thenComparingInt(ConfigException.Problem::column));
        throw new ConfigException(sorted);
    }
}
