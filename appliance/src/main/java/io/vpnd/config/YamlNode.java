package io.vpnd.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each key and value was written, so that errors
 * found while binding (and after) can name file, line and column. Jackson's own tree forgets
 * locations; this one is built from Jackson's YAML token stream by {@link YamlTreeReader}.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    Mark mark();

    /** What the node is, for "expected X, found Y" messages. */
    String describe();

    /** One key of a mapping with where the key was written. */
    record Entry(String key, Mark keyMark, YamlNode value) { }

    /** A mapping in document order (merge keys already applied). */
    record Mapping(Map<String, Entry> entries, Mark mark) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        static Mapping empty(Mark mark) {
            return new Mapping(Map.of(), mark);
        }

        @Override
        public String describe() {
            return "a block of keys";
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar with its text exactly as written, and how YAML typed it (quoted scalars are
     * always strings).
     */
    record Scalar(String text, Kind kind, Mark mark) implements YamlNode {
        /** YAML's type of the scalar; BROKEN stands for a value whose problem is already reported. */
        enum Kind { STRING, INTEGER, FLOAT, TRUE, FALSE, NULL, BROKEN }

        static Scalar broken(Mark mark) {
            return new Scalar("", Kind.BROKEN, mark);
        }

        boolean isNull() {
            return kind == Kind.NULL;
        }

        boolean isBroken() {
            return kind == Kind.BROKEN;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "the text \"" + text + "\"";
                case INTEGER, FLOAT -> "the number " + text;
                case TRUE, FALSE -> "the boolean " + text;
                case NULL -> "no value";
                case BROKEN -> "an unusable value";
            };
        }
    }
}
