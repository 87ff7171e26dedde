package io.vpnd.ike.crypto;

/** The octets an AUTH payload signs or MACs (RFC 7296 §2.15). */
final class AuthOctets {
    private AuthOctets() {
    }

    /**
     * InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI, and symmetrically for the
     * responder, where MACedIDFor = prf(SK_p, IDType | RESERVED | IDData).
     */
    static byte[] signedOctets(Prf prf, byte[] skP, byte[] realMessage, byte[] peerNonce, byte[] idPayloadBody) {
        byte[] macedId = prf.compute(skP, idPayloadBody);
        return Bytes.concat(realMessage, peerNonce, macedId);
    }
}
