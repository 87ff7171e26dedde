package io.vpnd.crypto;

import io.vpnd.crypto.Proposal.EncryptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes proposals in strongSwan's syntax ({@code aes256gcm16-prfsha256-ecp256}), so
 * that ops can copy them from the peer's {@code ipsec.conf}/{@code swanctl.conf}. Tokens are
 * separated by {@code -}; several tokens of one transform type are alternatives in preference
 * order ({@code aes128-aes256-sha256-modp2048-ecp256}). The checks follow strongSwan's
 * {@code check_proposal()}: in IKE a missing PRF is implied by the integrity algorithms, and
 * integrity tokens next to AEAD ciphers only imply the PRF; ESP is stricter than strongSwan in
 * rejecting integrity with AEAD and CBC without integrity, which vpnd's data plane cannot run.
 */
public final class ProposalParser {

    /** One keyword: what it adds to the proposal. */
    private sealed interface Token {
        record Encryption(EncryptionSpec spec) implements Token { }
        record Integrity(IntegrityAlgorithm algorithm) implements Token { }
        record Prf(PrfAlgorithm algorithm) implements Token { }
        record Group(KeyExchangeGroup group) implements Token { }
        record Esn(boolean enabled) implements Token { }
    }

    private enum Protocol { IKE, ESP }

    /** Every keyword vpnd accepts, lower case; the first name of each value is the canonical one. */
    private static final Map<String, Token> KEYWORDS = new LinkedHashMap<>();

    /** strongSwan keywords for algorithms vpnd does not implement, for a clearer message than "unknown". */
    private static final Set<String> UNSUPPORTED = Set.of(
            "null", "des", "3des", "aes128ctr", "aes192ctr", "aes256ctr",
            "aes128ccm8", "aes128ccm64", "aes128ccm12", "aes128ccm96", "aes128ccm16", "aes128ccm128", "aes128ccm",
            "aes192ccm8", "aes192ccm64", "aes192ccm12", "aes192ccm96", "aes192ccm16", "aes192ccm128", "aes192ccm",
            "aes256ccm8", "aes256ccm64", "aes256ccm12", "aes256ccm96", "aes256ccm16", "aes256ccm128", "aes256ccm",
            "aes128gmac", "aes192gmac", "aes256gmac", "chacha20poly1305", "chacha20poly1305compat",
            "blowfish", "blowfish128", "blowfish192", "blowfish256", "camellia", "camellia128", "camellia192",
            "camellia256", "cast128", "serpent", "twofish",
            "sha1_160", "sha256_96", "sha2_256_96", "md5", "md5_128", "aesxcbc", "camelliaxcbc", "aescmac",
            "prfmd5", "prfaesxcbc", "prfcamelliaxcbc", "prfaescmac",
            "none", "modpnone", "modpnull", "modp768", "ecp192", "ecp224", "ecp224bp", "ecp256bp", "ecp384bp",
            "ecp512bp", "curve448", "x448");

