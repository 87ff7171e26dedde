package io.vpnd.ike.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads the strongSwan captures under {@code /ike/captures/CASE/} (see the README there). */
final class Captures {
    static final List<String> CASES = List.of("gcm256-ecp256", "cbc256-sha256-modp2048", "gcm128-x25519");

    private static final Pattern PACKET = Pattern.compile("# packet (\\d+): ([\\d.]+):(\\d+) -> ([\\d.]+):(\\d+) .*");

    /** One captured datagram; {@code ike} is the IKE message (marker stripped) or null for ESP. */
    record Packet(int number, String source, int sourcePort, String destination, int destinationPort, byte[] udpPayload, byte[] ike) {
        @Override
        public String toString() {
            return "packet " + number + " " + source + ":" + sourcePort + "->" + destination + ":" + destinationPort;
        }
    }

    private Captures() {}

    static List<Packet> packets(String caseName) {
        String text = resource("/ike/captures/" + caseName + "/packets.hex");
        List<Packet> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PACKET.matcher(lines[i]);
            if (!m.matches()) continue;
            byte[] udp = HexFormat.of().parseHex(lines[i + 1].trim());
            int dport = Integer.parseInt(m.group(5));
            int sport = Integer.parseInt(m.group(3));
            byte[] ike;
            if (sport == 500 || dport == 500) {
                ike = udp;
            } else if (udp.length >= 4 && udp[0] == 0 && udp[1] == 0 && udp[2] == 0 && udp[3] == 0) {
                ike = Arrays.copyOfRange(udp, 4, udp.length);
            } else {
                ike = null; // ESP
            }
            out.add(new Packet(Integer.parseInt(m.group(1)), m.group(2), sport, m.group(4), dport, udp, ike));
        }
        return out;
    }

    static List<Packet> ikePackets(String caseName) {
        return packets(caseName).stream().filter(p -> p.ike() != null).toList();
    }

    static Properties keys(String caseName) {
        Properties p = new Properties();
        try (InputStream in = Captures.class.getResourceAsStream("/ike/captures/" + caseName + "/keys.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static byte[] key(String caseName, String name) {
        return HexFormat.of().parseHex(keys(caseName).getProperty(name));
    }

    /** The cipher protecting messages sent by the IKE SA initiator ({@code fromInitiator}) or responder. */
    static TestSkCipher cipher(String caseName, boolean fromInitiator) {
        String dir = fromInitiator ? "i" : "r";
        byte[] e = key(caseName, "Sk_e" + dir);
        if (caseName.startsWith("gcm")) return TestSkCipher.aesGcm16(e);
        return TestSkCipher.aesCbcHmacSha256(e, key(caseName, "Sk_a" + dir));
    }

    static String resource(String path) {
        try (InputStream in = Captures.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
