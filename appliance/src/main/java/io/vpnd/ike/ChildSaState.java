package io.vpnd.ike;

/**
 * Life of a Child SA:
 * <pre>
 *   CREATED ──negotiated──▶ INSTALLED ──rekey started──▶ REKEYING ──new SA installed──▶ REKEYED ──▶ DELETING ──▶ DESTROYED
 *                              │                            │                                          ▲
 *                              └──────────────delete / IKE SA gone───────────────────────────────────────┘
 * </pre>
 */
public enum ChildSaState {
    CREATED,
    /** Both directions installed in the data plane. */
    INSTALLED,
    /** A CREATE_CHILD_SA rekey for this SA is in flight. */
    REKEYING,
    /** Replaced by a newer SA; kept briefly for packets in flight, then deleted. */
    REKEYED,
    DELETING,
    DESTROYED;

    public boolean canMoveTo(ChildSaState next) {
        return switch (this) {
            case CREATED -> next == INSTALLED || next == DELETING || next == DESTROYED;
            case INSTALLED -> next == REKEYING || next == REKEYED || next == DELETING || next == DESTROYED;
            case REKEYING -> next == INSTALLED || next == REKEYED || next == DELETING || next == DESTROYED;
            case REKEYED -> next == DELETING || next == DESTROYED;
            case DELETING -> next == DESTROYED;
            case DESTROYED -> false;
        };
    }
}
