# The price table's unit tests (plugin/pricing.c). The ccusage cross-check is registered in
# plugin/pricing.cmake, next to the program it builds.
mosaic_unit_test(pricing)
