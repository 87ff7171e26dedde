package io.vpnd.config;

/** How IKE authenticates a tunnel: a pre-shared key or a certificate. */
public sealed interface AuthConfig permits PskAuth, CertAuth {
}
