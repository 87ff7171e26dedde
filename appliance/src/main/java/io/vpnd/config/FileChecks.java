package io.vpnd.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Paths in the config: resolved against the config file's directory and checked at load time. */
final class FileChecks {
    private final Path baseDir;

    FileChecks(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** A parser of a path, relative ones resolved against the config's directory. */
    ValueParser<Path> path() {
        return scalar -> {
            String t = scalar.text().strip();
            if (t.isEmpty()) throw new IllegalArgumentException("must not be empty");
            try {
                return baseDir.resolve(t).normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("\"" + t + "\" is not a valid path");
            }
        };
    }

    /** A parser of a path to a regular file the daemon can read. */
    ValueParser<Path> readableFile() {
        ValueParser<Path> path = path();
        return scalar -> {
            Path p = path.parse(scalar);
            if (!Files.exists(p)) throw new IllegalArgumentException("\"" + p + "\": no such file");
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("\"" + p + "\" is not a regular file");
            if (!Files.isReadable(p)) throw new IllegalArgumentException("\"" + p + "\" is not readable");
            return p;
        };
    }

    /** Reads a small text file (a PSK file): trimmed, must not be empty. */
    static String readTrimmed(Path p) {
        try {
            if (Files.isDirectory(p)) throw new IllegalArgumentException("\"" + p + "\" is a directory, not a file");
            byte[] raw = Files.readAllBytes(p);
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString().strip();
            if (text.isEmpty()) throw new IllegalArgumentException("\"" + p + "\" is empty");
            return text;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read \"" + p + "\": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read \"" + p + "\": permission denied");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("\"" + p + "\" is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read \"" + p + "\": " + e.getMessage());
        }
    }
}
