// OpenSSL for Swift: the headers we use, plus a static inline function for every function-like macro
// Swift cannot import (SSL_CTX_set_min_proto_version, SSL_CTX_set_mode, ...).
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline long cossl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long cossl_ctx_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}

static inline long cossl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline long cossl_ctx_set_read_ahead(SSL_CTX *ctx, int on) {
    return SSL_CTX_set_read_ahead(ctx, on);
}

static inline long cossl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

static inline long cossl_ctx_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return SSL_CTX_set1_groups_list(ctx, list);
}

static inline uint64_t cossl_ctx_set_options(SSL_CTX *ctx, uint64_t options) {
    return SSL_CTX_set_options(ctx, options);
}

static inline uint64_t cossl_op_no_compression(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t cossl_op_no_renegotiation(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t cossl_op_ignore_unexpected_eof(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
static inline uint64_t cossl_op_cipher_server_preference(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline uint64_t cossl_op_no_tls_v1_1_and_older(void) {
    return SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1;
}

static inline long cossl_mode_accept_moving_write_buffer(void) { return SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER; }
static inline long cossl_mode_enable_partial_write(void) { return SSL_MODE_ENABLE_PARTIAL_WRITE; }
static inline long cossl_mode_release_buffers(void) { return SSL_MODE_RELEASE_BUFFERS; }

static inline long cossl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

/// ALPN selection for a server that speaks only HTTP/1.1: picks "http/1.1" when offered, and otherwise
/// continues without ALPN (a client offering only h2 then fails at the HTTP layer, with a clear error).
static inline int cossl_alpn_select_http11(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                                           const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl;
    (void)arg;
    static const unsigned char http11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char *selected = NULL;
    unsigned char selectedLength = 0;
    if (SSL_select_next_proto(&selected, &selectedLength, http11, sizeof(http11), in, inlen) == OPENSSL_NPN_NEGOTIATED) {
        *out = selected;
        *outlen = selectedLength;
        return SSL_TLSEXT_ERR_OK;
    }
    return SSL_TLSEXT_ERR_NOACK;
}

static inline void cossl_ctx_select_alpn_http11(SSL_CTX *ctx) {
    SSL_CTX_set_alpn_select_cb(ctx, cossl_alpn_select_http11, NULL);
}

static inline int cossl_verify_peer_required(void) { return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT; }
static inline int cossl_verify_peer(void) { return SSL_VERIFY_PEER; }


// MARK: - KubeClient (client-side TLS)
// Wrappers for the macros the API server client calls: extra chain certificates for a client certificate.

static inline long cossl_ctx_add1_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return SSL_CTX_add1_chain_cert(ctx, cert);
}

// MARK: - Byte-queue BIO

/// Ciphertext between a socket and OpenSSL: what OpenSSL writes (for the peer) or reads (from the peer).
/// Replaces memory BIOs, which zero-fill every byte they grow by before copying into it, and copy every
/// received byte although OpenSSL reads it at once. Received bytes can instead be lent for one call
/// (`lent`): OpenSSL reads them in place, and only what it leaves is copied into `bytes`.
typedef struct {
    unsigned char *bytes;      /* owned, not zero-filled */
    size_t start;              /* first unread byte of `bytes` */
    size_t end;                /* one past the last byte of `bytes` */
    size_t capacity;
    const unsigned char *lent; /* read after `bytes`; valid only until `cossl_queue_bio_keep_lent` */
    size_t lentLength;
} cossl_byte_queue;

/// Capacity above which a drained queue gives its memory back instead of keeping it for the next record.
static const size_t cossl_byte_queue_retained_capacity = 64 * 1024;

/// Makes room for `extra` more bytes after `end`; 0 when memory runs out.
static inline int cossl_byte_queue_reserve(cossl_byte_queue *queue, size_t extra) {
    if (queue->capacity - queue->end >= extra) return 1;
    size_t live = queue->end - queue->start;
    if (queue->start > 0) {
        memmove(queue->bytes, queue->bytes + queue->start, live);
        queue->start = 0;
        queue->end = live;
        if (queue->capacity - queue->end >= extra) return 1;
    }
    if (extra > SIZE_MAX - live) return 0;
    size_t needed = live + extra;
    size_t capacity = queue->capacity < 4096 ? 4096 : queue->capacity;
    while (capacity < needed) capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
    unsigned char *bytes = realloc(queue->bytes, capacity);
    if (bytes == NULL) return 0;
    queue->bytes = bytes;
    queue->capacity = capacity;
    return 1;
}

/// Appends a copy of `length` bytes; 0 when memory runs out.
static inline int cossl_byte_queue_append(cossl_byte_queue *queue, const void *data, size_t length) {
    if (length == 0) return 1;
    if (!cossl_byte_queue_reserve(queue, length)) return 0;
    memcpy(queue->bytes + queue->end, data, length);
    queue->end += length;
    return 1;
}

static inline int cossl_queue_bio_write(BIO *bio, const char *data, size_t length, size_t *written) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    if (!cossl_byte_queue_append(queue, data, length)) {
        *written = 0;
        return 0;
    }
    *written = length;
    return 1;
}

/// Reads kept bytes, then lent ones; with none, asks to be retried (OpenSSL's WANT_READ).
static inline int cossl_queue_bio_read(BIO *bio, char *out, size_t length, size_t *read) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    size_t copied = 0;
    size_t kept = queue->end - queue->start;
    if (kept > 0 && length > 0) {
        size_t count = kept < length ? kept : length;
        memcpy(out, queue->bytes + queue->start, count);
        queue->start += count;
        if (queue->start == queue->end) queue->start = queue->end = 0;
        copied = count;
    }
    if (copied < length && queue->lentLength > 0) {
        size_t count = queue->lentLength < length - copied ? queue->lentLength : length - copied;
        memcpy(out + copied, queue->lent, count);
        queue->lent += count;
        queue->lentLength -= count;
        copied += count;
    }
    *read = copied;
    if (copied == 0) {
        BIO_set_retry_read(bio);
        return 0;
    }
    return 1;
}

/// The controls OpenSSL sends a source/sink BIO, answered as a memory BIO answers them.
static inline long cossl_queue_bio_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)number;
    (void)pointer;
    cossl_byte_queue *queue = BIO_get_data(bio);
    switch (command) {
    case BIO_CTRL_PENDING: return (long)(queue->end - queue->start + queue->lentLength);
    case BIO_CTRL_EOF: return queue->end == queue->start && queue->lentLength == 0;
    case BIO_CTRL_FLUSH: return 1;
    default: return 0;
    }
}

