package io.vpnd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Binds a tunnel's {@code auth} block: exactly one of psk, pskFile, or cert with key (and ca). */
final class AuthBinder {
    static final List<String> KEYS = List.of("psk", "pskFile", "cert", "key", "ca");
    private static final String CHOICES = "give one of psk, pskFile, or cert with key";

    private AuthBinder() { }

    /** Returns empty when absent or broken (the problem is reported). */
    static Optional<AuthConfig> bind(Block b, FileChecks files) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("psk", "pskFile", "cert")) {
            if (b.has(k)) given.add(k);
        }
        if (given.isEmpty()) {
            if (b.has("key")) b.problem("key", "key belongs with cert; " + CHOICES);
            else if (b.has("ca")) b.problem("ca", "ca belongs with cert; " + CHOICES);
            else b.problem(CHOICES);
            return Optional.empty();
        }
        if (given.size() > 1) {
            b.problem(given.get(1), given.get(0) + " and " + given.get(1) + " are alternatives; " + CHOICES);
            return Optional.empty();
        }
        return switch (given.get(0)) {
            case "psk" -> psk(b);
            case "pskFile" -> pskFile(b, files);
            default -> cert(b, files);
        };
    }

    private static Optional<AuthConfig> psk(Block b) {
        if (b.has("key") || b.has("ca")) {
            b.problem(b.has("key") ? "key" : "ca", "key and ca belong with cert, not with psk");
        }
        Field<byte[]> secret = b.required("psk", scalar -> Secrets.psk(scalar.text()));
        return secret.ok() ? Optional.of(new PskAuth(secret.value(), Optional.empty())) : Optional.empty();
    }

    private static Optional<AuthConfig> pskFile(Block b, FileChecks files) {
        if (b.has("key") || b.has("ca")) {
            b.problem(b.has("key") ? "key" : "ca", "key and ca belong with cert, not with pskFile");
        }
        ValueParser<Path> path = files.path();
        Field<Path> file = b.required("pskFile", path);
        if (!file.ok()) return Optional.empty();
        String text;
        try {
            text = FileChecks.readTrimmed(file.value());
        } catch (IllegalArgumentException e) {
            b.problem("pskFile", e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(new PskAuth(Secrets.psk(text), Optional.of(file.value())));
        } catch (IllegalArgumentException e) {
            b.problem("pskFile", "\"" + file.value() + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<AuthConfig> cert(Block b, FileChecks files) {
        Field<Path> cert = b.required("cert", files.readableFile());
        Field<Path> key = b.required("key", files.readableFile());
        Field<List<Field<Path>>> ca = b.list("ca", files.readableFile());
        if (!cert.ok() || !key.ok() || !ca.ok()) return Optional.empty();
        return Optional.of(new CertAuth(cert.value(), key.value(), ca.value().stream().map(Field::value).toList()));
    }
}
