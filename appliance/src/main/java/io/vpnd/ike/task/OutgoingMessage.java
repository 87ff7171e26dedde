package io.vpnd.ike.task;

import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkePayload;
import io.vpnd.ike.message.NotifyPayload;

import java.util.ArrayList;
import java.util.List;

/** A message being assembled by the tasks of an exchange; the task manager encodes and sends it. */
public final class OutgoingMessage {
    private final ExchangeType exchangeType;
    private final boolean response;
    private final List<IkePayload> payloads = new ArrayList<>();

    public OutgoingMessage(ExchangeType exchangeType, boolean response) {
        this.exchangeType = exchangeType;
        this.response = response;
    }

    public ExchangeType exchangeType() { return exchangeType; }

    public boolean isResponse() { return response; }

    public void add(IkePayload payload) {
        payloads.add(payload);
    }

    /** Puts a payload first (N(COOKIE) must lead an IKE_SA_INIT request, RFC 7296 §2.6). */
    public void addFirst(IkePayload payload) {
        payloads.add(0, payload);
    }

    /**
     * Replaces everything with a single error notify: an error response carries nothing else
     * (RFC 7296 §2.21).
     */
    public void replaceWithError(NotifyPayload error) {
        payloads.clear();
        payloads.add(error);
    }

    /** True when an error notify replaced the content. */
    public boolean isErrorOnly() {
        return payloads.size() == 1 && payloads.get(0) instanceof NotifyPayload n && n.isError();
    }

    public List<IkePayload> payloads() {
        return payloads;
    }
}
