package io.vpnd.ike.crypto;

import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code name = hex} known-answer files under src/test/resources/ike/crypto. */
final class Vectors {
    private final String resource;
    private final Map<String, byte[]> values;

    private Vectors(String resource, Map<String, byte[]> values) {
        this.resource = resource;
        this.values = values;
    }

    static Vectors load(String resource) {
        String path = "/ike/crypto/" + resource;
        try (InputStream in = Vectors.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            Map<String, byte[]> values = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf(" = ");
                values.put(line.substring(0, eq).strip(), hex(line.substring(eq + 3)));
            }
            return new Vectors(path, values);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hex(String s) {
        return Hex.decode(s.replaceAll("\\s", ""));
    }

    byte[] get(String name) {
        byte[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(resource + " has no " + name);
        }
        return v.clone();
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    long spi(String name) {
        byte[] b = get(name);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }
}
