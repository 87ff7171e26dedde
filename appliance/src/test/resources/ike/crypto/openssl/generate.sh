#!/bin/sh
# Regenerates the OpenSSL-made credentials and signatures the Java tests verify, so that vpnd's
# PEM loading, chain validation and RFC 7427 verification are checked against another
# implementation. Signed data: the responder's AUTH octets of the strongSwan gcm256-ecp256 capture.
set -e
cd "$(dirname "$0")"
OCTETS=$(grep '^octets_r' ../strongswan/gcm256-ecp256.vectors | cut -d' ' -f3)
echo "$OCTETS" | xxd -r -p > /tmp/vpnd-octets.bin
cat > /tmp/vpnd-ext.cnf <<EOC
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ee_rsa]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
subjectAltName = DNS:right.vpn.test, IP:192.0.2.2, email:admin@right.vpn.test
[ee_ec]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
subjectAltName = DNS:right.vpn.test, IP:2001:db8::2
EOC
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key 2>/dev/null
openssl req -new -x509 -key ca.key -subj "/O=vpnd test/CN=OpenSSL Test CA" -days 7300 \
  -config /dev/null -extensions ca -extfile /tmp/vpnd-ext.cnf -out ca.pem 2>/dev/null || \
openssl req -new -x509 -key ca.key -subj "/O=vpnd test/CN=OpenSSL Test CA" -days 7300 \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
# RSA end entity, key in PKCS#1 ("RSA PRIVATE KEY")
openssl genrsa -traditional -out ee-rsa.key 2048 2>/dev/null
openssl req -new -key ee-rsa.key -subj "/O=vpnd test/CN=right.vpn.test" -out /tmp/vpnd-ee-rsa.csr
openssl x509 -req -in /tmp/vpnd-ee-rsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 7300 \
  -extfile /tmp/vpnd-ext.cnf -extensions ee_rsa -out ee-rsa.pem 2>/dev/null
# EC P-256 end entity, key in SEC1 ("EC PARAMETERS" + "EC PRIVATE KEY")
openssl ecparam -name prime256v1 -genkey -out ee-p256.key
openssl req -new -key ee-p256.key -subj "/O=vpnd test/CN=right-ec.vpn.test" -out /tmp/vpnd-ee-ec.csr
openssl x509 -req -in /tmp/vpnd-ee-ec.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 7300 \
  -extfile /tmp/vpnd-ext.cnf -extensions ee_ec -out ee-p256.pem 2>/dev/null
# CERTREQ hash of the CA: SHA-1 of its DER SubjectPublicKeyInfo
CA_SPKI_SHA1=$(openssl x509 -in ca.pem -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha1 -r | cut -d' ' -f1)
# An encrypted PKCS#8 key, which vpnd must refuse with a clear message
openssl pkcs8 -topk8 -v2 aes256 -in ee-rsa.key -passout pass:secret -out encrypted.key
# EC P-384 key in PKCS#8 ("PRIVATE KEY"), no certificate needed
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.key
openssl pkey -in p384.key -pubout -out p384.pub
rm -f ca.srl ca.key  # the CA key is not needed by the tests
# Signatures over the octets
{
  echo "# Signatures made by $(openssl version | cut -d' ' -f1-2) over octets_r of ../strongswan/gcm256-ecp256.vectors"
  echo "ca_spki_sha1 = $CA_SPKI_SHA1"
  echo "rsa_pkcs1_sha256 = $(openssl dgst -sha256 -sign ee-rsa.key /tmp/vpnd-octets.bin | xxd -p | tr -d '\n')"
  echo "rsa_pss_sha256 = $(openssl dgst -sha256 -sign ee-rsa.key -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256 /tmp/vpnd-octets.bin | xxd -p | tr -d '\n')"
  echo "rsa_pkcs1_sha1 = $(openssl dgst -sha1 -sign ee-rsa.key /tmp/vpnd-octets.bin | xxd -p | tr -d '\n')"
  echo "ecdsa_p256_sha256_der = $(openssl dgst -sha256 -sign ee-p256.key /tmp/vpnd-octets.bin | xxd -p | tr -d '\n')"
  echo "ecdsa_p384_sha384_der = $(openssl dgst -sha384 -sign p384.key /tmp/vpnd-octets.bin | xxd -p | tr -d '\n')"
} > signatures.vectors
rm -f /tmp/vpnd-octets.bin /tmp/vpnd-ext.cnf /tmp/vpnd-ee-rsa.csr /tmp/vpnd-ee-ec.csr
