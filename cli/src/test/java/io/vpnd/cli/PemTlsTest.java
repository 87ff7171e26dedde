package io.vpnd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK-only PEM key reader: each accepted format yields the same key; refusals say what to do. */
class PemTlsTest {

    @TempDir
    Path dir;

    /** The parsed key signs something the original public key verifies. */
    private static void assertSameKey(KeyPair expected, PrivateKey parsed, String algorithm) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(parsed);
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(expected.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signer.sign()), algorithm);
    }

    @Test
    void pkcs8OfEveryKeyType() throws Exception {
        KeyPair rsa = TestPki.of("RSA");
        assertArrayEquals(rsa.getPrivate().getEncoded(),
                PemTls.privateKey(TestPki.writePkcs8(dir.resolve("rsa.key"), rsa.getPrivate())).getEncoded());
        KeyPair ec = TestPki.ec();
        assertSameKey(ec, PemTls.privateKey(TestPki.writePkcs8(dir.resolve("ec.key"), ec.getPrivate())),
                "SHA256withECDSA");
        KeyPair ed = TestPki.of("Ed25519");
        assertSameKey(ed, PemTls.privateKey(TestPki.writePkcs8(dir.resolve("ed.key"), ed.getPrivate())), "Ed25519");
    }

    @Test
    void pkcs1RsaIsRewrappedAsPkcs8() throws Exception {
        KeyPair rsa = TestPki.of("RSA");
        Path file = TestPki.writeTraditional(dir.resolve("rsa1.key"), rsa.getPrivate());
        assertTrue(Files.readString(file).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertArrayEquals(rsa.getPrivate().getEncoded(), PemTls.privateKey(file).getEncoded());
    }

    @Test
    void sec1EcIsRewrappedWithItsCurve() throws Exception {
        KeyPair ec = TestPki.ec();
        Path file = TestPki.writeTraditional(dir.resolve("ec1.key"), ec.getPrivate());
        assertTrue(Files.readString(file).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertSameKey(ec, PemTls.privateKey(file), "SHA256withECDSA");
        // openssl ecparam -genkey writes an EC PARAMETERS block first
        Path withParams = dir.resolve("ecparam.key");
        Files.writeString(withParams, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Files.readString(file));
        assertSameKey(ec, PemTls.privateKey(withParams), "SHA256withECDSA");
    }

    @Test
    void encryptedAndForeignFilesAreRefusedWithAHint() throws Exception {
        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertEquals("--key " + encrypted + ": the key is encrypted; decrypt it first: openssl pkey -in " + encrypted
                + " -out KEY.pem", assertThrows(VpnctlException.class, () -> PemTls.privateKey(encrypted)).getMessage());
        Path legacyEncrypted = Files.writeString(dir.resolve("enc1.key"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(assertThrows(VpnctlException.class, () -> PemTls.privateKey(legacyEncrypted)).getMessage()
                .contains("the key is encrypted"));
        Path cert = TestPki.writeCerts(dir.resolve("c.pem"), TestPki.ca("x").cert());
        assertTrue(assertThrows(VpnctlException.class, () -> PemTls.privateKey(cert)).getMessage()
                .startsWith("--key " + cert + ": no PEM private key"));
        Path garbage = Files.writeString(dir.resolve("g.key"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertTrue(assertThrows(VpnctlException.class, () -> PemTls.privateKey(garbage)).getMessage()
                .contains("unsupported or malformed private key"));
        assertEquals("--key " + dir.resolve("none.key") + ": no such file",
                assertThrows(VpnctlException.class, () -> PemTls.privateKey(dir.resolve("none.key"))).getMessage());
        assertTrue(assertThrows(VpnctlException.class, () -> PemTls.certificates(garbage, "--cacert")).getMessage()
                .startsWith("--cacert " + garbage + ": "));
    }
}
