/* Predictions: refresh from POST /v1/predictions/batch (sync or on a short-lived thread) and a
 * TTL cache keyed by the query's four dimensions that get() reads without calling the server. */
#ifndef MT_PREDICTIONS_H
#define MT_PREDICTIONS_H

#include "config.h"

typedef struct mt_predictions mt_predictions;

mt_predictions *mt_predictions_new(const mosaic_config *config, const mt_logger *log);
/* Cuts refreshes in flight short, waits for their threads, frees the cache. */
void mt_predictions_free(mt_predictions *predictions);

mosaic_status mt_predictions_refresh(mt_predictions *predictions,
                                     const mosaic_prediction_query *queries, size_t n);
mosaic_status mt_predictions_refresh_async(mt_predictions *predictions,
                                           const mosaic_prediction_query *queries, size_t n,
                                           mosaic_prediction_done_fn done, void *user);
mosaic_prediction *mt_predictions_get(mt_predictions *predictions,
                                      const mosaic_prediction_query *query);

/* fork.c: held across fork(), then reset in the child. */
void mt_predictions_lock(mt_predictions *predictions);
void mt_predictions_unlock(mt_predictions *predictions);
void mt_predictions_after_fork(mt_predictions *predictions);

#endif
