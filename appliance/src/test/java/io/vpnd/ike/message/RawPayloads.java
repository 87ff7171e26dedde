package io.vpnd.ike.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a payload chain into raw payloads with a walker independent of {@link PayloadChain}, so
 * that tests can take single payloads' octets from captures and compare encoders against them.
 */
final class RawPayloads {
    /** One payload as it was on the wire, generic header included. */
    record Raw(int type, int next, byte[] octets) {
        byte[] body() {
            return Arrays.copyOfRange(octets, 4, octets.length);
        }
    }

    private RawPayloads() {}

    static List<Raw> split(byte[] buf, int offset, int firstType) {
        List<Raw> out = new ArrayList<>();
        int type = firstType;
        int pos = offset;
        while (type != 0) {
            int next = buf[pos] & 0xff;
            int length = ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
            out.add(new Raw(type, next, Arrays.copyOfRange(buf, pos, pos + length)));
            if (type == 46 || type == 53) break; // SK/SKF: the rest is encrypted
            pos += length;
            type = next;
        }
        return out;
    }

    /** The payloads of an unencrypted message (or the cleartext part up to SK). */
    static List<Raw> ofMessage(byte[] message) {
        return split(message, IkeConstants.HEADER_LENGTH, message[16] & 0xff);
    }

    /** The payloads inside the SK payload of a captured message, decrypted with the logged keys. */
    static List<Raw> insideSk(String caseName, byte[] message) throws Exception {
        IkeMessage sealed = IkeMessage.decodeUnprotected(message);
        TestSkCipher cipher = Captures.cipher(caseName, sealed.header().initiatorFlag());
        sealed.decrypt(cipher);
        byte[] plaintext = cipher.lastPlaintext;
        return split(plaintext, 0, sealed.sealedPayload().firstInnerPayloadType());
    }

    static Raw first(List<Raw> raws, int type) {
        return raws.stream().filter(r -> r.type() == type).findFirst().orElseThrow(() -> new AssertionError("no payload " + type));
    }
}
