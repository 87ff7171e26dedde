package io.vpnd.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The config file is unusable. The message has one line per problem, each
 * {@code FILE:LINE:COLUMN: KEY.PATH: problem} (the key path is left out for problems of the
 * whole document, line and column for problems of the whole file), in file order.
 */
public final class ConfigException extends Exception {

    /**
     * One problem in the config.
     *
     * @param file    the file as it was named to the loader
     * @param line    1-based line, 0 when the problem concerns the whole file
     * @param column  1-based column, 0 when the problem concerns the whole file
     * @param keyPath dotted path of the key ({@code tunnels.t1.esp.lifetime}, list items as
     *                {@code routes[0]}); empty for the document itself
     * @param message what is wrong, for a human
     */
    public record Problem(String file, int line, int column, String keyPath, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line + ":" + column : "") + ": "
                    + (keyPath.isEmpty() ? "" : keyPath + ": ") + message;
        }
    }

    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs a problem");
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