    static {
        for (int bits : new int[] {128, 192, 256}) {
            String aes = "aes" + bits;
            put(new Token.Encryption(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, bits)), aes);
            put(new Token.Encryption(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_8, bits)),
                    aes + "gcm8", aes + "gcm64");
            put(new Token.Encryption(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_12, bits)),
                    aes + "gcm12", aes + "gcm96");
            put(new Token.Encryption(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, bits)),
                    aes + "gcm16", aes + "gcm128", aes + "gcm");
        }
        // strongSwan's "aes" means AES-128-CBC
        put(new Token.Encryption(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128)), "aes");
        put(new Token.Integrity(IntegrityAlgorithm.AUTH_HMAC_SHA1_96), "sha1", "sha");
        put(new Token.Integrity(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128), "sha256", "sha2_256");
        put(new Token.Integrity(IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192), "sha384", "sha2_384");
        put(new Token.Integrity(IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256), "sha512", "sha2_512");
        put(new Token.Prf(PrfAlgorithm.PRF_HMAC_SHA1), "prfsha1");
        put(new Token.Prf(PrfAlgorithm.PRF_HMAC_SHA2_256), "prfsha256");
        put(new Token.Prf(PrfAlgorithm.PRF_HMAC_SHA2_384), "prfsha384");
        put(new Token.Prf(PrfAlgorithm.PRF_HMAC_SHA2_512), "prfsha512");
        put(new Token.Group(KeyExchangeGroup.MODP_1024), "modp1024");
        put(new Token.Group(KeyExchangeGroup.MODP_1536), "modp1536");
        put(new Token.Group(KeyExchangeGroup.MODP_2048), "modp2048");
        put(new Token.Group(KeyExchangeGroup.MODP_3072), "modp3072");
        put(new Token.Group(KeyExchangeGroup.MODP_4096), "modp4096");
        put(new Token.Group(KeyExchangeGroup.MODP_6144), "modp6144");
        put(new Token.Group(KeyExchangeGroup.MODP_8192), "modp8192");
        put(new Token.Group(KeyExchangeGroup.MODP_1024_160), "modp1024s160");
        put(new Token.Group(KeyExchangeGroup.MODP_2048_224), "modp2048s224");
        put(new Token.Group(KeyExchangeGroup.MODP_2048_256), "modp2048s256");
        put(new Token.Group(KeyExchangeGroup.ECP_256), "ecp256");
        put(new Token.Group(KeyExchangeGroup.ECP_384), "ecp384");
        put(new Token.Group(KeyExchangeGroup.ECP_521), "ecp521");
        put(new Token.Group(KeyExchangeGroup.CURVE25519), "curve25519", "x25519");
        put(new Token.Esn(true), "esn");
        put(new Token.Esn(false), "noesn");
    }

    private static void put(Token token, String... names) {
        for (String name : names) {
            KEYWORDS.putIfAbsent(name, token);
        }
    }

    private ProposalParser() { }

    /**
     * Parses an IKE proposal. Requires encryption, a key exchange group, and integrity for CBC
     * ciphers; the PRF defaults to the one matching each integrity algorithm, and must be given
     * explicitly ({@code prfsha256}) with AEAD ciphers unless an integrity token implies it.
     *
     * @throws IllegalArgumentException naming the offending token
     */
    public static Proposal parseIke(String text) {
        return parse(text, Protocol.IKE);
    }

    /**
     * Parses an ESP proposal. Requires encryption; CBC needs integrity and AEAD takes none; a key
     * exchange group means PFS on rekey; {@code esn}/{@code noesn} default to {@code noesn}.
     *
     * @throws IllegalArgumentException naming the offending token
     */
    public static Proposal parseEsp(String text) {
        return parse(text, Protocol.ESP);
    }

    /**
     * The proposal in strongSwan syntax, canonical keywords in transform-type order. The PRF is
     * left out when it is the one implied by the integrity algorithms, so that
     * {@code parseIke(toStrongSwanString(p))} gives back {@code p}.
     */
    public static String toStrongSwanString(Proposal proposal) {
        List<String> tokens = new ArrayList<>();
        for (EncryptionSpec spec : proposal.encryption()) {
            tokens.add(nameOf(new Token.Encryption(spec)));
        }
        for (IntegrityAlgorithm integrity : proposal.integrity()) {
            tokens.add(nameOf(new Token.Integrity(integrity)));
        }
        if (!proposal.prf().isEmpty() && !proposal.prf().equals(impliedPrfs(proposal.integrity()))) {
            for (PrfAlgorithm prf : proposal.prf()) {
                tokens.add(nameOf(new Token.Prf(prf)));
            }
        }
        for (KeyExchangeGroup group : proposal.groups()) {
            tokens.add(nameOf(new Token.Group(group)));
        }
        if (!proposal.esn().isEmpty() && !proposal.esn().equals(List.of(false))) {
            for (boolean esn : proposal.esn()) {
                tokens.add(esn ? "esn" : "noesn");
            }
        }
        return String.join("-", tokens);
    }

    private static String nameOf(Token token) {
        for (Map.Entry<String, Token> e : KEYWORDS.entrySet()) {
            if (e.getValue().equals(token)) return e.getKey();
        }
        throw new IllegalArgumentException("no strongSwan keyword for " + token);
    }

    private static Proposal parse(String text, Protocol protocol) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty " + protocol + " proposal");
        }
        String quoted = "\"" + text + "\"";
        String body = text.strip();
        // ipsec.conf's trailing "!" (strict: no default proposals appended) is how vpnd behaves anyway
        if (body.endsWith("!")) body = body.substring(0, body.length() - 1);

        List<EncryptionSpec> encryption = new ArrayList<>();
        List<IntegrityAlgorithm> integrity = new ArrayList<>();
        List<PrfAlgorithm> prfs = new ArrayList<>();
        List<KeyExchangeGroup> groups = new ArrayList<>();
        List<Boolean> esn = new ArrayList<>();
        String firstAead = null;
        String firstCbc = null;
        String firstIntegrity = null;

        for (String raw : body.split("-", -1)) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty algorithm name in " + protocol + " proposal " + quoted);
            }
            Token token = KEYWORDS.get(name);
            if (token == null) {
                throw new IllegalArgumentException(unknownTokenMessage(raw, name, protocol, quoted));
            }
            boolean added;
            if (token instanceof Token.Encryption enc) {
                added = addOnce(encryption, enc.spec());
                if (enc.spec().algorithm().isAead()) {
                    if (firstAead == null) firstAead = raw;
                } else if (firstCbc == null) {
                    firstCbc = raw;
                }
            } else if (token instanceof Token.Integrity integ) {
                added = addOnce(integrity, integ.algorithm());
                if (firstIntegrity == null) firstIntegrity = raw;
            } else if (token instanceof Token.Prf prf) {
                if (protocol == Protocol.ESP) {
                    throw new IllegalArgumentException("\"" + raw + "\" in ESP proposal " + quoted
                            + " is a PRF, which only IKE proposals take (remove it)");
                }
                added = addOnce(prfs, prf.algorithm());
            } else if (token instanceof Token.Group group) {
                added = addOnce(groups, group.group());
            } else {
                Token.Esn e = (Token.Esn) token;
                if (protocol == Protocol.IKE) {
                    throw new IllegalArgumentException("\"" + raw + "\" in IKE proposal " + quoted
                            + " is an ESP option, which IKE proposals do not take (remove it)");
                }
                added = addOnce(esn, e.enabled());
            }
            if (!added) {
                throw new IllegalArgumentException("\"" + raw + "\" appears twice in " + protocol + " proposal " + quoted);
            }
        }

        if (encryption.isEmpty()) {
            throw new IllegalArgumentException(protocol + " proposal " + quoted
                    + " has no encryption algorithm (add e.g. aes256gcm16 or aes256)");
        }
        if (firstAead != null && firstCbc != null) {
            throw new IllegalArgumentException("\"" + firstCbc + "\" and \"" + firstAead + "\" in " + protocol
                    + " proposal " + quoted + ": classic (CBC) and AEAD encryption cannot share one proposal;"
                    + " write them as two proposals");
        }
        boolean aead = firstAead != null;
        if (protocol == Protocol.IKE) {
            if (!aead && integrity.isEmpty()) {
                throw new IllegalArgumentException("IKE proposal " + quoted + " with CBC encryption \"" + firstCbc
                        + "\" needs an integrity algorithm (add e.g. sha256)");
            }
            if (prfs.isEmpty()) prfs.addAll(impliedPrfs(integrity));
            if (prfs.isEmpty()) {
                throw new IllegalArgumentException("IKE proposal " + quoted + " with AEAD encryption \"" + firstAead
                        + "\" needs a PRF (add e.g. prfsha256)");
            }
            // strongSwan semantics: next to AEAD ciphers, integrity tokens only name the PRF
            if (aead) integrity.clear();
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("IKE proposal " + quoted
                        + " has no key exchange group (add e.g. ecp256 or modp2048)");
            }
        } else {
            if (aead && !integrity.isEmpty()) {
                throw new IllegalArgumentException("\"" + firstIntegrity + "\" in ESP proposal " + quoted
                        + ": AEAD encryption \"" + firstAead + "\" takes no integrity algorithm (remove \""
                        + firstIntegrity + "\")");
            }
            if (!aead && integrity.isEmpty()) {
                throw new IllegalArgumentException("ESP proposal " + quoted + " with CBC encryption \"" + firstCbc
                        + "\" needs an integrity algorithm (add e.g. sha256)");
            }
            if (esn.isEmpty()) esn.add(false);
        }
        return new Proposal(encryption, integrity, prfs, groups, esn);
    }

    private static <T> boolean addOnce(List<T> list, T value) {
        if (list.contains(value)) return false;
        list.add(value);
        return true;
    }

    /** strongSwan's integ_prf_map: the PRF built on the same hash as each integrity algorithm. */
    private static List<PrfAlgorithm> impliedPrfs(List<IntegrityAlgorithm> integrity) {
        List<PrfAlgorithm> prfs = new ArrayList<>();
        for (IntegrityAlgorithm i : integrity) {
            PrfAlgorithm prf = switch (i) {
                case AUTH_HMAC_SHA1_96 -> PrfAlgorithm.PRF_HMAC_SHA1;
                case AUTH_HMAC_SHA2_256_128 -> PrfAlgorithm.PRF_HMAC_SHA2_256;
                case AUTH_HMAC_SHA2_384_192 -> PrfAlgorithm.PRF_HMAC_SHA2_384;
                case AUTH_HMAC_SHA2_512_256 -> PrfAlgorithm.PRF_HMAC_SHA2_512;
            };
            if (!prfs.contains(prf)) prfs.add(prf);
        }
        return prfs;
    }

    private static String unknownTokenMessage(String raw, String name, Protocol protocol, String quoted) {
        String where = "\"" + raw + "\" in " + protocol + " proposal " + quoted;
        if (UNSUPPORTED.contains(name)) {
            return where + " is a strongSwan algorithm that vpnd does not implement"
                    + " (vpnd has AES-CBC, AES-GCM, SHA1/SHA2, MODP, ECP and Curve25519 groups)";
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String keyword : KEYWORDS.keySet()) {
            int d = editDistance(name, keyword);
            if (d < bestDistance) {
                bestDistance = d;
                best = keyword;
            }
        }
        String hint = bestDistance <= 2 ? " (did you mean \"" + best + "\"?)" : "";
        return where + " is not a known algorithm" + hint;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
