package io.vpnd.ike.message;

import io.vpnd.ike.crypto.SkCipher;
import io.vpnd.ike.crypto.SkCipher.IntegrityCheckFailedException;
import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reassembles RFC 7383 fragments (SKF payloads) of one IKE SA's incoming messages.
 *
 * <p>Each fragment is verified and decrypted on its own before anything about it is kept (RFC 7383
 * §2.6), so forged fragments cannot displace real ones. Fragments may arrive in any order;
 * duplicates are ignored. All fragments of a message must agree on Total Fragments: a verified
 * fragment with a larger total replaces the partial message (the sender re-fragmented for a
 * smaller MTU), one with a smaller total is ignored (RFC 7383 §2.5.3, §2.6.1). Memory is bounded by
 * the number of messages in reassembly (the oldest is evicted), the fragments per message and the
 * octets per message.
 *
 * <p>Requests and responses have separate message ID spaces, so partial messages are keyed by
 * both. The caller checks the message ID against its window first and, for an already answered
 * request, retransmits the response only for fragment 1 (RFC 7383 §2.6.1) instead of calling
 * {@link #add}. Not thread-safe: one instance per IKE SA, used by the SA's task manager thread.
 */
public final class FragmentAssembler {
    private static final System.Logger LOG = System.getLogger(FragmentAssembler.class.getName());

    /** Default bound on messages in reassembly at once (a window of 1 needs a request and a response). */
    public static final int DEFAULT_MAX_MESSAGES = 4;
    /** Default bound on Total Fragments (64 KiB of IKE message in 1280-octet IPv6 fragments is ~55). */
    public static final int DEFAULT_MAX_FRAGMENTS = 64;
    /** Default bound on the reassembled inner payload octets of one message. */
    public static final int DEFAULT_MAX_MESSAGE_OCTETS = 64 * 1024;

    /** What {@link #add} did with a fragment. */
    public enum Status {
        /** Kept; more fragments are missing. */
        INCOMPLETE,
        /** The last missing fragment: {@link Result#message()} is the reassembled message. */
        COMPLETE,
        /** This fragment number was already kept; ignored. */
        DUPLICATE,
        /** Total Fragments is smaller than that of the message being reassembled; ignored. */
        STALE,
        /** The message would exceed the fragment count or size bounds; discarded with its partial message. */
        TOO_LARGE
    }

    /**
     * The outcome of adding a fragment.
     *
     * @param status  what happened
     * @param message the reassembled {@link IkeMessage.Protection#OPEN} message when COMPLETE, else null
     */
    public record Result(Status status, IkeMessage message) {}

    private record Key(boolean response, long messageId) {}

    private static final class Partial {
        final int total;
        final IkeConstants.ExchangeType exchangeType;
        final byte[][] chunks;
        int received;
        int octets;
        long datagramOctets;
        IkeHeader firstHeader;
        List<IkePayload> firstCleartext = List.of();
        int firstInnerPayloadType;

        Partial(int total, IkeConstants.ExchangeType exchangeType) {
            this.total = total;
            this.exchangeType = exchangeType;
            this.chunks = new byte[total][];
        }
    }

    private final int maxMessages;
    private final int maxFragments;
    private final int maxMessageOctets;
    private final Map<Key, Partial> partials = new LinkedHashMap<>();

    public FragmentAssembler(int maxMessages, int maxFragments, int maxMessageOctets) {
        if (maxMessages < 1 || maxFragments < 1 || maxMessageOctets < 1) throw new IllegalArgumentException("bounds must be positive");
        this.maxMessages = maxMessages;
        this.maxFragments = maxFragments;
        this.maxMessageOctets = maxMessageOctets;
    }

    public FragmentAssembler() {
        this(DEFAULT_MAX_MESSAGES, DEFAULT_MAX_FRAGMENTS, DEFAULT_MAX_MESSAGE_OCTETS);
    }

    /**
     * Verifies a fragment with the sender's cipher and adds it.
     *
     * @param fragment a {@link IkeMessage.Protection#SEALED_FRAGMENT} message from {@link IkeMessage#decodeUnprotected}
     * @throws IntegrityCheckFailedException when the fragment does not verify: drop silently; nothing was kept
     * @throws IkeProtocolException          when the verified content or the reassembled message is
     *                                       malformed (the partial message is discarded)
     */
    public Result add(IkeMessage fragment, SkCipher cipher) throws IntegrityCheckFailedException, IkeProtocolException {
        EncryptedFragmentPayload skf = fragment.fragment();
        byte[] chunk = SkProtection.open(cipher, fragment.associatedData(), skf.protectedBody());

        IkeHeader header = fragment.header();
        Key key = new Key(header.responseFlag(), header.messageId());
        Partial partial = partials.get(key);
        if (partial != null && partial.exchangeType != header.exchangeType()) {
            partials.remove(key);
            throw new InvalidSyntaxException("fragments of message " + header.messageId() + " disagree on the exchange type");
        }
        if (partial != null && skf.totalFragments() < partial.total) return new Result(Status.STALE, null);
        if (partial != null && skf.totalFragments() > partial.total) {
            LOG.log(Level.DEBUG, "message {0}: Total Fragments grew from {1} to {2}, restarting reassembly",
                    header.messageId(), partial.total, skf.totalFragments());
            partials.remove(key);
            partial = null;
        }
        if (partial == null) {
            if (skf.totalFragments() > maxFragments) {
                LOG.log(Level.DEBUG, "message {0}: {1} fragments exceed the bound {2}",
                        header.messageId(), skf.totalFragments(), maxFragments);
                return new Result(Status.TOO_LARGE, null);
            }
            evictIfFull();
            partial = new Partial(skf.totalFragments(), header.exchangeType());
            partials.put(key, partial);
        }
        int index = skf.fragmentNumber() - 1;
        if (partial.chunks[index] != null) return new Result(Status.DUPLICATE, null);
        if (partial.octets + chunk.length > maxMessageOctets) {
            partials.remove(key);
            LOG.log(Level.DEBUG, "message {0}: reassembled size exceeds {1} octets", header.messageId(), maxMessageOctets);
            return new Result(Status.TOO_LARGE, null);
        }
        partial.chunks[index] = chunk;
        partial.received++;
        partial.octets += chunk.length;
        partial.datagramOctets += header.length();
        if (skf.fragmentNumber() == 1) {
            partial.firstHeader = header;
            partial.firstCleartext = fragment.cleartextPayloads();
            partial.firstInnerPayloadType = skf.firstInnerPayloadType();
        }
        if (partial.received < partial.total) return new Result(Status.INCOMPLETE, null);

        partials.remove(key);
        return new Result(Status.COMPLETE, reassemble(partial));
    }

    private static IkeMessage reassemble(Partial partial) throws IkeProtocolException {
        ByteWriter w = new ByteWriter(partial.octets);
        for (byte[] c : partial.chunks) w.bytes(c);
        byte[] content = w.toByteArray();
        List<IkePayload> inner = PayloadChain.decode(content, 0, content.length, partial.firstInnerPayloadType,
                PayloadChain.Context.INNER).payloads();
        // the header of fragment 1, as if the message had come whole; its length counts all fragments' octets
        IkeHeader header = Objects.requireNonNull(partial.firstHeader)
                .withNextPayloadAndLength(PayloadType.SK.id(), partial.datagramOctets);
        IkeMessage message = IkeMessage.reassembled(header, new ArrayList<>(partial.firstCleartext), inner);
        PayloadRules.check(message);
        return message;
    }

    private void evictIfFull() {
        if (partials.size() < maxMessages) return;
        Iterator<Map.Entry<Key, Partial>> oldest = partials.entrySet().iterator();
        Map.Entry<Key, Partial> e = oldest.next();
        LOG.log(Level.DEBUG, "evicting partial message {0} ({1}/{2} fragments)",
                e.getKey().messageId(), e.getValue().received, e.getValue().total);
        oldest.remove();
    }

    /** Drops a partial message, e.g. when the exchange it belongs to is abandoned. */
    public void discard(boolean response, long messageId) {
        partials.remove(new Key(response, messageId));
    }

    /** Drops everything (the IKE SA is gone or rekeyed). */
    public void clear() {
        partials.clear();
    }

    /** Messages currently in reassembly. */
    public int pendingMessages() {
        return partials.size();
    }
}
