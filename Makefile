# SPDX-License-Identifier: GPL-2.0-only
#
# vfsmod top-level Makefile (out-of-tree module; the Kbuild file is module/Kbuild).
#
#   make [KDIR=/lib/modules/<release>/build]   detect kernel APIs, build module/vfsmod.ko
#   make clean | modules_install | lint | sparse | w1
#   make tools                                  tools/vfsmod-top (libtracefs-dev, libtraceevent-dev)
#   make check|demo|bench [KERNELS="..."]       test scripts (tests/), deb (packaging/)
#   make check-debug                            the suite on a debug kernel (KASAN, lockdep, ...)
#   make help                                   every target, one line each
#
# The version lives only in dkms.conf (PACKAGE_VERSION).

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?=

VFSMOD_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$$/\1/p' $(CURDIR)/dkms.conf)
ifeq ($(VFSMOD_VERSION),)
$(error vfsmod: no PACKAGE_VERSION in $(CURDIR)/dkms.conf)
endif

MODDIR := $(CURDIR)/module
CONFIG_H := module/vfsmod_config.h
COMPAT_TESTS := $(wildcard compat/tests/HAVE_*.c)
# Offsets of structs private to fs/, from the target kernel's BTF.
LAYOUT_H := module/vfsmod_layout.h

# Toolchain settings given on the command line or in the environment are
# handed to the detection build too (it must compile like the module).
COMPAT_VARS := $(strip $(foreach v,ARCH CROSS_COMPILE CC LD LLVM HOSTCC, \
	$(if $(filter command line environment,$(origin $(v))),$(v)=$($(v)))))

KBUILD := $(MAKE) -C $(KDIR) M=$(MODDIR) VFSMOD_VERSION=$(VFSMOD_VERSION)

# Release of the tree at KDIR; empty if KDIR is not a prepared build tree.
KREL = $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
kmajor = $(firstword $(subst ., ,$(KREL)))
kminor = $(firstword $(subst -, ,$(subst +, ,$(word 2,$(subst ., ,$(KREL))))))
# Expanded at the top of recipes that need KDIR: one clear line, then stop.
check-kdir = $(if $(KREL),,$(error vfsmod: no kernel build tree at $(KDIR) (install the headers, e.g. Debian linux-headers-<release>, or pass KDIR=)))$(if $(shell [ $(kmajor) -gt 5 ] || { [ $(kmajor) -eq 5 ] && [ $(kminor) -ge 10 ]; } && echo ok),,$(error vfsmod: needs Linux 5.10 or newer, $(KDIR) is $(KREL)))

# Re-run detection when the header is missing, was made for another KDIR
# or release, or a test/the script changed.
eq = $(and $(findstring x$(1),x$(2)),$(findstring x$(2),x$(1)))
CONFIG_STAMP = $(strip $(shell sed -n -e 's/^ \* KDIR: //p' -e 's/^ \* kernel release: //p' $(CONFIG_H) 2>/dev/null))
CONFIG_STALE = $(if $(call eq,$(CONFIG_STAMP),$(strip $(KDIR) $(KREL))),,FORCE)
LAYOUT_STAMP = $(strip $(shell sed -n -e 's/^ \* KDIR: //p' -e 's/^ \* kernel release: //p' $(LAYOUT_H) 2>/dev/null))
LAYOUT_STALE = $(if $(call eq,$(LAYOUT_STAMP),$(strip $(KDIR) $(KREL))),,FORCE)

.PHONY: all modules config modules_install clean lint sparse w1 check check-debug demo bench deb FORCE

all: modules

modules: $(CONFIG_H) $(LAYOUT_H)
	@: $(check-kdir)
	$(KBUILD) modules
	sh compat/module_btf.sh $(KDIR) module/vfsmod.ko $(COMPAT_VARS)

config: $(CONFIG_H) $(LAYOUT_H)

$(CONFIG_H): compat/detect.sh $(COMPAT_TESTS) $(CONFIG_STALE)
	@: $(check-kdir)
	sh compat/detect.sh $(KDIR) $@ $(COMPAT_VARS)

$(LAYOUT_H): compat/layout.sh compat/btf_layout.c $(LAYOUT_STALE)
	@: $(check-kdir)
	sh compat/layout.sh $(KDIR) $@ $(COMPAT_VARS)

modules_install: modules
	$(KBUILD) modules_install

