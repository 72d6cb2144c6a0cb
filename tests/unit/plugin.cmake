mosaic_unit_test(task)
