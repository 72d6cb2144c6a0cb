/* The layout the ABI promises (docs/abi.md, "The compatibility promise"), pinned at compile time:
 * a struct only ever grows at its end, so every member keeps the offset a harness built against
 * an older header expects. Pinned for 64-bit targets, whose offsets these are. A change that
 * moves a member fails the build here. */
#include <stddef.h>
#include <stdint.h>

#include "mosaic/plugin.h"
#include "mosaic/telemetry.h"

#if UINTPTR_MAX == UINT64_MAX

#define PIN(type, member, offset)                                                                  \
    _Static_assert(offsetof(type, member) == (offset), #type "." #member " moved")

PIN(mosaic_plugin_v1, struct_size, 0);
PIN(mosaic_plugin_v1, abi_version, 4);
PIN(mosaic_plugin_v1, init, 8);
PIN(mosaic_plugin_v1, shutdown, 16);
PIN(mosaic_plugin_v1, task_begin, 24);
PIN(mosaic_plugin_v1, task_model, 32);
PIN(mosaic_plugin_v1, task_tokens, 40);
PIN(mosaic_plugin_v1, task_compaction, 48);
PIN(mosaic_plugin_v1, task_rotation, 56);
PIN(mosaic_plugin_v1, task_context, 64);
PIN(mosaic_plugin_v1, task_gate, 72);
PIN(mosaic_plugin_v1, task_file, 80);
PIN(mosaic_plugin_v1, task_retry, 88);
PIN(mosaic_plugin_v1, task_end, 96);
PIN(mosaic_plugin_v1, task_cost, 104);
PIN(mosaic_plugin_v1, task_prompt, 112);

PIN(mosaic_task_info, struct_size, 0);
PIN(mosaic_task_info, given, 4);
PIN(mosaic_task_info, harness, 8);
PIN(mosaic_task_info, provider, 12);
PIN(mosaic_task_info, task_type, 16);
PIN(mosaic_task_info, complexity, 20);
PIN(mosaic_task_info, model, 24);
PIN(mosaic_task_info, language, 32);
PIN(mosaic_task_info, context_window, 40);

PIN(mosaic_stats, struct_size, 0);
PIN(mosaic_stats, tracked, 8);
PIN(mosaic_stats, queued, 16);
PIN(mosaic_stats, accepted, 24);
PIN(mosaic_stats, duplicates, 32);
PIN(mosaic_stats, rejected, 40);
PIN(mosaic_stats, dropped_overflow, 48);
PIN(mosaic_stats, dropped_bad_batch, 56);
PIN(mosaic_stats, dropped_too_large, 64);
PIN(mosaic_stats, dropped_shutdown, 72);
PIN(mosaic_stats, dry_run, 80);
PIN(mosaic_stats, requests, 88);
PIN(mosaic_stats, failed_requests, 96);
PIN(mosaic_stats, retries, 104);
PIN(mosaic_stats, kept_for_later, 112);
PIN(mosaic_stats, split_batches, 120);
PIN(mosaic_stats, spooled, 128);
PIN(mosaic_stats, resent_with_fallback, 136);

#endif
