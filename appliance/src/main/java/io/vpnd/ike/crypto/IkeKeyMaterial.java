package io.vpnd.ike.crypto;

import javax.security.auth.Destroyable;
import java.util.Objects;

/**
 * The secrets of one IKE SA (RFC 7296 §2.14): SK_d for Child SA and rekey derivation, SK_ai/SK_ar
 * and SK_ei/SK_er protecting the SK payload in each direction, SK_pi/SK_pr for AUTH. Created by
 * {@link #derive} after IKE_SA_INIT or by {@link #deriveRekeyed} after an IKE SA rekey (§2.18).
 *
 * <p>The raw keys stay inside: callers get {@link SkCipher}s, signed octets and Child SA keys.
 * {@code toString} names the algorithms only; {@link #destroy()} overwrites every key.
 */
public final class IkeKeyMaterial implements Destroyable {
    private final IkeSaTransforms transforms;
    private final Prf prf;
    private final byte[] skD;
    private final byte[] skAi;
    private final byte[] skAr;
    private final byte[] skEi;
    private final byte[] skEr;
    private final byte[] skPi;
    private final byte[] skPr;
    private volatile boolean destroyed;

    private IkeKeyMaterial(IkeSaTransforms transforms, Prf prf, byte[] skeyseed, byte[] ni, byte[] nr,
                           long spiI, long spiR) {
        this.transforms = transforms;
        this.prf = prf;
        int d = prf.preferredKeyLength();
        int a = transforms.integrityKeyLength();
        int e = transforms.encryptionKeyLength();
        int p = prf.preferredKeyLength();
        byte[] seed = Bytes.concat(ni, nr, Bytes.spi(spiI), Bytes.spi(spiR));
        byte[] stream = prf.prfPlus(skeyseed, seed, d + 2 * a + 2 * e + 2 * p);
        int off = 0;
        skD = Bytes.copyOfRange(stream, off, d);
        off += d;
        skAi = Bytes.copyOfRange(stream, off, a);
        off += a;
        skAr = Bytes.copyOfRange(stream, off, a);
        off += a;
        skEi = Bytes.copyOfRange(stream, off, e);
        off += e;
        skEr = Bytes.copyOfRange(stream, off, e);
        off += e;
        skPi = Bytes.copyOfRange(stream, off, p);
        off += p;
        skPr = Bytes.copyOfRange(stream, off, p);
        Bytes.wipe(stream, seed);
    }

    /**
     * Keys of a new IKE SA from IKE_SA_INIT.
     *
     * @param sharedSecret g^ir as {@link KeyExchange#sharedSecret} returns it
     * @param ni           the initiator's nonce (Nonce Data only)
     * @param nr           the responder's nonce
     * @param spiI         the initiator's IKE SPI
     * @param spiR         the responder's IKE SPI
     */
    public static IkeKeyMaterial derive(IkeSaTransforms transforms, byte[] sharedSecret, byte[] ni, byte[] nr,
                                        long spiI, long spiR) {
        Objects.requireNonNull(transforms, "transforms");
        Prf prf = Prf.of(transforms.prf());
        byte[] skeyseed = skeyseed(prf, sharedSecret, ni, nr);
        try {
            return new IkeKeyMaterial(transforms, prf, skeyseed, ni, nr, spiI, spiR);
        } finally {
            Bytes.wipe(skeyseed);
        }
    }

    /**
     * Keys of the IKE SA that replaces {@code old} in a CREATE_CHILD_SA rekey (RFC 7296 §2.18):
     * SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old SA's PRF, then prf+ with the
     * new SA's PRF over the new nonces and SPIs. Ni/Nr/SPIi/SPIr are those of the rekey exchange,
     * where "initiator" is whoever initiated the rekey.
     */
    public static IkeKeyMaterial deriveRekeyed(IkeKeyMaterial old, IkeSaTransforms transforms, byte[] sharedSecret,
                                               byte[] ni, byte[] nr, long spiI, long spiR) {
        Objects.requireNonNull(transforms, "transforms");
        old.checkLive();
        byte[] skeyseed = rekeyedSkeyseed(old.prf, old.skD, sharedSecret, ni, nr);
        try {
            return new IkeKeyMaterial(transforms, Prf.of(transforms.prf()), skeyseed, ni, nr, spiI, spiR);
        } finally {
            Bytes.wipe(skeyseed);
        }
    }

