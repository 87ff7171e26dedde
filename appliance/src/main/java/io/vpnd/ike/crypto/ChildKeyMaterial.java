package io.vpnd.ike.crypto;

import io.vpnd.esp.SaDirection;

import javax.security.auth.Destroyable;
import java.util.Objects;

/**
 * The keys of one Child SA pair, split from KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) in the
 * order of RFC 7296 §2.17 and RFC 4301: initiator-to-responder encryption key then integrity key,
 * then responder-to-initiator encryption and integrity keys. "Initiator" is the initiator of the
 * exchange that created the Child SA (IKE_AUTH or CREATE_CHILD_SA), not of the IKE SA.
 *
 * <p>Getters return copies the caller owns (e.g. to hand to {@code ChildSaSpec}); {@code toString}
 * never shows key material.
 */
public final class ChildKeyMaterial implements Destroyable {
    private final ChildSaTransforms transforms;
    private final byte[] encryptionI;
    private final byte[] integrityI;
    private final byte[] encryptionR;
    private final byte[] integrityR;
    private volatile boolean destroyed;

    private ChildKeyMaterial(ChildSaTransforms transforms, byte[] keymat) {
        this.transforms = transforms;
        int e = transforms.encryptionKeyLength();
        int a = transforms.integrityKeyLength();
        this.encryptionI = Bytes.copyOfRange(keymat, 0, e);
        this.integrityI = Bytes.copyOfRange(keymat, e, a);
        this.encryptionR = Bytes.copyOfRange(keymat, e + a, e);
        this.integrityR = Bytes.copyOfRange(keymat, 2 * e + a, a);
    }

    /**
     * Derives KEYMAT. {@code sharedSecret} is g^ir of a CREATE_CHILD_SA with a KE payload (PFS), or
     * null; Ni and Nr are the nonces of that exchange, or of IKE_SA_INIT for the first Child SA.
     */
    static ChildKeyMaterial derive(Prf prf, byte[] skD, ChildSaTransforms transforms,
                                   byte[] sharedSecret, byte[] ni, byte[] nr) {
        Objects.requireNonNull(transforms, "transforms");
        byte[] seed = sharedSecret == null ? Bytes.concat(ni, nr) : Bytes.concat(sharedSecret, ni, nr);
        int length = 2 * (transforms.encryptionKeyLength() + transforms.integrityKeyLength());
        byte[] keymat = prf.prfPlus(skD, seed, length);
        try {
            return new ChildKeyMaterial(transforms, keymat);
        } finally {
            Bytes.wipe(seed, keymat);
        }
    }

    public ChildSaTransforms transforms() {
        return transforms;
    }

    /** The encryption key (salt included for GCM) of the SA carrying traffic sent by {@code sender}. */
    public byte[] encryptionKey(IkeRole sender) {
        checkLive();
        return (sender == IkeRole.INITIATOR ? encryptionI : encryptionR).clone();
    }

    /** The integrity key of the SA carrying traffic sent by {@code sender}; empty for AEAD. */
    public byte[] integrityKey(IkeRole sender) {
        checkLive();
        return (sender == IkeRole.INITIATOR ? integrityI : integrityR).clone();
    }

    /** The encryption key for our SA in {@code direction}, {@code self} being our role in the creating exchange. */
    public byte[] encryptionKey(IkeRole self, SaDirection direction) {
        return encryptionKey(direction == SaDirection.OUTBOUND ? self : self.peer());
    }

    /** The integrity key for our SA in {@code direction}, {@code self} being our role in the creating exchange. */
    public byte[] integrityKey(IkeRole self, SaDirection direction) {
        return integrityKey(direction == SaDirection.OUTBOUND ? self : self.peer());
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("Child SA key material destroyed");
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        Bytes.wipe(encryptionI, integrityI, encryptionR, integrityR);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ChildKeyMaterial[" + transforms + (destroyed ? ", destroyed" : "") + "]";
    }
}
