package io.vpnd.ike.task;

import io.vpnd.config.IkeIdentity;
import io.vpnd.ike.message.IdPayload;
import io.vpnd.ike.message.IkeConstants.IdType;

import java.util.Arrays;

/** IKE identities from the config as ID payloads, and whether a received ID matches a configured one. */
final class Identities {
    private Identities() {
    }

    static IdPayload payload(boolean initiator, IkeIdentity id) {
        return new IdPayload(initiator, id.type().id(), id.encoded());
    }

    /** True when {@code received} names {@code configured}: same type, same value (names case-insensitively). */
    static boolean matches(IkeIdentity configured, IdPayload received) {
        if (configured.type().id() != received.idTypeId()) return false;
        IdType t = received.idType();
        if (t == IdType.ID_FQDN || t == IdType.ID_RFC822_ADDR) {
            return configured.value().equalsIgnoreCase(received.displayValue());
        }
        return Arrays.equals(configured.encoded(), received.data());
    }
}
