package io.vpnd.api;

/**
 * Turns one request into one answer. Runs on a worker thread, never on the event loop, so it may
 * block (a reload can take seconds).
 */
interface HttpEndpoint {

    HttpAnswer answer(HttpCall call);

    /** The answer when the front end cannot run {@link #answer} (overload, internal failure). */
    default HttpAnswer failure(int status, String message) {
        return HttpAnswer.text(status, message + "\n");
    }
}
