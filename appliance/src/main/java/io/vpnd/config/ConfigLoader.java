package io.vpnd.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and validates vpnd's YAML config ({@code contracts/vpnd.example.yaml}). Every problem in
 * the file is reported at once, each as {@code FILE:LINE:COLUMN: KEY.PATH: problem}. Relative
 * paths in the file (PSK files, certificates) are resolved against the file's directory;
 * {@code pskFile}s are read, certificate files checked readable, names never resolved. YAML
 * anchors, aliases and merge keys work; top-level keys starting with {@code x-} are ignored, as
 * a place to define anchors ({@code x-aws: &aws {...}}, then {@code <<: *aws} in each tunnel).
 *
 * <p>Design: Jackson's YAML parser streams tokens with locations into a small tree that keeps
 * them ({@link YamlNode}); binders walk that tree with the list of valid keys of each block,
 * so that checks made after binding (rekeyMargin against lifetime, duplicate interface names)
 * still point at a line.
 */
public final class ConfigLoader {
    private ConfigLoader() { }

    /** Loads {@code file}; problems name it as given. */
    public static VpndConfig load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        String text;
        try {
            byte[] raw = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (NoSuchFileException e) {
            problems.addFileProblem("cannot read the config: no such file");
            throw exception(problems);
        } catch (AccessDeniedException e) {
            problems.addFileProblem("cannot read the config: permission denied");
            throw exception(problems);
        } catch (CharacterCodingException e) {
            problems.addFileProblem("the config is not UTF-8 text");
            throw exception(problems);
        } catch (IOException e) {
            problems.addFileProblem("cannot read the config: " + e);
            throw exception(problems);
        }
        return parse(text, file);
    }

    /**
     * Parses config text as if read from {@code source}, which names the file in messages and
     * anchors relative paths.
     */
    public static VpndConfig parse(String yaml, Path source) throws ConfigException {
        Problems problems = new Problems(source.toString());
        YamlNode root = YamlTreeReader.read(yaml, problems);
        if (root == null) problems.throwIfAny();
        if (root == null || root instanceof YamlNode.Scalar s && s.isNull()) {
            problems.addFileProblem("the config is empty (it needs at least the tunnels block)");
            throw exception(problems);
        }
        if (!(root instanceof YamlNode.Mapping document)) {
            problems.add(root.mark(), "", "expected a block of keys (" + String.join(", ", ConfigBinder.TOP_KEYS)
                    + ") at the top of the file, found " + root.describe());
            throw exception(problems);
        }
        Path baseDir = source.toAbsolutePath().getParent();
        VpndConfig config = new ConfigBinder(problems, baseDir).bind(document, source);
        problems.throwIfAny();
        return config;
    }

    private static ConfigException exception(Problems problems) {
        try {
            problems.throwIfAny();
        } catch (ConfigException e) {
            return e;
        }
        throw new IllegalStateException("no problem recorded");
    }
}