# No KDIR needed: DKMS runs "make clean" where uname -r may be another kernel.
clean:
	rm -f module/*.o module/*.ko module/*.mod module/*.mod.c module/.*.cmd \
		module/*.o.d module/.*.d module/*.dwo module/*.symtypes \
		module/modules.order module/Module.symvers module/.module-common.o \
		$(CONFIG_H) module/.vfsmod_config.log $(LAYOUT_H)
	rm -rf module/.tmp_versions module/.compat-build module/.cache.mk

# checkpatch.pl: CHECKPATCH=, $(KDIR)/scripts, an unpacked Debian linux-source
# tree, or the packed one (/usr/src/linux-source-<ver>.tar.xz from package
# "linux-source"), whose checkpatch files are unpacked once into .lint/.
LINT_FILES = $(wildcard module/*.c module/*.h include/*.h compat/*.c compat/tests/*.c)
CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/scripts/checkpatch.pl \
	/usr/src/linux-source-*/scripts/checkpatch.pl))
LINUX_SOURCE_TAR = $(lastword $(sort $(wildcard /usr/src/linux-source-*.tar.*)))

lint:
	@cp='$(CHECKPATCH)'; \
	if [ -z "$$cp" ] && [ ! -f .lint/scripts/checkpatch.pl ] && [ -n '$(LINUX_SOURCE_TAR)' ]; then \
		echo "lint: unpacking checkpatch.pl from $(LINUX_SOURCE_TAR) into .lint/"; \
		mkdir -p .lint && tar -xf '$(LINUX_SOURCE_TAR)' -C .lint --strip-components=1 \
			--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch' || exit 1; \
	fi; \
	if [ -z "$$cp" ] && [ -f .lint/scripts/checkpatch.pl ]; then cp=.lint/scripts/checkpatch.pl; fi; \
	if [ -z "$$cp" ]; then \
		echo "lint: no checkpatch.pl; install Debian 'linux-source' (or pass CHECKPATCH=/path/to/checkpatch.pl)" >&2; \
		exit 1; \
	fi; \
	echo "lint: $$cp --strict"; \
	perl "$$cp" --strict --no-tree --terse --show-types -f $(LINT_FILES)

# sparse over every source file (C=2: also files that are up to date).
sparse: $(CONFIG_H) $(LAYOUT_H)
	$(KBUILD) C=2 modules

# Extra warnings; kbuild rebuilds every object because the flags change.
w1: $(CONFIG_H) $(LAYOUT_H)
	$(KBUILD) W=1 modules

check:
	KERNELS="$(KERNELS)" tests/harness/check.sh

# Builds the debug kernel once (40 min on 2 cores; tests/harness/debug-kernel.sh) and
# its root, then runs the whole suite on it, in two guests side by side.
check-debug:
	tests/harness/check-debug.sh

demo:
	KERNELS="$(KERNELS)" tests/harness/demo.sh

bench:
	KERNELS="$(KERNELS)" tests/bench/bench.sh

# Userspace, not built by "all" (DKMS builds only the module).
.PHONY: tools
tools:
	$(MAKE) -C tools

deb:
	packaging/build-deb.sh

# One line per target; keep it in step with the targets above.
.PHONY: help
help:
	@echo 'vfsmod targets (KDIR=/lib/modules/<release>/build selects the kernel; default: the running one):'
	@echo '  make [all|modules]   detect the kernel'"'"'s APIs (compat/), build module/vfsmod.ko'
	@echo '  make config          only the API detection: module/vfsmod_config.h, module/vfsmod_layout.h'
	@echo '  make modules_install build, then install vfsmod.ko for KDIR'"'"'s kernel (as root)'
	@echo '  make clean           remove build output (no KDIR needed)'
	@echo '  make lint            checkpatch.pl --strict over module/, include/, compat/tests/'
	@echo '  make sparse          build with sparse (C=2); no diagnostic expected'
	@echo '  make w1              build with W=1 (extra warnings); no diagnostic expected'
	@echo '  make tools           tools/vfsmod-top (needs libtracefs-dev, libtraceevent-dev)'
	@echo '  make deb             build/vfsmod-dkms_<version>_all.deb and vfsmod-tools (root, debootstrap)'
	@echo '  make demo            boot a guest (trixie, or KERNELS=<one>) and stream the events of a small workload (root)'
	@echo '  make check           the test suite in QEMU guests, KERNELS="..." TESTS="..." (root; docs/testing.md)'
	@echo '  make check-debug     the suite on a debug kernel: KASAN, lockdep, kmemleak (root; the first run builds the kernel, ~45 min)'
	@echo '  make bench           cost against the stock alternatives, KERNELS="..." (root; docs/benchmarks.md)'
	@echo '  make help            this list'

FORCE:
