package io.vpnd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PemFiles}: the key formats accepted and the messages for the ones that are not. */
class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
        KeyPair rsa = TestPki.rsaKeyPair();
        // BC's provider encodes the curve inside the SEC1 structure, as openssl ecparam -genkey does
        java.security.KeyPairGenerator bcEc = java.security.KeyPairGenerator.getInstance("EC",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        bcEc.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair ec = bcEc.generateKeyPair();
        assertArrayEquals(rsa.getPrivate().getEncoded(), PemFiles.privateKey(
                TestPki.writePkcs8Key(dir.resolve("rsa8.key"), rsa.getPrivate()), "k").getEncoded());
        Path pkcs1 = TestPki.writeTraditionalKey(dir.resolve("rsa1.key"), rsa.getPrivate());
        assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertEquals("RSA", PemFiles.privateKey(pkcs1, "k").getAlgorithm());
        Path sec1 = TestPki.writeTraditionalKey(dir.resolve("ec.key"), ec.getPrivate());
        assertTrue(Files.readString(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertEquals("EC", PemFiles.privateKey(sec1, "k").getAlgorithm());
        assertEquals(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(),
                ((java.security.interfaces.ECPrivateKey) PemFiles.privateKey(sec1, "k")).getS());
    }

    @Test
    void readsACertificateChainInOrder() throws Exception {
        TestPki.Issued ca = TestPki.ca("chain CA");
        TestPki.Issued leaf = TestPki.client(ca, "leaf");
        Path chain = TestPki.writeCerts(dir.resolve("chain.crt"), leaf.cert(), ca.cert());
        assertEquals(java.util.List.of(leaf.cert(), ca.cert()), PemFiles.certificates(chain, "k"));
    }

    @Test
    void encryptedKeysAreRefusedWithAReason() throws Exception {
        Path encrypted = dir.resolve("enc.key");
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setRandom(new SecureRandom()).setPassword("secret".toCharArray()).build();
        try (Writer w = Files.newBufferedWriter(encrypted); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(TestPki.ecKeyPair().getPrivate(), encryptor));
        }
        IOException e = assertThrows(IOException.class, () -> PemFiles.privateKey(encrypted, "api.https.key"));
        assertTrue(e.getMessage().startsWith("api.https.key: " + encrypted + ": private key is encrypted"),
                e.getMessage());
    }

    @Test
    void wrongContentIsNamed() throws Exception {
        Path certOnly = TestPki.writeCerts(dir.resolve("c.crt"), TestPki.ca("x").cert());
        assertEquals("api.https.key: " + certOnly + ": no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or "
                + "EC PRIVATE KEY) in file",
                assertThrows(IOException.class, () -> PemFiles.privateKey(certOnly, "api.https.key")).getMessage());
        Path text = Files.writeString(dir.resolve("t.crt"), "not pem at all\n");
        assertEquals("api.https.clientCa: " + text + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in file",
                assertThrows(IOException.class, () -> PemFiles.certificates(text, "api.https.clientCa"))
                        .getMessage());
        Path garbled = Files.writeString(dir.resolve("g.crt"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertTrue(assertThrows(IOException.class, () -> PemFiles.certificates(garbled, "k")).getMessage()
                .startsWith("k: " + garbled + ": malformed PEM"));
    }
}
