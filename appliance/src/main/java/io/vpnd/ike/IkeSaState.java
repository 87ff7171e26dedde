package io.vpnd.ike;

/**
 * Life of an IKE SA (the moves {@link IkeSa} allows):
 * <pre>
 *   CREATED ──IKE_SA_INIT──▶ CONNECTING ──IKE_AUTH ok──▶ ESTABLISHED ◀──▶ REKEYING
 *      │                        │                            │              │
 *      └────────────────────────┴──────failure/delete────────┴──▶ DELETING ─┴─▶ DESTROYED
 *   ESTABLISHED ──rekeyed, old SA── ▶ REKEYED ──▶ DELETING
 * </pre>
 */
public enum IkeSaState {
    /** Created, nothing sent or received yet. */
    CREATED,
    /** IKE_SA_INIT/IKE_AUTH in progress. */
    CONNECTING,
    /** Authenticated; carries CREATE_CHILD_SA and INFORMATIONAL exchanges. */
    ESTABLISHED,
    /** An IKE SA rekey is in progress on this SA. */
    REKEYING,
    /** This SA was replaced by a rekeyed one and waits for its deletion. */
    REKEYED,
    /** A DELETE is in flight or the SA is being torn down. */
    DELETING,
    /** Gone; nothing may use it any more. */
    DESTROYED;

    /** Whether the move from this state to {@code next} is one the diagram allows. */
    public boolean canMoveTo(IkeSaState next) {
        return switch (this) {
            case CREATED -> next == CONNECTING || next == DELETING || next == DESTROYED;
            case CONNECTING -> next == ESTABLISHED || next == DELETING || next == DESTROYED;
            case ESTABLISHED -> next == REKEYING || next == REKEYED || next == DELETING || next == DESTROYED;
            case REKEYING -> next == ESTABLISHED || next == REKEYED || next == DELETING || next == DESTROYED;
            case REKEYED -> next == DELETING || next == DESTROYED;
            case DELETING -> next == DESTROYED;
            case DESTROYED -> false;
        };
    }
}
