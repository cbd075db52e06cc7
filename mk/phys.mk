# mm/phys: ownership layer over the page allocator (host test).
HOST_TESTS += test-phys

.PHONY: test-phys
$(BUILD)/host/test_phys: tests/host/test_phys.c mm/phys.c mm/phys.h mm/bitalloc.c mm/bitalloc.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) tests/host/test_phys.c mm/phys.c mm/bitalloc.c -o $@
test-phys: $(BUILD)/host/test_phys
	$<
