# QEMU system tests of AArch64 guest VMs (tests/system/test_vms.py) and of the
# config blob refused at boot (tests/system/test_config_boot.py).
SYSTESTS += systest-vms

.PHONY: systest-vms
systest-vms: $(DEPS) build guests $(BUILD)/host/config-check
	cd tests/system && $(PYTEST) -q -p no:cacheprovider test_vms.py test_config_boot.py
