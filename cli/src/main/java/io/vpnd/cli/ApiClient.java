package io.vpnd.cli;

/** Sends one request to vpnd's management API: over the local Unix socket or over HTTPS. */
interface ApiClient {

    /**
     * @param method GET or POST
     * @param path   absolute path with any segments already percent-encoded, e.g. {@code /v1/status}
     * @throws VpnctlException when vpnd cannot be reached or the answer is not HTTP
     */
    ApiResponse send(String method, String path) throws VpnctlException;
}