static inline int cossl_queue_bio_create(BIO *bio) {
    cossl_byte_queue *queue = calloc(1, sizeof *queue);
    if (queue == NULL) return 0;
    BIO_set_data(bio, queue);
    BIO_set_init(bio, 1);
    return 1;
}

static inline int cossl_queue_bio_destroy(BIO *bio) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    if (queue != NULL) {
        free(queue->bytes);
        free(queue);
    }
    BIO_set_data(bio, NULL);
    BIO_set_init(bio, 0);
    return 1;
}

/// The byte-queue BIO method; NULL when OpenSSL cannot make it. Make it once and share it.
static inline BIO_METHOD *cossl_queue_bio_method_new(void) {
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "byte queue");
    if (method == NULL) return NULL;
    if (!BIO_meth_set_write_ex(method, cossl_queue_bio_write) || !BIO_meth_set_read_ex(method, cossl_queue_bio_read)
        || !BIO_meth_set_ctrl(method, cossl_queue_bio_ctrl) || !BIO_meth_set_create(method, cossl_queue_bio_create)
        || !BIO_meth_set_destroy(method, cossl_queue_bio_destroy)) {
        BIO_meth_free(method);
        return NULL;
    }
    return method;
}

/// Appends a copy of received bytes; 0 when memory runs out.
static inline int cossl_queue_bio_append(BIO *bio, const void *data, size_t length) {
    return cossl_byte_queue_append(BIO_get_data(bio), data, length);
}

/// Lends received bytes, read after the kept ones, until `cossl_queue_bio_keep_lent`.
static inline void cossl_queue_bio_lend(BIO *bio, const void *data, size_t length) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    queue->lent = data;
    queue->lentLength = length;
}

/// Ends a loan: copies what OpenSSL has not read of the lent bytes; 0 when memory runs out.
static inline int cossl_queue_bio_keep_lent(BIO *bio) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    int kept = cossl_byte_queue_append(queue, queue->lent, queue->lentLength);
    queue->lent = NULL;
    queue->lentLength = 0;
    return kept;
}

/// The bytes waiting to be taken (`*bytes` points at them) and their count.
static inline size_t cossl_queue_bio_peek(BIO *bio, const unsigned char **bytes) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    *bytes = queue->bytes + queue->start;
    return queue->end - queue->start;
}

/// Drops `count` taken bytes; a drained queue keeps its memory unless it grew large.
static inline void cossl_queue_bio_consume(BIO *bio, size_t count) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    size_t live = queue->end - queue->start;
    queue->start += count < live ? count : live;
    if (queue->start == queue->end) {
        queue->start = queue->end = 0;
        if (queue->capacity > cossl_byte_queue_retained_capacity) {
            free(queue->bytes);
            queue->bytes = NULL;
            queue->capacity = 0;
        }
    }
}

/// Gives back the memory of an empty queue (an idle connection's); 0 when the queue holds bytes.
static inline int cossl_queue_bio_release(BIO *bio) {
    cossl_byte_queue *queue = BIO_get_data(bio);
    if (queue->end != queue->start || queue->lentLength != 0) return 0;
    free(queue->bytes);
    queue->bytes = NULL;
    queue->start = queue->end = queue->capacity = 0;
    return 1;
}

#endif
