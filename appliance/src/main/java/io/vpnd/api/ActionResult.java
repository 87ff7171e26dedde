package io.vpnd.api;

/** The answer to a state-changing request: a message for the admin. */
public record ActionResult(boolean ok, String message) {
}
