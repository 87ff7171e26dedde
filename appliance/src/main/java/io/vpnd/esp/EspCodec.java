package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.vpnd.net.DropReason;
import io.vpnd.net.IpPacket;
import io.vpnd.net.TrafficSelector;

import java.security.GeneralSecurityException;

import static io.vpnd.esp.EspConstants.HEADER_LENGTH;
import static io.vpnd.esp.EspConstants.NEXT_HEADER_IPV4;
import static io.vpnd.esp.EspConstants.NEXT_HEADER_IPV6;
import static io.vpnd.esp.EspConstants.NEXT_HEADER_NONE;
import static io.vpnd.esp.EspConstants.TRAILER_LENGTH;

/**
 * ESP in tunnel mode (RFC 4303) with AES-GCM (RFC 4106) or AES-CBC + HMAC (RFC 3602, 2404, 4868):
 * turns an inner IP packet into an ESP packet ({@link #seal}) and back ({@link #open}). The ESP
 * packet starts at the SPI; UDP encapsulation (RFC 3948) is the caller's.
 *
 * <p>Never throws for a packet: every failure is a {@link DropReason} return, null meaning
 * success. Neither method releases a buffer: the caller owns both and releases both. Input and
 * output must be distinct buffers. Heap buffers are worked on in place; direct ones go through a
 * per-thread scratch array (one extra copy).
 *
 * <p>Inbound stages, in strongSwan libipsec's order:
 * <ol>
 *   <li>SA state: a hard-expired SA drops everything ({@code SA_EXPIRED})</li>
 *   <li>length: header + IV + ICV + 2 at least, CBC ciphertext a whole number of blocks ({@code ESP_TRUNCATED})</li>
 *   <li>replay check, with ESN high bits inferred ({@code ESP_REPLAY}, {@code ESP_TOO_OLD})</li>
 *   <li>ICV verify and decrypt ({@code ESP_AUTH_FAILED})</li>
 *   <li>replay update (the packet is authentic: from here on it counts as seen)</li>
 *   <li>padding 1, 2, 3, … (RFC 4303 §2.4) ({@code ESP_BAD_PADDING}); Next Header 59 is a dummy
 *       packet ({@code ESP_DUMMY}); otherwise 4 or 41 matching the inner IP version ({@code INNER_MALFORMED})</li>
 *   <li>inner packet well formed ({@code INNER_MALFORMED})</li>
 *   <li>inner source in the SA's remote selectors, destination in its local ones ({@code SELECTOR_MISMATCH})</li>
 *   <li>the inner packet, exactly its IP length, appended to the output; counters and lifetime</li>
 * </ol>
 */
public final class EspCodec {

    /** Per-thread working arrays, so that no packet allocates beyond what JCA forces. */
    private static final class Scratch {
        final byte[] nonce = new byte[EspConstants.GCM_NONCE_LENGTH];
        final byte[] aad = new byte[HEADER_LENGTH + 4];
        final byte[] seqHigh = new byte[4];
        byte[] in = new byte[2048];
        byte[] out = new byte[2048];
        // Where open()'s decryption put the plaintext.
        byte[] plain;
        int plainOff;
        int plainLen;
        boolean plainInOutput;

        byte[] in(int length) {
            if (in.length < length) in = new byte[Math.max(length, in.length * 2)];
            return in;
        }

