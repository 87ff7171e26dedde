package io.vpnd.ike.message;

import io.vpnd.ike.crypto.SkCipher;
import io.vpnd.ike.crypto.SkCipher.IntegrityCheckFailedException;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An IKEv2 message (RFC 7296 §3): the header, the payloads in the clear, and the payloads inside
 * the Encrypted payload (SK, §3.14). Immutable.
 *
 * <p>Receiving is done in steps so that the IKE SA can be found before anything is decrypted:
 * <pre>
 *   datagram ─▶ {@link IkeHeader#decode}            SPIs → IKE SA (unknown: drop)
 *            ─▶ {@link #decodeUnprotected}          cleartext chain; IKE_SA_INIT is complete here
 *            ─▶ {@link #decrypt}(peer's SkCipher)   SK verified + opened   (SEALED → OPEN)
 *            or {@link FragmentAssembler#add}       SKF fragments verified + reassembled (SEALED_FRAGMENT → OPEN)
 * </pre>
 * Every message these return as complete ({@link Protection#NONE} or {@link Protection#OPEN}) has
 * passed {@link PayloadRules}. Exceptions thrown before the SK payload verified come from
 * unauthenticated input: drop the datagram silently. An {@link IntegrityCheckFailedException} is
 * always dropped silently. An {@link IkeProtocolException} from {@link #decrypt} concerns an
 * authenticated request and may be answered (see {@link IkeProtocolException}).
 *
 * <p>Sending: build with {@link #unprotected} (IKE_SA_INIT, unprotected error replies) or
 * {@link #protectedBySk}, then {@link #encode} or, when the peer supports RFC 7383,
 * {@link #encodeFragments}. Encoding fills in every Next Payload, length and the padding.
 */
public final class IkeMessage {

    /** Where the message's content stands with respect to SK/SKF protection. */
    public enum Protection {
        /** No SK payload: IKE_SA_INIT, or an unprotected error reply (RFC 7296 §1.5). */
        NONE,
        /** Received with an SK payload not yet verified: call {@link #decrypt}. */
        SEALED,
        /** Received with an SKF payload: one fragment, for {@link FragmentAssembler}. */
        SEALED_FRAGMENT,
        /** SK-protected with its inner payloads known: built for sending, decrypted, or reassembled. */
        OPEN
    }

    private final IkeHeader header;
    private final Protection protection;
    private final List<IkePayload> cleartext;
    private final List<IkePayload> inner;
    /** The SK or SKF payload of a sealed message, else null. */
    private final IkePayload sealed;
    /** For a sealed message: the received octets from the IKE header through the SK/SKF payload header. */
    private final byte[] associatedData;

    private IkeMessage(IkeHeader header, Protection protection, List<IkePayload> cleartext, List<IkePayload> inner,
                       IkePayload sealed, byte[] associatedData) {
        this.header = header;
        this.protection = protection;
        this.cleartext = List.copyOf(cleartext);
        this.inner = List.copyOf(inner);
        this.sealed = sealed;
        this.associatedData = associatedData;
    }

    /**
     * A message without SK (IKE_SA_INIT, or an unprotected INVALID_IKE_SPI/INVALID_MAJOR_VERSION
     * reply as RFC 7296 §1.5 describes).
     */
    public static IkeMessage unprotected(IkeHeader header, List<? extends IkePayload> payloads) {
        List<IkePayload> list = checkBuildable(payloads);
        return new IkeMessage(header, Protection.NONE, list, List.of(), null, null);
    }

    /** A message whose payloads all go inside SK (all exchanges after IKE_SA_INIT); may be empty (a DPD). */
    public static IkeMessage protectedBySk(IkeHeader header, List<? extends IkePayload> innerPayloads) {
        if (header.exchangeType() == ExchangeType.IKE_SA_INIT) {
            throw new IllegalArgumentException("IKE_SA_INIT is never encrypted");
        }
        List<IkePayload> list = checkBuildable(innerPayloads);
        return new IkeMessage(header, Protection.OPEN, List.of(), list, null, null);
    }

    private static List<IkePayload> checkBuildable(List<? extends IkePayload> payloads) {
        for (IkePayload p : payloads) {
            if (p instanceof EncryptedPayload || p instanceof EncryptedFragmentPayload) {
                throw new IllegalArgumentException("SK/SKF payloads are created by encoding, not added");
            }
        }
        return List.copyOf(payloads);
    }

    /**
     * Decodes a received message as far as possible without keys: the header and the cleartext
     * payloads. Returns a {@link Protection#NONE} message (checked against {@link PayloadRules}),
     * or a {@link Protection#SEALED}/{@link Protection#SEALED_FRAGMENT} one whose SK/SKF payload
     * awaits {@link #decrypt} or {@link FragmentAssembler}.
     *
     * @param datagram the IKE message: the UDP payload, after the non-ESP marker on port 4500
     * @throws IkeProtocolException for anything malformed; the input is unauthenticated, so the
     *                              datagram is dropped (except as {@link IkeProtocolException} allows)
     */
    public static IkeMessage decodeUnprotected(byte[] datagram) throws IkeProtocolException {
        IkeHeader header = IkeHeader.decode(datagram);
        PayloadChain.Decoded chain = PayloadChain.decode(datagram, IkeConstants.HEADER_LENGTH,
                datagram.length - IkeConstants.HEADER_LENGTH, header.nextPayload(), PayloadChain.Context.CLEARTEXT);
        IkeMessage message;
        if (chain.sealed() == null) {
            message = new IkeMessage(header, Protection.NONE, chain.payloads(), List.of(), null, null);
        } else {
            boolean fragment = chain.sealed() instanceof EncryptedFragmentPayload;
            int headerLength = fragment ? IkeConstants.SKF_HEADER_LENGTH : IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH;
            byte[] aad = Arrays.copyOf(datagram, chain.sealedOffset() + headerLength);
            message = new IkeMessage(header, fragment ? Protection.SEALED_FRAGMENT : Protection.SEALED,
                    chain.payloads(), List.of(), chain.sealed(), aad);
        }
        PayloadRules.check(message);
        return message;
    }

    /**
     * Verifies and decrypts the SK payload with the sender's keys and decodes the payloads inside.
     *
     * @return the {@link Protection#OPEN} message, checked against {@link PayloadRules}
     * @throws IntegrityCheckFailedException when the ICV does not verify: drop silently
     * @throws IkeProtocolException          when the authenticated content is malformed, has a
     *                                       critical unknown payload or breaks the payload rules
     * @throws IllegalStateException         when the message is not {@link Protection#SEALED}
     */
    public IkeMessage decrypt(SkCipher cipher) throws IntegrityCheckFailedException, IkeProtocolException {
        if (protection != Protection.SEALED) {
            throw new IllegalStateException("decrypt needs a SEALED message, this one is " + protection
                    + (protection == Protection.SEALED_FRAGMENT ? " (use FragmentAssembler)" : ""));
        }
        EncryptedPayload sk = (EncryptedPayload) sealed;
        byte[] content = SkProtection.open(cipher, associatedData, sk.body());
        List<IkePayload> payloads = PayloadChain.decode(content, 0, content.length, sk.firstInnerPayloadType(),
                PayloadChain.Context.INNER).payloads();
        IkeMessage open = new IkeMessage(header, Protection.OPEN, cleartext, payloads, null, null);
        PayloadRules.check(open);
        return open;
    }

    /** A reassembled message (used by {@link FragmentAssembler}); rules are checked by the caller. */
    static IkeMessage reassembled(IkeHeader header, List<IkePayload> cleartext, List<IkePayload> inner) {
        return new IkeMessage(header, Protection.OPEN, cleartext, inner, null, null);
    }

    /**
     * Encodes the message, computing every Next Payload field, the lengths and, for an
     * {@link Protection#OPEN} message, the padding and the SK payload (IV, ciphertext, ICV) from
     * {@code cipher} with associated data from the header through the SK payload header. A sealed
     * message encodes as received with its SK/SKF body unchanged.
     *
     * @param cipherOrNull the local side's SkCipher; required for {@link Protection#OPEN}, ignored otherwise
     */
    public byte[] encode(SkCipher cipherOrNull) {
        return switch (protection) {
            case NONE -> encodeClear(PayloadType.NO_NEXT_PAYLOAD.id(), null);
            case SEALED, SEALED_FRAGMENT -> encodeClear(sealed.typeId(), sealed);
            case OPEN -> encodeOpen(requireCipher(cipherOrNull));
        };
    }

    private static SkCipher requireCipher(SkCipher cipher) {
        if (cipher == null) throw new IllegalArgumentException("an SK-protected message needs an SkCipher to encode");
        return cipher;
    }

    private byte[] encodeClear(int lastNext, IkePayload sealedPayload) {
        ByteWriter body = new ByteWriter(512);
        PayloadChain.encode(body, cleartext, lastNext);
        if (sealedPayload instanceof EncryptedPayload sk) body.bytes(sk.encode(sk.firstInnerPayloadType()));
        if (sealedPayload instanceof EncryptedFragmentPayload skf) body.bytes(skf.encode(skf.firstInnerPayloadType()));
        byte[] payloads = body.toByteArray();
        int first = cleartext.isEmpty() ? lastNext : cleartext.get(0).typeId();
        ByteWriter w = new ByteWriter(IkeConstants.HEADER_LENGTH + payloads.length);
        header.withNextPayloadAndLength(first, IkeConstants.HEADER_LENGTH + payloads.length).write(w);
        return w.bytes(payloads).toByteArray();
    }

    private byte[] encodeOpen(SkCipher cipher) {
        byte[] content = PayloadChain.encode(inner);
        byte[] clear = clearChainBefore(PayloadType.SK.id());
        int skLength = IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH + SkProtection.bodyLength(cipher, content.length);
        if (skLength > 0xffff) throw new IllegalStateException("SK payload of " + skLength + " octets: fragment the message");
        int total = IkeConstants.HEADER_LENGTH + clear.length + skLength;
        ByteWriter aad = new ByteWriter(IkeConstants.HEADER_LENGTH + clear.length + 4);
        header.withNextPayloadAndLength(cleartext.isEmpty() ? PayloadType.SK.id() : cleartext.get(0).typeId(), total).write(aad);
        aad.bytes(clear).u8(PayloadChain.firstType(inner, PayloadType.NO_NEXT_PAYLOAD.id())).u8(0).u16(skLength);
        byte[] associated = aad.toByteArray();
        byte[] body = SkProtection.seal(cipher, associated, content);
        byte[] out = Arrays.copyOf(associated, total);
        System.arraycopy(body, 0, out, associated.length, body.length);
        return out;
    }

    private byte[] clearChainBefore(int sealedType) {
        ByteWriter w = new ByteWriter(64);
        PayloadChain.encode(w, cleartext, sealedType);
        return w.toByteArray();
    }

    /**
     * Encodes an {@link Protection#OPEN} message as RFC 7383 fragments, each an IKE message of at
     * most {@code maxMessageSize} octets (IKE header to the end; the caller subtracts IP, UDP and
     * non-ESP marker from the path MTU). A message that fits is returned unfragmented as the only
     * element. The inner payload chain is cut into pieces and each piece padded and protected on
     * its own; only fragment 1 names the first inner payload.
     *
     * @throws IllegalArgumentException when {@code maxMessageSize} leaves no room for content or
     *                                  would need more than 65535 fragments
     */
    public List<byte[]> encodeFragments(SkCipher cipher, int maxMessageSize) {
        if (protection != Protection.OPEN) throw new IllegalStateException("only SK-protected messages are fragmented");
        if (!cleartext.isEmpty()) throw new IllegalStateException("a fragmented message cannot have cleartext payloads");
        byte[] whole = encode(cipher);
        if (whole.length <= maxMessageSize) return List.of(whole);

        int block = Math.max(1, cipher.blockSize());
        int overhead = IkeConstants.HEADER_LENGTH + IkeConstants.SKF_HEADER_LENGTH + cipher.ivLength() + cipher.icvLength();
        int maxPlaintext = (maxMessageSize - overhead) / block * block;
        int maxChunk = maxPlaintext - 1; // the Pad Length octet
        if (maxChunk < 1) throw new IllegalArgumentException("fragments of " + maxMessageSize + " octets leave no room for content");
        byte[] content = PayloadChain.encode(inner);
        int total = (content.length + maxChunk - 1) / maxChunk;
        if (total > 0xffff) throw new IllegalArgumentException(total + " fragments needed");

        List<byte[]> fragments = new ArrayList<>(total);
        for (int number = 1; number <= total; number++) {
            byte[] chunk = Arrays.copyOfRange(content, (number - 1) * maxChunk, Math.min(content.length, number * maxChunk));
            int skfLength = IkeConstants.SKF_HEADER_LENGTH + SkProtection.bodyLength(cipher, chunk.length);
            int length = IkeConstants.HEADER_LENGTH + skfLength;
            ByteWriter aad = new ByteWriter(IkeConstants.HEADER_LENGTH + IkeConstants.SKF_HEADER_LENGTH);
            header.withNextPayloadAndLength(PayloadType.SKF.id(), length).write(aad);
            int next = number == 1 ? PayloadChain.firstType(inner, PayloadType.NO_NEXT_PAYLOAD.id()) : 0;
            aad.u8(next).u8(0).u16(skfLength).u16(number).u16(total);
            byte[] associated = aad.toByteArray();
            byte[] body = SkProtection.seal(cipher, associated, chunk);
            byte[] out = Arrays.copyOf(associated, length);
            System.arraycopy(body, 0, out, associated.length, body.length);
            fragments.add(out);
        }
        return fragments;
    }

    public IkeHeader header() { return header; }

    public Protection protection() { return protection; }

    public ExchangeType exchangeType() { return header.exchangeType(); }

    public boolean isResponse() { return header.responseFlag(); }

    public long messageId() { return header.messageId(); }

    /** Payloads in the clear (without SK/SKF). For everything but IKE_SA_INIT normally empty. */
    public List<IkePayload> cleartextPayloads() { return cleartext; }

    /** Payloads inside SK (empty unless {@link Protection#OPEN}). */
    public List<IkePayload> encryptedPayloads() { return inner; }

    /** The payloads exchange logic works on: cleartext then inner, without SK/SKF. */
    public List<IkePayload> payloads() {
        if (inner.isEmpty()) return cleartext;
        if (cleartext.isEmpty()) return inner;
        List<IkePayload> all = new ArrayList<>(cleartext);
        all.addAll(inner);
        return List.copyOf(all);
    }

    /** The SKF payload of a {@link Protection#SEALED_FRAGMENT} message. */
    public EncryptedFragmentPayload fragment() {
        if (protection != Protection.SEALED_FRAGMENT) throw new IllegalStateException(protection + " message is not a fragment");
        return (EncryptedFragmentPayload) sealed;
    }

    /** The SK payload of a {@link Protection#SEALED} message. */
    public EncryptedPayload sealedPayload() {
        if (protection != Protection.SEALED) throw new IllegalStateException(protection + " message is not sealed");
        return (EncryptedPayload) sealed;
    }

    byte[] associatedData() { return associatedData.clone(); }

    /** All payloads of a class, in order. */
    public <T extends IkePayload> List<T> payloads(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (IkePayload p : payloads()) {
            if (type.isInstance(p)) out.add(type.cast(p));
        }
        return out;
    }

    /** The first payload of a class. */
    public <T extends IkePayload> Optional<T> payload(Class<T> type) {
        for (IkePayload p : payloads()) {
            if (type.isInstance(p)) return Optional.of(type.cast(p));
        }
        return Optional.empty();
    }

    public List<NotifyPayload> notifies() { return payloads(NotifyPayload.class); }

    /** The first notify of a type. */
    public Optional<NotifyPayload> notify(NotifyType type) {
        return notifies().stream().filter(n -> n.is(type)).findFirst();
    }

    public boolean hasNotify(NotifyType type) { return notify(type).isPresent(); }

    /** The first notify of an error type, known or not (a response with one means the request failed). */
    public Optional<NotifyPayload> firstErrorNotify() {
        return notifies().stream().filter(NotifyPayload::isError).findFirst();
    }

    public Optional<IdPayload> idInitiator() { return payloads(IdPayload.class).stream().filter(IdPayload::isInitiator).findFirst(); }

    public Optional<IdPayload> idResponder() { return payloads(IdPayload.class).stream().filter(p -> !p.isInitiator()).findFirst(); }

    public Optional<TsPayload> tsInitiator() { return payloads(TsPayload.class).stream().filter(TsPayload::isInitiator).findFirst(); }

    public Optional<TsPayload> tsResponder() { return payloads(TsPayload.class).stream().filter(p -> !p.isInitiator()).findFirst(); }

    /** strongSwan-style summary, e.g. {@code IKE_AUTH request 1 [ SK{ IDi N(INITIAL_CONTACT) AUTH } ]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(header.exchangeType()).append(header.responseFlag() ? " response " : " request ")
                .append(header.messageId()).append(" [");
        for (IkePayload p : cleartext) b.append(' ').append(summary(p));
        switch (protection) {
            case SEALED -> b.append(" SK(sealed)");
            case SEALED_FRAGMENT -> b.append(' ').append(sealed);
            case OPEN -> {
                b.append(" SK{");
                for (IkePayload p : inner) b.append(' ').append(summary(p));
                b.append(" }");
            }
            case NONE -> { }
        }
        return b.append(" ]").toString();
    }

    private static String summary(IkePayload p) {
        if (p instanceof NotifyPayload n) return "N(" + NotifyType.nameOf(n.notifyTypeId()) + ")";
        return PayloadType.nameOf(p.typeId());
    }
}
