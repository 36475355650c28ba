/* hash.h -- a 64-bit fingerprint of bytes: what a checkpoint records of
 * its input so that a resume on another matrix is refused, and the
 * checksum that tells a damaged checkpoint file. Not cryptographic: it
 * catches a wrong file or a flipped bit, not an adversary. */
#ifndef NMFI_HASH_H
#define NMFI_HASH_H

#include <stddef.h>
#include <stdint.h>

#define NMFI_HASH_SEED UINT64_C(0x9e3779b97f4a7c15)

/* h updated with n bytes at p; the same bytes give the same value on any
 * machine of the same byte order. */
uint64_t nmfi_hash(uint64_t h, const void *p, size_t n);

#endif
