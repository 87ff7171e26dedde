package io.vpnd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One block of keys of the config ({@code tunnels.t1.esp}) being bound: it knows its valid keys
 * and reports unknown ones at once (with the closest valid key), reads typed values reporting
 * wrong types and bad values at the value's location, and reports missing required keys at the
 * block's own key. A block that is itself absent is empty and silent, so that one missing block
 * yields one problem, not one per key inside it.
 */
final class Block {
    /**
     * Top-level keys with this prefix are ignored, as docker-compose's extension fields are: a
     * place to define YAML anchors ({@code x-defaults: &defaults ...}) that tunnels merge in.
     */
    static final String EXTENSION_PREFIX = "x-";

    private final YamlNode.Mapping map;
    private final String path;
    private final Mark mark;
    private final boolean given;
    private final Problems problems;
    private final List<String> keys;

    private Block(YamlNode.Mapping map, String path, Mark mark, boolean given, Problems problems, List<String> keys) {
        this.map = map;
        this.path = path;
        this.mark = mark;
        this.given = given;
        this.problems = problems;
        this.keys = List.copyOf(keys);
        for (YamlNode.Entry e : map.entries().values()) {
            if (path.isEmpty() && e.key().startsWith(EXTENSION_PREFIX)) continue;
            if (!this.keys.contains(e.key())) {
                String hint = Suggestions.closest(e.key(), this.keys)
                        .map(k -> " (did you mean \"" + k + "\"?)")
                        .orElse(" (valid keys here: " + String.join(", ", this.keys) + ")");
                problems.add(e.keyMark(), pathOf(e.key()), "unknown key \"" + e.key() + "\"" + hint);
            }
        }
    }

    /** The document's top-level block. */
    static Block root(YamlNode.Mapping map, Problems problems, List<String> keys) {
        return new Block(map, "", Mark.START, true, problems, keys);
    }

    /** A block for a mapping found under a key the caller handles itself (a tunnel under {@code tunnels}). */
    static Block of(YamlNode.Mapping map, String path, Mark keyMark, Problems problems, List<String> keys) {
        return new Block(map, path, keyMark, true, problems, keys);
    }

    boolean given() {
        return given;
    }

    String path() {
        return path;
    }

    /** Where the block's key is written. */
    Mark mark() {
        return mark;
    }

    Problems problems() {
        return problems;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        checkKey(key);
        return map.entries().containsKey(key);
    }

    /** Where the value of {@code key} is written, or the block's own key when absent. */
    Mark markOf(String key) {
        checkKey(key);
        YamlNode.Entry e = map.entries().get(key);
        return e == null ? mark : e.value().mark();
    }

    /** Reports a problem about the value of {@code key}. */
    void problem(String key, String message) {
        problems.add(markOf(key), pathOf(key), message);
    }

    /** Reports a problem about the block as a whole. */
    void problem(String message) {
        problems.add(mark, path, message);
    }

    /** Reports that a key the block needs is missing (silent for an absent block). */
    void missing(String key) {
        missing(key, "");
    }

    /** Like {@link #missing(String)}, with {@code why} (starting with a space) appended. */
    void missing(String key, String why) {
        if (given) problems.add(mark, path, "missing required key \"" + key + "\"" + why);
    }

    /** The raw node of a key, or null; for callers that iterate user-named keys. */
    YamlNode.Entry entry(String key) {
        checkKey(key);
        return map.entries().get(key);
    }

    /** A nested block; empty and silent when absent, empty when written with no value. */
    Block block(String key, List<String> blockKeys) {
        YamlNode.Entry e = entry(key);
        if (e == null) return new Block(YamlNode.Mapping.empty(mark), pathOf(key), mark, false, problems, blockKeys);
        if (e.value() instanceof YamlNode.Mapping m) {
            return new Block(m, pathOf(key), e.keyMark(), true, problems, blockKeys);
        }
        if (e.value() instanceof YamlNode.Scalar s && s.isNull()) {
            return new Block(YamlNode.Mapping.empty(e.keyMark()), pathOf(key), e.keyMark(), true, problems, blockKeys);
        }
        if (!(e.value() instanceof YamlNode.Scalar s && s.isBroken())) {
            problems.add(e.value().mark(), pathOf(key), "expected a block of keys (" + String.join(", ", blockKeys)
                    + "), found " + e.value().describe());
        }
        return new Block(YamlNode.Mapping.empty(e.keyMark()), pathOf(key), e.keyMark(), false, problems, blockKeys);
    }

    /** Like {@link #block}, reporting the block as missing when absent. */
    Block requiredBlock(String key, List<String> blockKeys) {
        if (!has(key)) missing(key);
        return block(key, blockKeys);
    }

    <T> Field<T> optional(String key, ValueParser<T> parser, T defaultValue) {
        YamlNode.Entry e = entry(key);
        if (e == null) return new Field<>(defaultValue, true, false, mark, pathOf(key));
        T value = parseScalar(e.value(), pathOf(key), parser);
        return value == null ? new Field<>(defaultValue, false, true, e.value().mark(), pathOf(key))
                : new Field<>(value, true, true, e.value().mark(), pathOf(key));
    }

    <T> Field<T> required(String key, ValueParser<T> parser) {
        if (!has(key)) {
            missing(key);
            return new Field<>(null, false, false, mark, pathOf(key));
        }
        return optional(key, parser, null);
    }

    /**
     * A list of scalars (a single scalar counts as a list of one; no value as an empty list).
     * Items that do not parse are reported and left out, and make the field not ok.
     */
    <T> Field<List<Field<T>>> list(String key, ValueParser<T> parser) {
        YamlNode.Entry e = entry(key);
        if (e == null) return new Field<>(List.of(), true, false, mark, pathOf(key));
        List<YamlNode> nodes;
        if (e.value() instanceof YamlNode.Sequence s) {
            nodes = s.items();
        } else if (e.value() instanceof YamlNode.Scalar s && s.isNull()) {
            nodes = List.of();
        } else if (e.value() instanceof YamlNode.Scalar s) {
            nodes = List.of(s);
        } else {
            problems.add(e.value().mark(), pathOf(key), "expected a list, found " + e.value().describe());
            return new Field<>(List.of(), false, true, e.value().mark(), pathOf(key));
        }
        boolean ok = true;
        List<Field<T>> items = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            T value = parseScalar(nodes.get(i), itemPath, parser);
            if (value == null) {
                ok = false;
            } else {
                items.add(new Field<>(value, true, true, nodes.get(i).mark(), itemPath));
            }
        }
        return new Field<>(List.copyOf(items), ok, true, e.value().mark(), pathOf(key));
    }

    private <T> T parseScalar(YamlNode node, String keyPath, ValueParser<T> parser) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            problems.add(node.mark(), keyPath, "expected a single value, found " + node.describe());
            return null;
        }
        if (scalar.isBroken()) return null;
        if (scalar.isNull()) {
            problems.add(node.mark(), keyPath, "has no value");
            return null;
        }
        try {
            return parser.parse(scalar);
        } catch (IllegalArgumentException ex) {
            problems.add(node.mark(), keyPath, ex.getMessage());
            return null;
        }
    }

    private void checkKey(String key) {
        if (!keys.contains(key)) throw new IllegalStateException(path + " has no key " + key + " in its key list");
    }
}