        byte[] out(int length) {
            if (out.length < length) out = new byte[Math.max(length, out.length * 2)];
            return out;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private EspCodec() {
    }

    /**
     * The SPI of the ESP packet in {@code esp}'s readable bytes, for the caller's SA lookup, or
     * {@link EspConstants#RESERVED_SPI} (0, which never names an SA) when too short to be ESP.
     */
    public static int peekSpi(ByteBuf esp) {
        if (esp.readableBytes() < HEADER_LENGTH) return EspConstants.RESERVED_SPI;
        return esp.getInt(esp.readerIndex());
    }

    /** Exact length of the ESP packet that {@link #seal} makes of an inner packet of {@code innerLength} octets. */
    public static int sealedLength(EspSa sa, int innerLength) {
        return HEADER_LENGTH + sa.ivLength + paddedLength(sa, innerLength) + sa.icvLength;
    }

    /** Largest ESP overhead of the SA (for MTU and MSS arithmetic): header, IV, longest padding, trailer, ICV. */
    public static int maxOverhead(EspSa sa) {
        return HEADER_LENGTH + sa.ivLength + sa.blockSize - 1 + TRAILER_LENGTH + sa.icvLength;
    }

    /**
     * Writable space {@link #open} wants in its output for an ESP packet of {@code espLength}
     * octets: the decrypted payload (inner packet, padding, trailer), which bounds the inner
     * packet. With that much room in a heap buffer it decrypts straight into it; with less (or a
     * direct buffer) it goes through scratch and copies the inner packet.
     */
    public static int maxOpenedLength(EspSa sa, int espLength) {
        return Math.max(0, espLength - HEADER_LENGTH - sa.ivLength - sa.icvLength);
    }

    /**
     * Encapsulates the IPv4 or IPv6 packet in {@code inner}'s readable bytes and appends the ESP
     * packet ({@link #sealedLength} octets) at {@code out}'s writer index. Does not move
     * {@code inner}'s reader index and releases neither buffer.
     *
     * @return null on success, else why the packet was dropped: TUN_MALFORMED (neither IPv4 nor
     *         IPv6), SA_EXPIRED, SEQ_OVERFLOW, TOO_BIG ({@code out} cannot grow enough), NO_SA
     *         (the crypto provider failed: logged once per SA)
     */
    public static DropReason seal(EspSa sa, ByteBuf inner, ByteBuf out) {
        int len = inner.readableBytes();
        int nextHeader;
        int version = len < 1 ? -1 : (inner.getByte(inner.readerIndex()) & 0xf0) >>> 4;
        if (version == 4) {
            nextHeader = NEXT_HEADER_IPV4;
        } else if (version == 6) {
            nextHeader = NEXT_HEADER_IPV6;
        } else {
            return DropReason.TUN_MALFORMED;
        }
        return sealPayload(sa, inner, nextHeader, out, null);
    }

    /**
     * Test hook for known-answer vectors: seals {@code plaintext} exactly as given (payload,
     * padding, Pad Length and Next Header already in it), with an explicit IV when {@code iv} is
     * not null instead of the one derived from the sequence number.
     */
    static DropReason sealRaw(EspSa sa, ByteBuf plaintext, ByteBuf out, byte[] iv) {
        return sealPayload(sa, plaintext, -1, out, iv);
    }

    /** {@code nextHeader} -1: the payload already carries its padding and trailer. */
    private static DropReason sealPayload(EspSa sa, ByteBuf payload, int nextHeader, ByteBuf out, byte[] iv) {
        DropReason stopped = sa.stopReason();
        if (stopped != null) return stopped;
        int payloadLen = payload.readableBytes();
        int plainLen = nextHeader < 0 ? payloadLen : paddedLength(sa, payloadLen);
        int total = HEADER_LENGTH + sa.ivLength + plainLen + sa.icvLength;
        if (out.maxWritableBytes() < total) return DropReason.TOO_BIG;
        long seq = sa.nextSequence();
        if (seq == 0) return DropReason.SEQ_OVERFLOW;

        Scratch s = SCRATCH.get();
        byte[] arr;
        int base;
        boolean inPlace = out.hasArray();
        if (inPlace) {
            out.ensureWritable(total);
            arr = out.array();
            base = out.arrayOffset() + out.writerIndex();
        } else {
            arr = s.out(total);
            base = 0;
        }
        int plainOff = base + HEADER_LENGTH + sa.ivLength;
        payload.getBytes(payload.readerIndex(), arr, plainOff, payloadLen);
        if (nextHeader >= 0) {
            int padLen = plainLen - payloadLen - TRAILER_LENGTH;
            int p = plainOff + payloadLen;
            for (int i = 1; i <= padLen; i++) arr[p++] = (byte) i;
            arr[p++] = (byte) padLen;
            arr[p] = (byte) nextHeader;
        }
        try {
            protect(sa, seq, arr, base, plainLen, iv, s);
        } catch (GeneralSecurityException e) {
            sa.logCryptoFailure("seal", e);
            return DropReason.NO_SA;
        }
        if (inPlace) {
            out.writerIndex(out.writerIndex() + total);
        } else {
            out.writeBytes(arr, base, total);
        }
        sa.account(payloadLen);
        return null;
    }

    /** Fills in the header and IV and encrypts the plaintext laid out after them, in place. */
    private static void protect(EspSa sa, long seq, byte[] arr, int base, int plainLen, byte[] iv, Scratch s)
            throws GeneralSecurityException {
        putInt(arr, base, sa.spi());
        putInt(arr, base + 4, (int) seq);
        int ivOff = base + HEADER_LENGTH;
        int plainOff = ivOff + sa.ivLength;
        if (iv != null) System.arraycopy(iv, 0, arr, ivOff, sa.ivLength);
        if (sa.encryption.isAead()) {
            // RFC 4106 §3.1: the explicit IV must never repeat under a key; the sequence number never does.
            if (iv == null) putLong(arr, ivOff, seq);
            byte[] nonce = gcmNonce(sa, arr, ivOff, s);
            if (sa.esn) {
                byte[] aad = esnAad(arr, base, seq, s);
                sa.gcm.encrypt(nonce, aad, 0, aad.length, arr, plainOff, plainLen, arr, plainOff, sa.icvLength);
            } else {
                sa.gcm.encrypt(nonce, arr, base, HEADER_LENGTH, arr, plainOff, plainLen, arr, plainOff, sa.icvLength);
            }
        } else {
            if (iv == null) AesCbc.deriveIv(sa.cipherKey, seq, arr, ivOff);
            AesCbc.encrypt(sa.cipherKey, arr, ivOff, arr, plainOff, plainLen, arr, plainOff);
            int extra = sa.esn ? putSeqHigh(seq, s) : 0;
            HmacIcv.compute(sa.integrity, sa.integrityKey, arr, base, HEADER_LENGTH + sa.ivLength + plainLen,
                    s.seqHigh, extra, arr, plainOff + plainLen);
        }
    }

    /**
     * Decapsulates the ESP packet in {@code esp}'s readable bytes (its SPI already looked up by
     * the caller) and appends the inner IP packet, exactly its IP total length, at {@code out}'s
     * writer index. Decryption may use {@code out}'s writable space beyond that as scratch. Does
     * not move {@code esp}'s reader index and releases neither buffer. Counters and lifetime move
     * on success only; the replay window moves as soon as the ICV verified.
     *
     * @return null on success, else why the packet was dropped (stages in the class comment; also
     *         TOO_BIG when {@code out} cannot grow to hold the inner packet)
     */
    public static DropReason open(EspSa sa, ByteBuf esp, ByteBuf out) {
        Scratch s = SCRATCH.get();
        DropReason r = unprotect(sa, esp, out, s);
        if (r != null) return r;
        byte[] p = s.plain;
        int off = s.plainOff;
        int plainLen = s.plainLen;

        int padLen = p[off + plainLen - 2] & 0xff;
        int nextHeader = p[off + plainLen - 1] & 0xff;
        int payloadLen = plainLen - TRAILER_LENGTH - padLen;
        if (payloadLen < 0) return DropReason.ESP_BAD_PADDING;
        for (int i = 0; i < padLen; i++) {
            if ((p[off + payloadLen + i] & 0xff) != i + 1) return DropReason.ESP_BAD_PADDING;
        }
        if (nextHeader == NEXT_HEADER_NONE) return DropReason.ESP_DUMMY;
        int expectedVersion = nextHeader == NEXT_HEADER_IPV4 ? 4 : nextHeader == NEXT_HEADER_IPV6 ? 6 : -1;
        if (expectedVersion < 0 || IpPacket.version(p, off, payloadLen) != expectedVersion) {
            return DropReason.INNER_MALFORMED;
        }
        int ipLen = IpPacket.validatedLength(p, off, payloadLen);
        if (ipLen < 0) return DropReason.INNER_MALFORMED;
        if (!selectorsAdmit(sa, p, off, ipLen, expectedVersion)) return DropReason.SELECTOR_MISMATCH;

        if (s.plainInOutput) {
            out.writerIndex(out.writerIndex() + ipLen);
        } else {
            if (out.maxWritableBytes() < ipLen) return DropReason.TOO_BIG;
            out.writeBytes(p, off, ipLen);
        }
        sa.account(ipLen);
        return null;
    }

    /**
     * Test hook for known-answer vectors: runs the stages up to the replay update and appends the
     * whole decrypted payload (inner data, padding, Pad Length, Next Header) to {@code out}.
     */
    static DropReason openRaw(EspSa sa, ByteBuf esp, ByteBuf out) {
        Scratch s = SCRATCH.get();
        DropReason r = unprotect(sa, esp, out, s);
        if (r != null) return r;
        if (s.plainInOutput) {
            out.writerIndex(out.writerIndex() + s.plainLen);
        } else {
            out.writeBytes(s.plain, s.plainOff, s.plainLen);
        }
        return null;
    }

    /**
     * Stages up to and including the replay update. On success the plaintext (payload + padding +
     * trailer) is at {@code s.plain[s.plainOff]}, either in {@code out}'s array at its writer
     * index ({@code s.plainInOutput}) or in scratch.
     */
    private static DropReason unprotect(EspSa sa, ByteBuf esp, ByteBuf out, Scratch s) {
        DropReason stopped = sa.stopReason();
        if (stopped != null) return stopped;
        int len = esp.readableBytes();
        int cipherLen = len - HEADER_LENGTH - sa.ivLength - sa.icvLength;
        if (cipherLen < TRAILER_LENGTH || (!sa.encryption.isAead() && cipherLen % sa.blockSize != 0)) {
            return DropReason.ESP_TRUNCATED;
        }
        byte[] in;
        int base;
        if (esp.hasArray()) {
            in = esp.array();
            base = esp.arrayOffset() + esp.readerIndex();
        } else {
            in = s.in(len);
            base = 0;
            esp.getBytes(esp.readerIndex(), in, 0, len);
        }

        ReplayWindow window = sa.replayWindow;
        long seq;
        if (window != null) {
            seq = window.infer(getInt(in, base + 4));
            DropReason r = verdict(window.check(seq));
            if (r != null) return r;
        } else {
            // Opening with an outbound SA is a caller bug; still no window, no inference.
            seq = getInt(in, base + 4) & 0xFFFF_FFFFL;
        }

        byte[] plain;
        int plainOff;
        boolean inOutput = out.hasArray() && out.maxWritableBytes() >= cipherLen;
        if (inOutput) {
            out.ensureWritable(cipherLen);
            plain = out.array();
            plainOff = out.arrayOffset() + out.writerIndex();
        } else {
            plain = s.out(cipherLen);
            plainOff = 0;
        }

        int ivOff = base + HEADER_LENGTH;
        int cipherOff = ivOff + sa.ivLength;
        try {
            if (sa.encryption.isAead()) {
                byte[] nonce = gcmNonce(sa, in, ivOff, s);
                if (sa.esn) {
                    byte[] aad = esnAad(in, base, seq, s);
                    sa.gcm.decrypt(nonce, aad, 0, aad.length, in, cipherOff, cipherLen + sa.icvLength,
                            plain, plainOff, sa.icvLength);
                } else {
                    sa.gcm.decrypt(nonce, in, base, HEADER_LENGTH, in, cipherOff, cipherLen + sa.icvLength,
                            plain, plainOff, sa.icvLength);
                }
            } else {
                int extra = sa.esn ? putSeqHigh(seq, s) : 0;
                if (!HmacIcv.verify(sa.integrity, sa.integrityKey, in, base, len - sa.icvLength,
                        s.seqHigh, extra, in, base + len - sa.icvLength)) {
                    return DropReason.ESP_AUTH_FAILED;
                }
                AesCbc.decrypt(sa.cipherKey, in, ivOff, in, cipherOff, cipherLen, plain, plainOff);
            }
        } catch (GeneralSecurityException e) {
            // Bad tag, or anything else the provider refuses: the packet cannot be authenticated.
            return DropReason.ESP_AUTH_FAILED;
        }

        if (window != null) {
            DropReason r = verdict(window.update(seq));
            if (r != null) return r;
        }
        s.plain = plain;
        s.plainOff = plainOff;
        s.plainLen = cipherLen;
        s.plainInOutput = inOutput;
        return null;
    }

    private static DropReason verdict(ReplayWindow.Verdict v) {
        return switch (v) {
            case OK -> null;
            case REPLAY -> DropReason.ESP_REPLAY;
            case TOO_OLD -> DropReason.ESP_TOO_OLD;
        };
    }

    /**
     * True when the inner source lies in one of the SA's remote selectors and the destination in
     * one of its local ones, protocol and ports included. An empty list admits anything.
     */
    private static boolean selectorsAdmit(EspSa sa, byte[] p, int off, int len, int version) {
        TrafficSelector[] remote = sa.remoteSelectors;
        TrafficSelector[] local = sa.localSelectors;
        if (remote.length == 0 && local.length == 0) return true;
        int proto = IpPacket.protocol(p, off, version);
        int addrLen = IpPacket.addressLength(version);
        return admits(remote, p, off + IpPacket.sourceOffset(version), addrLen, proto,
                        remote.length == 0 ? -1 : IpPacket.port(p, off, len, version, true))
                && admits(local, p, off + IpPacket.destinationOffset(version), addrLen, proto,
                        local.length == 0 ? -1 : IpPacket.port(p, off, len, version, false));
    }

    private static boolean admits(TrafficSelector[] selectors, byte[] p, int addrOff, int addrLen, int proto, int port) {
        if (selectors.length == 0) return true;
        for (TrafficSelector ts : selectors) {
            if (ts.matches(p, addrOff, addrLen, proto, port)) return true;
        }
        return false;
    }

    private static int paddedLength(EspSa sa, int payloadLength) {
        int b = sa.blockSize;
        return (payloadLength + TRAILER_LENGTH + b - 1) / b * b;
    }

    /** RFC 4106 §4: salt || explicit IV. */
    private static byte[] gcmNonce(EspSa sa, byte[] arr, int ivOff, Scratch s) {
        byte[] nonce = s.nonce;
        System.arraycopy(sa.salt, 0, nonce, 0, EspConstants.GCM_SALT_LENGTH);
        System.arraycopy(arr, ivOff, nonce, EspConstants.GCM_SALT_LENGTH, sa.ivLength);
        return nonce;
    }

    /**
     * RFC 4106 §5: with ESN the AAD is SPI || high 32 bits || low 32 bits; the SPI as the packet
     * carries it (at {@code packet[base]}), as without ESN.
     */
    private static byte[] esnAad(byte[] packet, int base, long seq, Scratch s) {
        byte[] aad = s.aad;
        System.arraycopy(packet, base, aad, 0, EspConstants.SPI_LENGTH);
        putLong(aad, EspConstants.SPI_LENGTH, seq);
        return aad;
    }

    /** RFC 4303 §3.3.2.1: the high 32 bits enter the ICV but are not sent. Returns their length. */
    private static int putSeqHigh(long seq, Scratch s) {
        putInt(s.seqHigh, 0, (int) (seq >>> 32));
        return 4;
    }

    private static void putInt(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 24);
        a[off + 1] = (byte) (v >>> 16);
        a[off + 2] = (byte) (v >>> 8);
        a[off + 3] = (byte) v;
    }

    private static void putLong(byte[] a, int off, long v) {
        putInt(a, off, (int) (v >>> 32));
        putInt(a, off + 4, (int) v);
    }

    private static int getInt(byte[] a, int off) {
        return (a[off] & 0xff) << 24 | (a[off + 1] & 0xff) << 16 | (a[off + 2] & 0xff) << 8 | (a[off + 3] & 0xff);
    }
}
