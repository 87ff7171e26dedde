package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.ArrayList;
import java.util.List;

/**
 * Security Association payload, SA (RFC 7296 §3.3): one or more proposals in preference order.
 * The Last Substruc fields must agree with the actual structure, and proposal numbers must rise by
 * one (§3.3.1; a responder's single proposal keeps the number it chose, so the first number is
 * not checked).
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                          <Proposals>                          ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * See {@link ProposalSubstructure}, {@link TransformSubstructure} and {@link TransformAttribute}
 * for the substructures.
 */
public final class SaPayload extends IkePayload {
    private final List<ProposalSubstructure> proposals;

    public SaPayload(List<ProposalSubstructure> proposals) {
        if (proposals.isEmpty()) throw new IllegalArgumentException("SA payload without proposals");
        this.proposals = List.copyOf(proposals);
    }

    public static SaPayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        List<ProposalSubstructure> proposals = new ArrayList<>();
        boolean[] last = new boolean[1];
        do {
            if (!r.hasRemaining()) {
                throw new InvalidSyntaxException(proposals.isEmpty() ? "SA payload without proposals"
                        : "proposal " + proposals.size() + " says more follow, but the SA payload ends");
            }
            ProposalSubstructure p = ProposalSubstructure.decode(r, last);
            if (!proposals.isEmpty() && p.number() != proposals.get(proposals.size() - 1).number() + 1) {
                throw new InvalidSyntaxException("proposal number " + p.number() + " follows "
                        + proposals.get(proposals.size() - 1).number());
            }
            proposals.add(p);
        } while (!last[0]);
        if (r.hasRemaining()) throw new InvalidSyntaxException(r.remaining() + " octets after the last proposal");
        return new SaPayload(proposals);
    }

    public List<ProposalSubstructure> proposals() { return proposals; }

    @Override
    public int typeId() { return PayloadType.SA.id(); }

    @Override
    public byte[] encodeBody() {
        ByteWriter w = new ByteWriter(64 * proposals.size());
        for (int i = 0; i < proposals.size(); i++) proposals.get(i).encode(w, i == proposals.size() - 1);
        return w.toByteArray();
    }

    @Override
    public String toString() { return "SA" + proposals; }
}
