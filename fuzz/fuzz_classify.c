/* The classifiers (plugin/enrich/classify_*.c) on text from outside: the input as a command line
 * (gate), a prompt (task type), a file path (language) and a model name (provider). */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    mosaic_quality_gate gate;
    mt_classify_gate(text, &gate);
    mt_classify_task_type(text);
    const char *language = mt_language_for_path(text);
    if (language && strlen(language) == 0)
        abort(); /* a wire value, never empty */
    mt_provider_for_model(text);
    free(text);
    return 0;
}
