package io.vpnd.ike.crypto;

/**
 * Which end of an exchange this host is. For an IKE SA it is the role in the IKE_SA_INIT (or,
 * after a rekey, the CREATE_CHILD_SA that created it, RFC 7296 §2.18); for Child SA keying
 * material it is the role in the exchange that created the Child SA (§2.17).
 */
public enum IkeRole {
    INITIATOR, RESPONDER;

    public IkeRole peer() {
        return this == INITIATOR ? RESPONDER : INITIATOR;
    }
}
