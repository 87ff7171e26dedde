package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Vendor ID payload, V (RFC 7296 §3.12): an opaque constant an implementation uses to recognise
 * its peers. Unrecognised Vendor IDs are ignored.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        Vendor ID (VID)                        ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VendorIdPayload extends IkePayload {
    private final byte[] vendorId;

    public VendorIdPayload(byte[] vendorId) {
        this.vendorId = vendorId.clone();
    }

    public static VendorIdPayload decodeBody(byte[] body) {
        return new VendorIdPayload(body);
    }

    public byte[] vendorId() { return vendorId.clone(); }

    @Override
    public int typeId() { return PayloadType.V.id(); }

    @Override
    public byte[] encodeBody() { return vendorId.clone(); }

    @Override
    public String toString() { return "V(" + hex(vendorId, 16) + ")"; }
}
