package io.vpnd.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link YamlNode} tree from Jackson's YAML token stream, keeping the location of every
 * key and value. Handles what the token stream leaves to its consumer: anchors and aliases
 * ({@code &base}/{@code *base}, which Jackson reports as plain strings), merge keys
 * ({@code <<: *base}, handy for AWS's two near-identical tunnels), duplicate keys and
 * documents after the first.
 */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    private static final String MERGE_KEY = "<<";

    private final YAMLParser parser;
    private final Problems problems;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlTreeReader(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * Reads the first document of {@code text}. Returns null when there is no document or on a
     * syntax error; syntax errors and tree-level problems go to {@code problems}.
     */
    static YamlNode read(String text, Problems problems) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            YamlTreeReader reader = new YamlTreeReader(parser, problems);
            JsonToken first = parser.nextToken();
            if (first == null) return null;
            YamlNode root = reader.readValue(first, "");
            if (parser.nextToken() != null) {
                problems.add(reader.mark(), "", "the file holds more than one YAML document (vpnd reads one;"
                        + " remove the second ---)");
            }
            return root;
        } catch (IOException e) {
            syntaxError(e, problems);
            return null;
        }
    }

    private Mark mark() {
        JsonLocation location = parser.currentTokenLocation();
        return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    private YamlNode readValue(JsonToken token, String path) throws IOException {
        Mark mark = mark();
        String anchor = parser.getObjectId();
        YamlNode node = switch (token) {
            case START_OBJECT -> readMapping(path, mark);
            case START_ARRAY -> readSequence(path, mark);
            case VALUE_STRING -> parser.isCurrentAlias() ? resolveAlias(parser.getText(), path, mark)
                    // Jackson reports some empty plain values ("key:" after a dedent) as "" rather
                    // than null; an empty value means "no value" either way
                    : parser.getText().isEmpty() ? new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, mark)
                    : new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.STRING, mark);
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.INTEGER, mark);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.FLOAT, mark);
            case VALUE_TRUE -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.TRUE, mark);
            case VALUE_FALSE -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.FALSE, mark);
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, mark);
            default -> {
                problems.add(mark, path, "unsupported YAML value (" + token + ")");
                yield YamlNode.Scalar.broken(mark);
            }
        };
        if (anchor != null) anchors.put(anchor, node);
        return node;
    }

    private YamlNode resolveAlias(String name, String path, Mark mark) {
        YamlNode target = anchors.get(name);
        if (target == null) {
            problems.add(mark, path, "alias *" + name + " refers to no anchor &" + name + " defined before it");
            return YamlNode.Scalar.broken(mark);
        }
        return target;
    }

    private YamlNode.Mapping readMapping(String path, Mark mark) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        List<YamlNode.Mapping> merges = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (token != JsonToken.FIELD_NAME) throw new IOException("unexpected YAML token " + token);
            String key = parser.currentName();
            Mark keyMark = mark();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = readValue(parser.nextToken(), keyPath);
            if (MERGE_KEY.equals(key)) {
                collectMerges(value, keyPath, merges);
                continue;
            }
            YamlNode.Entry first = entries.get(key);
            if (first != null) {
                problems.add(keyMark, keyPath, "duplicate key \"" + key + "\" (first written at line "
                        + first.keyMark().line() + ")");
                continue;
            }
            entries.put(key, new YamlNode.Entry(key, keyMark, value));
        }
        // YAML merge semantics: keys written in the mapping win, then earlier merged mappings
        for (YamlNode.Mapping merged : merges) {
            for (YamlNode.Entry e : merged.entries().values()) {
                entries.putIfAbsent(e.key(), e);
            }
        }
        return new YamlNode.Mapping(entries, mark);
    }

    private void collectMerges(YamlNode value, String path, List<YamlNode.Mapping> merges) {
        if (value instanceof YamlNode.Mapping m) {
            merges.add(m);
        } else if (value instanceof YamlNode.Sequence s && s.items().stream().allMatch(i -> i instanceof YamlNode.Mapping)) {
            s.items().forEach(i -> merges.add((YamlNode.Mapping) i));
        } else {
            problems.add(value.mark(), path, "a merge key << takes a block of keys or a list of them (e.g. <<: *base),"
                    + " found " + value.describe());
        }
    }

    private YamlNode.Sequence readSequence(String path, Mark mark) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(readValue(token, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(items, mark);
    }

    private static void syntaxError(IOException e, Problems problems) {
        Throwable t = e;
        while (t != null && !(t instanceof MarkedYAMLException)) t = t.getCause();
        if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            String context = m.getContext() == null || m.getContextMark() == null ? ""
                    : " (" + m.getContext() + " at line " + (m.getContextMark().getLine() + 1)
                    + ", column " + (m.getContextMark().getColumn() + 1) + ")";
            problems.add(new Mark(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1), "",
                    "YAML syntax error: " + m.getProblem() + context);
        } else if (e instanceof JsonProcessingException jp && jp.getLocation() != null) {
            JsonLocation l = jp.getLocation();
            problems.add(new Mark(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr())), "",
                    "YAML syntax error: " + jp.getOriginalMessage());
        } else {
            problems.add(Mark.START, "", "YAML syntax error: " + e.getMessage());
        }
    }
}
