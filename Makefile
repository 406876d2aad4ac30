# bitrescue: UEFI pre-boot BitLocker recovery, and its host twin.
#
#   make          build/bitrescue.efi (x64), build/bitrescue-aa64.efi (AArch64)
#                 and build/bitrescue (host CLI); the host CLI and tests for
#                 arm64 too (build/aarch64/)
#   make check    every test (unit, corpus, reference tools, QEMU/OVMF)
#   make run      boot the app in QEMU/OVMF on this terminal (ARCH=aa64: AAVMF)
#   make bench    speed against the reference tools
#   make fuzz     libFuzzer targets for the parsers of untrusted bytes
#   make usb      build/bitrescue-usb.img, a bootable stick image for dd
#   make sign KEY=... CERT=...   build/bitrescue-signed.efi and
#                 build/bitrescue-aa64-signed.efi for Secure Boot
#
# Third-party code (mbedTLS, nayuki's QR Code generator, the test corpus,
# gnu-efi for AArch64) is fetched by scripts/setup
# into deps/, which the first build runs by itself.

BUILD   := build
DEPS    := deps
MBEDTLS := $(DEPS)/mbedtls
QRCODEGEN := $(DEPS)/qrcodegen
SETUP   := $(DEPS)/.setup-done
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# Portable code: built for the host and for UEFI from the same sources.
# efi/ files that know no UEFI are portable too (tested on the host).
EFI_PORTABLE_SRC := efi/cmdline.c efi/keymap.c efi/keytext.c efi/load_option.c \
	efi/measured_boot.c
