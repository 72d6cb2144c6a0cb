/* The hash of ids and paths in adapters' state files: 64-bit FNV-1a, never 0 (0 marks an empty
 * slot in the seen set's tables). Stored on disk, so it never changes. */
#ifndef KIT_HASH_H
#define KIT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define KIT_HASH_SEED 1469598103934665603ull

static inline uint64_t kit_hash(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t hash = seed;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ p[i]) * 1099511628211ull;
    return hash ? hash : 1;
}

#endif
