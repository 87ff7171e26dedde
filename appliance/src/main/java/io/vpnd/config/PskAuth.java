package io.vpnd.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Pre-shared key authentication (RFC 7296 §2.15). Written as text (UTF-8), {@code 0x} + hex or
 * {@code 0s} + base64 as in strongSwan's secrets. The key never appears in {@link #toString()}.
 *
 * @param secret the key octets (a copy is returned)
 * @param file   the {@code pskFile} it was read from, if any
 */
public record PskAuth(byte[] secret, Optional<Path> file) implements AuthConfig {
    public PskAuth {
        Objects.requireNonNull(file, "file");
        if (secret.length == 0) throw new IllegalArgumentException("empty pre-shared key");
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskAuth p && Arrays.equals(secret, p.secret) && file.equals(p.file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    @Override
    public String toString() {
        return "PskAuth[secret=<redacted " + secret.length + " octets>" + file.map(f -> ", file=" + f).orElse("") + "]";
    }
}