CORE_SRC := $(wildcard bde/*.c ntfs/*.c crypto/*.c ui/*.c tpm/*.c) $(EFI_PORTABLE_SRC)
UNIT_SRC := $(wildcard tests/unit/*_test.c) tests/unit/check.c tests/unit/bde_vectors.c
CLI_SRC  := $(wildcard cli/*.c)
# libc/: the string functions firmware lacks (the host has its libc).
EFI_SRC  := $(filter-out $(EFI_PORTABLE_SRC),$(wildcard efi/*.c)) $(wildcard libc/*.c)
MBEDTLS_SRC := $(addprefix $(MBEDTLS)/library/,aes.c aesni.c ccm.c cipher.c \
	cipher_wrap.c sha256.c platform_util.c)
# nayuki's QR Code generator: no malloc; memset/strlen from our shim in firmware.
QRCODEGEN_SRC := $(QRCODEGEN)/qrcodegen.c
# Sources for x86-64 only (the AES-NI, VAES and SHA-NI fast paths): the one
# place that says which files an architecture leaves out.
X86_ONLY_SRC := crypto/aes_ni.c crypto/aes_vaes.c crypto/sha256_ni.c \
	$(MBEDTLS)/library/aesni.c

CFLAGS_COMMON := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
	-I. -I$(MBEDTLS)/include -I$(QRCODEGEN) -DMBEDTLS_CONFIG_FILE='"crypto/mbedtls_config.h"'

# Quiet by default: one short line per step. `make V=1` shows commands.
ifeq ($(V),1)
say :=
else
say = @printf '  %-7s %s\n' $(1) $@;
endif

# --- host ------------------------------------------------------------------
HOST_CC     ?= cc
HOST_CFLAGS := $(CFLAGS_COMMON) $(EXTRA_CFLAGS)
HOST_OBJ    := $(BUILD)/host
host_obj     = $(patsubst %.c,$(HOST_OBJ)/%.o,$(patsubst $(QRCODEGEN)/%,qrcodegen/%,$(patsubst $(MBEDTLS)/%,mbedtls/%,$(1))))

HOST_CORE_OBJ := $(call host_obj,$(CORE_SRC) $(MBEDTLS_SRC) $(QRCODEGEN_SRC))

# --- UEFI (gnu-efi, x86_64) ------------------------------------------------
EFI_INC    := /usr/include/efi
EFI_LIB    := /usr/lib
EFI_CFLAGS := $(CFLAGS_COMMON) -ffreestanding -fpic -fshort-wchar -mno-red-zone \
	-fno-stack-protector -fno-stack-check -maccumulate-outgoing-args \
	-DEFI_FUNCTION_WRAPPER -DGNU_EFI_USE_MS_ABI -DBITRESCUE_EFI
EFI_OBJ    := $(BUILD)/efi
# $(call objs_in,DIR,SOURCES): their objects under DIR (third-party ones
# under mbedtls/ and qrcodegen/).
objs_in     = $(patsubst %.c,$(1)/%.o,$(patsubst %.S,$(1)/%.o,$(patsubst \
	$(QRCODEGEN)/%,qrcodegen/%,$(patsubst $(MBEDTLS)/%,mbedtls/%,$(2)))))
efi_obj     = $(call objs_in,$(EFI_OBJ),$(1))

# Everything the app is made of, on every architecture.
EFI_APP_SRC := $(EFI_SRC) $(CORE_SRC) $(UNIT_SRC) $(MBEDTLS_SRC) $(QRCODEGEN_SRC)
EFI_ALL_OBJ := $(call efi_obj,$(EFI_APP_SRC))

# --- UEFI (gnu-efi, AArch64) -------------------------------------------------
# The same sources with the cross compiler, less the x86-only ones, and
# gnu-efi's arm64 package from deps/. Our own entry glue and linker script
# (efi/aarch64/) let objcopy write the PE header, as on x64, so the app
# can carry .sbat; gnu-efi's AArch64 crt0 has a fixed header of its own.
# -mno-outline-atomics: libgcc's atomics helpers would need __getauxval.
AA64_CROSS  := aarch64-linux-gnu-
AA64_CC     := $(AA64_CROSS)gcc
AA64_GNUEFI := $(DEPS)/gnu-efi-aarch64/usr
AA64_CFLAGS := $(CFLAGS_COMMON) -ffreestanding -fpic -fshort-wchar -mno-outline-atomics \
	-fno-stack-protector -fno-stack-check -DBITRESCUE_EFI
AA64_OBJ    := $(BUILD)/efi-aa64
aa64_obj     = $(call objs_in,$(AA64_OBJ),$(1))
AA64_CRT0   := $(AA64_OBJ)/efi/aarch64/crt0.o
AA64_ALL_OBJ := $(call aa64_obj,$(filter-out $(X86_ONLY_SRC),$(EFI_APP_SRC)))

# --- arm64 host (static, run under qemu-aarch64-static by the tests) ---------
# The host tools for AArch64, less the x86-only sources, so every make check
# runs the ARMv8 Crypto Extension paths against the portable ones
# (tests/test_arm64_host.py).
ARM64_CFLAGS := $(CFLAGS_COMMON) $(EXTRA_CFLAGS)
ARM64_OBJ    := $(BUILD)/aarch64/obj
arm64_obj     = $(call objs_in,$(ARM64_OBJ),$(1))
ARM64_CORE_OBJ := $(call arm64_obj,$(filter-out $(X86_ONLY_SRC),\
	$(CORE_SRC) $(MBEDTLS_SRC) $(QRCODEGEN_SRC)))
ARM64_BIN    := $(addprefix $(BUILD)/aarch64/,bitrescue selftest crypto-cli)

.PHONY: all check run bench fuzz clean setup usb sign
all: $(BUILD)/bitrescue.efi $(BUILD)/bitrescue-aa64.efi $(BUILD)/bitrescue $(BUILD)/selftest $(BUILD)/crypto-cli \
	$(BUILD)/tpm-tool $(BUILD)/qr-tool $(BUILD)/ntfs-tool $(BUILD)/ntfs-tool-asan $(BUILD)/tpm-probe.efi \
	$(BUILD)/ebs-probe.efi $(BUILD)/hello-driver.efi $(ARM64_BIN)

# The version string reaches only the files that print it, through a header
# rewritten when the version changes: a commit must not rebuild everything.
VERSION_H := $(BUILD)/gen/version.h
$(VERSION_H): FORCE
	@mkdir -p $(@D)
	@tmp=$@.$$$$.tmp; echo '#define BITRESCUE_VERSION "$(VERSION)"' > $$tmp; \
	cmp -s $$tmp $@ && rm $$tmp || mv $$tmp $@
FORCE:
VERSIONED := $(HOST_OBJ)/cli/main.o $(EFI_OBJ)/efi/main.o $(AA64_OBJ)/efi/main.o \
	$(ARM64_OBJ)/cli/main.o
$(VERSIONED): $(VERSION_H)
$(VERSIONED): EXTRA_VERSION_FLAGS = -include $(VERSION_H)

$(SETUP): scripts/setup
	./scripts/setup
setup: $(SETUP)
# Third-party sources appear when setup has run: make must not look for
# them before (order-only: their dates do not matter).
$(MBEDTLS_SRC) $(QRCODEGEN_SRC): | $(SETUP) ;

# The self-test table: every tests/unit/NAME_test.c defines selftest_NAME.
# Rewritten only when the list of tests changes; the files that include it
# depend on it through their .d files.
$(BUILD)/gen/selftest_table.h: FORCE
	@mkdir -p $(@D)
	@tmp=$@.$$$$.tmp; { for f in $(sort $(notdir $(filter %_test.c,$(UNIT_SRC)))); do \
		echo "extern const struct selftest selftest_$${f%_test.c};"; done; \
	   echo "static const struct selftest *const selftests[] = {"; \
	   for f in $(sort $(notdir $(filter %_test.c,$(UNIT_SRC)))); do \
		echo "	&selftest_$${f%_test.c},"; done; \
	   echo "	NULL"; echo "};"; } > $$tmp; \
	cmp -s $$tmp $@ && rm $$tmp || mv $$tmp $@

$(HOST_OBJ)/mbedtls/%.o: $(MBEDTLS)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(HOST_CC) $(HOST_CFLAGS) -w -c $< -o $@
$(HOST_OBJ)/qrcodegen/%.o: $(QRCODEGEN)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(HOST_CC) $(HOST_CFLAGS) -w -c $< -o $@
$(HOST_OBJ)/%.o: %.c $(SETUP) | $(BUILD)/gen/selftest_table.h $(VERSION_H)
	@mkdir -p $(@D)
	$(call say,CC)$(HOST_CC) $(HOST_CFLAGS) -I$(BUILD)/gen $(EXTRA_VERSION_FLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bitrescue: $(call host_obj,$(CLI_SRC)) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

$(BUILD)/selftest: $(call host_obj,$(UNIT_SRC) tests/unit/selftest_main.c) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

# Host driver for tests/test_crypto.py (cross-checks against Python).
$(BUILD)/crypto-cli: $(call host_obj,tests/tools/crypto_cli.c) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

# Speed of crypto/ (make bench runs it through scripts/bench).
$(BUILD)/crypto-bench: $(call host_obj,bench/crypto_bench.c) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^
# The writing half of a copy alone (scripts/bench files): no project code.
$(BUILD)/write-tree: bench/write_tree.c
	@mkdir -p $(@D)
	$(call say,CC)$(HOST_CC) $(HOST_CFLAGS) -o $@ $<

# Host driver for tests/test_qr.py (the card's QR codes as images).
$(BUILD)/qr-tool: $(call host_obj,tests/tools/qr_tool.c) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

# Host driver for tests/test_ntfs.py (the NTFS reader on plain images).
$(BUILD)/ntfs-tool: $(call host_obj,tests/tools/ntfs_tool.c cli/image.c) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

# The same driver under ASan and UBSan, for the damaged volumes of
# tests/test_ntfs.py: a read out of bounds must fail the test, not pass by luck.
NTFS_TOOL_ASAN_SRC := tests/tools/ntfs_tool.c cli/image.c $(wildcard ntfs/*.c) bde/utf16.c \
	crypto/sha256.c crypto/sha256_ni.c crypto/cpu.c crypto/wipe.c
$(BUILD)/ntfs-tool-asan: $(NTFS_TOOL_ASAN_SRC) $(wildcard ntfs/*.h bde/*.h crypto/*.h cli/image.h)
	@mkdir -p $(@D)
	$(call say,CC)$(HOST_CC) -std=gnu11 -O1 -g -Wall -Wextra -I. \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined -o $@ $(NTFS_TOOL_ASAN_SRC)

# Host driver for tests/test_tpm.py (event logs, swtpm).
$(BUILD)/tpm-tool: $(call host_obj,tests/tools/tpm_tool.c cli/image.c) $(HOST_CORE_OBJ)
	$(call say,LINK)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

$(ARM64_OBJ)/mbedtls/%.o: $(MBEDTLS)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(AA64_CC) $(ARM64_CFLAGS) -w -c $< -o $@
$(ARM64_OBJ)/qrcodegen/%.o: $(QRCODEGEN)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(AA64_CC) $(ARM64_CFLAGS) -w -c $< -o $@
$(ARM64_OBJ)/%.o: %.c $(SETUP) | $(BUILD)/gen/selftest_table.h $(VERSION_H)
	@mkdir -p $(@D)
	$(call say,CC)$(AA64_CC) $(ARM64_CFLAGS) -I$(BUILD)/gen $(EXTRA_VERSION_FLAGS) -MMD -MP -c $< -o $@

$(BUILD)/aarch64/bitrescue: $(call arm64_obj,$(CLI_SRC)) $(ARM64_CORE_OBJ)
$(BUILD)/aarch64/selftest: $(call arm64_obj,$(UNIT_SRC) tests/unit/selftest_main.c) $(ARM64_CORE_OBJ)
$(BUILD)/aarch64/crypto-cli: $(call arm64_obj,tests/tools/crypto_cli.c) $(ARM64_CORE_OBJ)
$(ARM64_BIN):
	$(call say,LINK)$(AA64_CC) $(ARM64_CFLAGS) -static -o $@ $^

$(EFI_OBJ)/mbedtls/%.o: $(MBEDTLS)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(EFI_CFLAGS) -w -c $< -o $@
# Its asserts would need a libc's __assert_fail: the host build keeps them.
$(EFI_OBJ)/qrcodegen/%.o: $(QRCODEGEN)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(EFI_CFLAGS) -DNDEBUG -w -c $< -o $@
$(EFI_OBJ)/%.o: %.c $(SETUP) | $(BUILD)/gen/selftest_table.h $(VERSION_H)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(EFI_CFLAGS) -I$(EFI_INC) -I$(EFI_INC)/x86_64 -I$(BUILD)/gen $(EXTRA_VERSION_FLAGS) -MMD -MP -c $< -o $@

$(AA64_OBJ)/mbedtls/%.o: $(MBEDTLS)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(AA64_CC) $(AA64_CFLAGS) -w -c $< -o $@
$(AA64_OBJ)/qrcodegen/%.o: $(QRCODEGEN)/%.c $(SETUP)
	@mkdir -p $(@D)
	$(call say,CC)$(AA64_CC) $(AA64_CFLAGS) -DNDEBUG -w -c $< -o $@
$(AA64_OBJ)/%.o: %.c $(SETUP) | $(BUILD)/gen/selftest_table.h $(VERSION_H)
	@mkdir -p $(@D)
	$(call say,CC)$(AA64_CC) $(AA64_CFLAGS) -I$(AA64_GNUEFI)/include/efi \
		-I$(AA64_GNUEFI)/include/efi/aarch64 -I$(BUILD)/gen $(EXTRA_VERSION_FLAGS) -MMD -MP -c $< -o $@
$(AA64_OBJ)/%.o: %.S $(SETUP)
	@mkdir -p $(@D)
	$(call say,AS)$(AA64_CC) -c $< -o $@

# A small EFI image running efi/tcg2.c and tpm/ in real firmware, for
# tests/test_tpm_efi.py (OVMF with swtpm, and without a TPM).
TPM_PROBE_SRC := tests/tools/tpm_probe_efi.c tests/tools/policy_check_efi.c efi/tcg2.c \
	$(wildcard tpm/*.c) crypto/sha256.c crypto/sha256_ni.c crypto/sha256_ce.c crypto/cpu.c \
	crypto/wipe.c libc/string.c

$(BUILD)/bitrescue.so: $(EFI_ALL_OBJ)
$(BUILD)/tpm-probe.so: $(call efi_obj,$(TPM_PROBE_SRC))

# A stand-in OS loader (ExitBootServices) for tests/test_keys_wiped.py.
$(BUILD)/ebs-probe.so: $(call efi_obj,tests/tools/ebs_probe_efi.c)
# A boot-service driver for the drivers folder test (tests/test_boot.py).
$(BUILD)/hello-driver.so: $(call efi_obj,tests/tools/hello_driver_efi.c)

# (crt0 named here too: make would not build it for the pattern alone)
$(BUILD)/bitrescue-aa64.so: $(AA64_CRT0) $(AA64_ALL_OBJ)

# Link, then refuse a binary with undefined symbols: firmware would only
# find out at load time.
define refuse_undefined
	@undef=$$($(1)nm -u $@); if [ -n "$$undef" ]; then \
		echo "error: $@ has undefined symbols:"; echo "$$undef"; rm -f $@; exit 1; fi
endef
$(BUILD)/%.so:
	$(call say,LD)ld -shared -Bsymbolic -nostdlib -znocombreloc -T $(EFI_LIB)/elf_x86_64_efi.lds \
		$(EFI_LIB)/crt0-efi-x86_64.o $^ -o $@ -L$(EFI_LIB) -lefi -lgnuefi
	$(call refuse_undefined,)
$(BUILD)/%-aa64.so: $(AA64_CRT0) efi/aarch64/app.lds
	$(call say,LD)$(AA64_CROSS)ld -shared -Bsymbolic -nostdlib -znocombreloc \
		--no-warn-rwx-segments -T efi/aarch64/app.lds $(AA64_CRT0) \
		$(filter-out $(AA64_CRT0) %.lds,$^) -o $@ -L$(AA64_GNUEFI)/lib -lefi -lgnuefi
	$(call refuse_undefined,$(AA64_CROSS))

# --strip-all: no COFF symbol table (30 KiB), which firmware never reads;
# nor .dynsym (8 KiB): the relocations gnu-efi applies at start are all
# relative (-Bsymbolic), they name no symbol;
# debuggers take the symbols from the .so.
EFI_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .rel \
	-j .rela -j .rel.* -j .rela.* -j .reloc --strip-all
$(BUILD)/%.efi: $(BUILD)/%.so
	$(call say,OBJCOPY)objcopy $(EFI_SECTIONS) --target $(EFI_TARGET) $< $@
EFI_TARGET := efi-app-x86_64
$(BUILD)/hello-driver.efi: EFI_TARGET := efi-bsdrv-x86_64
$(BUILD)/%-aa64.efi: $(BUILD)/%-aa64.so
	$(call say,OBJCOPY)$(AA64_CROSS)objcopy $(EFI_SECTIONS) --target efi-app-aarch64 $< $@

# The app carries SBAT metadata: shim (Secure Boot through MOK) refuses an
# image without it.
#
# Size budget: 1 MiB from here on (it is about 0.4 MiB). gnu-efi's linker
# script keeps .bss in .data, so every static buffer is file space: large
# ones are allocated at run time (efi/pages.h, check_alloc in the tests).
# An app over budget is removed, so that the next make fails again.
EFI_APP_MAX := 1048576
# $(call efi_app,CROSS,TARGET): the app from its .so, with .sbat, in budget.
define efi_app
	$(call say,SBAT)OBJCOPY=$(1)objcopy OBJDUMP=$(1)objdump \
		./scripts/sbat $< $(<:.so=-sbat.so) "$(VERSION)"
	$(call say,OBJCOPY)$(1)objcopy $(EFI_SECTIONS) -j .sbat --target $(2) \
		$(<:.so=-sbat.so) $@
	@size=$$(stat -c %s $@); \
	printf '  %-7s %s: %d KiB\n' SIZE $@ $$(((size + 1023) / 1024)); \
	if [ $$size -gt $(EFI_APP_MAX) ]; then \
		echo "error: $@ is $$size bytes, over its budget of $(EFI_APP_MAX)"; \
		rm -f $@; exit 1; fi
endef
$(BUILD)/bitrescue.efi: $(BUILD)/bitrescue.so scripts/sbat $(VERSION_H)
	$(call efi_app,,efi-app-x86_64)
$(BUILD)/bitrescue-aa64.efi: $(BUILD)/bitrescue-aa64.so scripts/sbat $(VERSION_H)
	$(call efi_app,$(AA64_CROSS),efi-app-aarch64)

# --- tests -------------------------------------------------------------------
# The one test command (README and .ci/run use exactly this). Two workers
# take tests one by one (pytest-xdist): the QEMU boots, each one emulated
# CPU under TCG, run two at a time on CI's two cores. A module whose tests
# share its boots (a module-scoped fixture) marks them xdist_group, so one
# worker takes them all and boots once (loadgroup). The fuzzers
# are built first, so that no two tests build them at once.
check: all fuzz
	/usr/bin/python3 -m pytest -q -p no:cacheprovider -n 2 --dist loadgroup tests

# Boot the app on this terminal (Ctrl-A X quits); RUN_ARGS go to the app,
# e.g. make run RUN_ARGS=--self-test; ARCH=aa64 boots the AArch64 app.
ARCH ?= x64
run: $(if $(filter aa64,$(ARCH)),$(BUILD)/bitrescue-aa64.efi,$(BUILD)/bitrescue.efi)
	BITRESCUE_ARCH=$(ARCH) /usr/bin/python3 tests/run_qemu.py $(RUN_ARGS)

# Speed, not correctness: medians printed by section (scripts/bench);
# the whole-tool sections time build/bitrescue on the corpus.
bench: $(BUILD)/crypto-bench $(BUILD)/write-tree $(BUILD)/bitrescue $(BUILD)/bitrescue.efi $(BUILD)/bitrescue-aa64.efi
	./scripts/bench

# Parsers of untrusted bytes under libFuzzer, ASan and UBSan (needs clang):
# metadata and whole volumes, the decrypted view, TPM answers and event
# logs, load options, NTFS volumes (seeds: fuzz/ntfs_seeds.py).
FUZZ_TARGETS := $(addprefix $(BUILD)/,metadata_fuzz view_fuzz tpm_fuzz cmdline_fuzz ntfs_fuzz)
# ui/msg.c: --lang's codes (efi/cmdline.c checks them against it).
FUZZ_LIB_SRC := $(wildcard bde/*.c ntfs/*.c crypto/*.c tpm/*.c) efi/cmdline.c efi/load_option.c ui/msg.c $(MBEDTLS_SRC)
FUZZ_FLAGS := -O1
$(FUZZ_TARGETS): $(BUILD)/%: fuzz/%.c $(FUZZ_LIB_SRC) $(wildcard bde/*.h ntfs/*.h crypto/*.h tpm/*.h fuzz/*.h efi/cmdline.h efi/load_option.h) ui/msg.h ui/messages.def $(SETUP)
	@mkdir -p $(@D)
	clang -std=gnu11 -g $(FUZZ_FLAGS) -I. -I$(MBEDTLS)/include \
		-DMBEDTLS_CONFIG_FILE='"crypto/mbedtls_config.h"' \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		$< $(FUZZ_LIB_SRC) -o $@
# The view fuzzer reads ~130 KB an input and decrypts much of it: the
# cipher, instrumented, took most of its time (fuzz/view_fuzz.no*). The
# view code keeps all of the instrumentation; -O2 halves what is left.
$(BUILD)/view_fuzz: fuzz/view_fuzz.nocoverage fuzz/view_fuzz.noasan
$(BUILD)/view_fuzz: FUZZ_FLAGS := -O2 -fsanitize-coverage-ignorelist=fuzz/view_fuzz.nocoverage \
	-fsanitize-ignorelist=fuzz/view_fuzz.noasan
fuzz: $(FUZZ_TARGETS)

# --- the USB stick and Secure Boot (README: "Putting it on a USB stick") ----
SIGNED  := $(BUILD)/bitrescue-signed.efi
SIGNED_AA64 := $(BUILD)/bitrescue-aa64-signed.efi
USB_IMG := $(BUILD)/bitrescue-usb.img

# Both architectures' apps, by the same key (sbsign signs either PE).
sign: $(BUILD)/bitrescue.efi $(BUILD)/bitrescue-aa64.efi
	@if [ -z "$(KEY)" ] || [ -z "$(CERT)" ]; then \
		echo "usage: make sign KEY=db.key CERT=db.crt"; exit 2; fi
	@./scripts/sign "$(KEY)" "$(CERT)" $(BUILD)/bitrescue.efi $(SIGNED)
	@./scripts/sign "$(KEY)" "$(CERT)" $(BUILD)/bitrescue-aa64.efi $(SIGNED_AA64)

# The stick holds the signed apps when there are (KEY and CERT given, or
# an earlier make sign), never a signed app older than its build.
usb: $(BUILD)/bitrescue.efi $(BUILD)/bitrescue-aa64.efi $(if $(KEY)$(CERT),sign)
	@apps="--app $(BUILD)/bitrescue.efi --app-aa64 $(BUILD)/bitrescue-aa64.efi"; \
	if [ -e $(SIGNED) ] || [ -e $(SIGNED_AA64) ]; then \
		for pair in $(SIGNED):$(BUILD)/bitrescue.efi \
			    $(SIGNED_AA64):$(BUILD)/bitrescue-aa64.efi; do \
			signed=$${pair%%:*} app=$${pair#*:}; \
			if [ ! -e $$signed ]; then \
				echo "error: $$signed is missing: run make sign again," \
					"or remove the other signed app"; exit 1; fi; \
			if [ $$signed -ot $$app ]; then \
				echo "error: $$signed is older than $$app:" \
					"run make sign again, or remove it"; exit 1; fi; \
		done; \
		apps="--app $(SIGNED) --app-aa64 $(SIGNED_AA64) --cert $(SIGNED:.efi=.cer)"; fi; \
	./scripts/mkusb $$apps --out $(USB_IMG)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
