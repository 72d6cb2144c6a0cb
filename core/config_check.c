/* Whether one value would be accepted for one setting, by the same rules as everything else:
 * the value applied to a scratch config and that config validated. Above the setters
 * (config.c) and the settings table (config_settings.c), which it uses both. */
#include <stdio.h>

#include "config.h"
#include "err.h"

/* Stand-ins for the three settings a server needs, so that validate's answer is about the one
 * setting being checked. */
static mosaic_status fill_required(mosaic_config *c)
{
    static const char key[] = "0000000000000000000000000000000000000000000000000000000000000000";
    c->allow_insecure_http = true;
    if (mt_config_replace_string(&c->server_url, "https://example.invalid") ||
        mt_config_replace_string(&c->api_key, key) ||
        mt_config_replace_string(&c->instance_id, "00000000-0000-4000-8000-000000000000"))
        return MOSAIC_ERR_NO_MEMORY;
    return MOSAIC_OK;
}

mosaic_status mt_config_check_value(mt_setting setting, const char *value, char *err, size_t errlen)
{
    mosaic_config *c = mt_config_new_defaults();
    mosaic_status status = c ? fill_required(c) : MOSAIC_ERR_NO_MEMORY;
    if (status == MOSAIC_OK) {
        mt_config_clear_setting(c, setting);
        status = mt_config_apply(c, setting, value, MT_CONFIG_ORIGIN_FILE, NULL);
    }
    if (status == MOSAIC_OK)
        status = mosaic_config_validate(c, err, errlen);
    else
        mt_set_error(err, errlen, "out of memory");
    /* The history's rule is the command's, not the library's (config.h): checked here too. */
    if (status == MOSAIC_OK && !mt_config_history_ok(c->history, err, errlen))
        status = MOSAIC_ERR_INVALID_CONFIG;
    if (status == MOSAIC_OK && !mt_config_shape_warning(c, err, errlen) && errlen)
        err[0] = '\0';
    mosaic_config_free(c);
    return status;
}
