package io.vpnd.ike.crypto;

import io.vpnd.ike.message.IkeConstants.AuthMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemCredentialsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static String res(String name) {
        return SignatureAuthTest.resource("openssl/" + name);
    }

    @Test
    void readsKeysInEveryUnencryptedFormAndTheyMatchTheirCertificates() throws Exception {
        X509Certificate rsaCert = PemCredentials.readCertificates(write("rsa.pem", res("ee-rsa.pem"))).get(0);
        X509Certificate ecCert = PemCredentials.readCertificates(write("ec.pem", res("ee-p256.pem"))).get(0);
        PrivateKey pkcs1 = PemCredentials.readPrivateKey(write("rsa.key", res("ee-rsa.key")));
        PrivateKey sec1 = PemCredentials.readPrivateKey(write("ec.key", res("ee-p256.key")));
        PrivateKey pkcs8 = PemCredentials.readPrivateKey(write("p384.key", res("p384.key")));
        assertTrue(res("ee-rsa.key").contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(res("ee-p256.key").contains("BEGIN EC PRIVATE KEY"));
        assertTrue(res("p384.key").contains("BEGIN PRIVATE KEY"));

        byte[] octets = IkeRandom.bytes(100);
        EnumSet<SignatureHashAlgorithm> hashes = EnumSet.copyOf(SignatureHashAlgorithm.defaults());
        SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, rsaCert.getPublicKey(),
                SignatureAuth.signDigitalSignature(SignatureScheme.RSA_PSS_SHA256, pkcs1, octets), octets, hashes);
        SignatureAuth.verify(AuthMethod.ECDSA_SHA256_P256, ecCert.getPublicKey(),
                SignatureAuth.signClassic(AuthMethod.ECDSA_SHA256_P256, sec1, octets), octets, hashes);
        assertEquals(AuthMethod.ECDSA_SHA384_P384, SignatureAuth.classicMethodFor(pkcs8));
    }

    @Test
    void chainsAndBundles() throws Exception {
        Path chain = write("chain.pem", res("ee-rsa.pem") + res("ca.pem"));
        List<X509Certificate> certs = PemCredentials.readCertificates(chain);
        assertEquals(2, certs.size());
        assertTrue(certs.get(0).getSubjectX500Principal().getName().contains("right.vpn.test"));
        Path cas = Files.createDirectory(dir.resolve("cas"));
        Files.writeString(cas.resolve("a.pem"), res("ca.pem"));
        Files.writeString(cas.resolve("b.crt"), res("ee-p256.pem"));
        Files.writeString(cas.resolve("ignored.txt"), "not a certificate");
        assertEquals(2, PemCredentials.readCaBundle(cas).size());
        assertEquals(2, PemCredentials.readCaBundle(chain).size());
    }

    @Test
    void clearErrorsNameTheFile() throws Exception {
        Path encrypted = write("encrypted.key", res("encrypted.key"));
        CredentialException e = assertThrows(CredentialException.class, () -> PemCredentials.readPrivateKey(encrypted));
        assertTrue(e.getMessage().startsWith(encrypted.toString()) && e.getMessage().contains("encrypted"), e.getMessage());

        Path certAsKey = write("cert-as-key.pem", res("ca.pem"));
        e = assertThrows(CredentialException.class, () -> PemCredentials.readPrivateKey(certAsKey));
        assertTrue(e.getMessage().contains("expected a private key, found a certificate"), e.getMessage());

        Path keyAsCert = write("key-as-cert.pem", res("ee-rsa.key"));
        e = assertThrows(CredentialException.class, () -> PemCredentials.readCertificates(keyAsCert));
        assertTrue(e.getMessage().contains("found a private key"), e.getMessage());

        Path empty = write("empty.pem", "hello\n");
        e = assertThrows(CredentialException.class, () -> PemCredentials.readCertificates(empty));
        assertTrue(e.getMessage().contains("no CERTIFICATE block"), e.getMessage());

        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        e = assertThrows(CredentialException.class, () -> PemCredentials.readCertificates(garbage));
        assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());

        Path twoKeys = write("two.key", res("ee-rsa.key") + res("p384.key"));
        e = assertThrows(CredentialException.class, () -> PemCredentials.readPrivateKey(twoKeys));
        assertTrue(e.getMessage().contains("more than one"), e.getMessage());

        Path missing = dir.resolve("missing.pem");
        e = assertThrows(CredentialException.class, () -> PemCredentials.readCertificates(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
        e = assertThrows(CredentialException.class, () -> PemCredentials.readCaBundle(Files.createDirectory(dir.resolve("none"))));
        assertTrue(e.getMessage().contains("no .pem or .crt"), e.getMessage());
    }
}