    /**
     * SKEYSEED = prf(Ni | Nr, g^ir). PRFs with fixed-size keys take only the first half-key of
     * each nonce (RFC 7296 §2.14: 64 bits each for the 128-bit AES-XCBC/CMAC PRFs).
     */
    static byte[] skeyseed(Prf prf, byte[] sharedSecret, byte[] ni, byte[] nr) {
        byte[] key;
        if (prf.hasFixedKeyLength()) {
            int half = prf.preferredKeyLength() / 2;
            key = Bytes.concat(Bytes.copyOfRange(ni, 0, half), Bytes.copyOfRange(nr, 0, half));
        } else {
            key = Bytes.concat(ni, nr);
        }
        try {
            return prf.compute(key, sharedSecret);
        } finally {
            Bytes.wipe(key);
        }
    }

    /** SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), RFC 7296 §2.18. */
    static byte[] rekeyedSkeyseed(Prf oldPrf, byte[] oldSkD, byte[] sharedSecret, byte[] ni, byte[] nr) {
        return oldPrf.compute(oldSkD, sharedSecret, ni, nr);
    }

    public IkeSaTransforms transforms() {
        return transforms;
    }

    /** The negotiated PRF (for AUTH computations). */
    public Prf prf() {
        return prf;
    }

    /** Protects the SK payloads this host sends: SK_ei/SK_ai when {@code self} is the initiator. */
    public SkCipher outboundCipher(IkeRole self) {
        return cipherFor(self);
    }

    /** Verifies and decrypts the SK payloads the peer sends. */
    public SkCipher inboundCipher(IkeRole self) {
        return cipherFor(self.peer());
    }

    private SkCipher cipherFor(IkeRole sender) {
        checkLive();
        boolean initiator = sender == IkeRole.INITIATOR;
        return SkCiphers.create(transforms.encryption(), transforms.integrity(),
                initiator ? skEi : skEr, initiator ? skAi : skAr);
    }

    /**
     * The octets {@code signer} signs or MACs for AUTH (RFC 7296 §2.15): its RealMessage (its
     * IKE_SA_INIT message), the other side's nonce, and prf(SK_p, IDType | RESERVED | IDData) with
     * SK_pi for the initiator and SK_pr for the responder.
     *
     * @param idPayloadBody the ID payload without its generic header (IDi' or IDr')
     */
    public byte[] signedOctets(IkeRole signer, byte[] realMessage, byte[] peerNonce, byte[] idPayloadBody) {
        checkLive();
        return AuthOctets.signedOctets(prf, signer == IkeRole.INITIATOR ? skPi : skPr,
                realMessage, peerNonce, idPayloadBody);
    }

    /**
     * KEYMAT for a Child SA (RFC 7296 §2.17): prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir | Ni | Nr)
     * when the CREATE_CHILD_SA carried KE payloads.
     *
     * @param sharedSecret g^ir (new) of the CREATE_CHILD_SA, or null without PFS
     * @param ni           Ni of that exchange (of IKE_SA_INIT for the Child SA of IKE_AUTH)
     * @param nr           Nr likewise
     */
    public ChildKeyMaterial deriveChild(ChildSaTransforms child, byte[] sharedSecret, byte[] ni, byte[] nr) {
        checkLive();
        return ChildKeyMaterial.derive(prf, skD, child, sharedSecret, ni, nr);
    }

    // Package-private views for known-answer tests only.
    byte[] skD() { return skD.clone(); }
    byte[] skAi() { return skAi.clone(); }
    byte[] skAr() { return skAr.clone(); }
    byte[] skEi() { return skEi.clone(); }
    byte[] skEr() { return skEr.clone(); }
    byte[] skPi() { return skPi.clone(); }
    byte[] skPr() { return skPr.clone(); }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("IKE SA key material destroyed");
        }
    }

    /** Overwrites every key. SkCiphers already handed out keep their own copies; discard them too. */
    @Override
    public void destroy() {
        destroyed = true;
        Bytes.wipe(skD, skAi, skAr, skEi, skEr, skPi, skPr);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "IkeKeyMaterial[" + transforms + (destroyed ? ", destroyed" : "") + "]";
    }
}
