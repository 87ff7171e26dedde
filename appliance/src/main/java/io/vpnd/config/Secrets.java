package io.vpnd.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Parses key material. Messages never quote the value: a typo in a key is still a key.
 */
final class Secrets {
    private Secrets() { }

    /** Hex octets, optionally after {@code 0x} (as {@code ip xfrm} writes keys); {@code what} names the key. */
    static byte[] hex(String text, String what) {
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
        if (s.isEmpty() || s.length() % 2 != 0 || !s.matches("[0-9A-Fa-f]+")) {
            throw new IllegalArgumentException(what + " is not hex (write an even number of hex digits, optionally after 0x;"
                    + " the value is not shown because it is a key)");
        }
        return HexFormat.of().parseHex(s);
    }

    /**
     * A pre-shared key as strongSwan reads secrets: {@code 0x} + hex, {@code 0s} + base64, or
     * else the text itself in UTF-8.
     */
    static byte[] psk(String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("the pre-shared key is empty");
        if (text.startsWith("0x") || text.startsWith("0X")) {
            try {
                return hex(text, "psk");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the key starts with 0x but is not hex (strongSwan syntax: 0x + hex digits,"
                        + " 0s + base64, or plain text; the value is not shown)");
            }
        }
        if (text.startsWith("0s")) {
            try {
                byte[] b = Base64.getDecoder().decode(text.substring(2).strip());
                if (b.length == 0) throw new IllegalArgumentException("empty");
                return b;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the key starts with 0s but is not base64 (strongSwan syntax: 0x + hex"
                        + " digits, 0s + base64, or plain text; the value is not shown)");
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
