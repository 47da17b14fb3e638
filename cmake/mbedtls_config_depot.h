/*
 * mbedTLS 2.28 configuration for the release-static build of
 * docker-credential-depot: a TLS 1.2 *client* that verifies certificates of
 * today's public CAs and of the sandbox, nothing else. Installed as
 * include/mbedtls/config.h of the private mbedTLS build, so libcurl and
 * mbedTLS are compiled against the same configuration.
 *
 * Kept: ECDHE-ECDSA and ECDHE-RSA key exchanges; AES-GCM and
 * ChaCha20-Poly1305; RSA (PKCS#1 v1.5 and PSS) and ECDSA signatures;
 * curves x25519, P-256, P-384, P-521; SHA-1 (old roots' self-signatures parse),
 * SHA-2; PEM bundles and hashed CA directories (MBEDTLS_FS_IO); SNI, ALPN,
 * extended master secret, encrypt-then-MAC; error strings for messages.
 * Left out: servers, DTLS, TLS < 1.2, static-RSA/DHE/PSK key exchanges, CBC,
 * CCM, legacy ciphers (DES, ARC4, Blowfish, Camellia, ARIA), MD2/4/5,
 * RIPEMD, HAVEGE, CRL/CSR handling, key generation, PSA, threading (libcurl
 * serializes mbedTLS itself), debug output.
 */
#ifndef MBEDTLS_CONFIG_H
#define MBEDTLS_CONFIG_H

/* System support */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE          /* certificate validity periods */
#define MBEDTLS_FS_IO                   /* CURLOPT_CAINFO / CURLOPT_CAPATH */

/* Symmetric crypto */
#define MBEDTLS_AES_C
#define MBEDTLS_AESNI_C
#define MBEDTLS_AES_ROM_TABLES          /* no table generation at run time */
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C

/* Hashes */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C

/* Public key */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_PARSE_EC_EXTENDED
#define MBEDTLS_PK_WRITE_C              /* libcurl: CURLOPT_PINNEDPUBLICKEY */

/* Encodings and certificates */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C            /* ECDSA signature encoding */
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CHECK_KEY_USAGE
#define MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE

/* Randomness: getrandom(2), so an empty chroot without /dev works */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* TLS 1.2 client */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_ALPN
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES

/* Messages and identification */
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C

#include "mbedtls/check_config.h"

#endif /* MBEDTLS_CONFIG_H */
