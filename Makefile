# Torwart: one plain GNU Makefile (STYLE.md 3.13).
#
#   make run    install what is missing, build, run the stack (kore/run)
#   make test   install what is missing, build, run every test
#   make lint   formatting, layering, banned functions, cppcheck
#   make bench  throughput against a ceiling measured in the same run
#   make fuzz   libFuzzer targets of tests/fuzz/, FUZZ_SECONDS each
#   make SANITIZE=address,undefined test   modules and tests sanitized
#
# run and test first install the Debian packages (kore/install-deps) and
# then call make again, because pkg-config's flags are read when make
# parses this file.

CC?=		cc
PKGS=		libmariadb libcrypto libxml-2.0 tesseract lept
KORE_FEATURES=	$(shell cat /usr/share/kore/features 2>/dev/null)

CFLAGS+=	-std=c99 -pedantic -Wall -Wextra -Werror
CFLAGS+=	-Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations
CFLAGS+=	-Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare
CFLAGS+=	-D_GNU_SOURCE -fPIC -fstack-protector-all -g
CFLAGS+=	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS+=	$(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

OBJDIR=		obj
ifneq ("$(SANITIZE)", "")
OBJDIR=		obj-san
CFLAGS+=	-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -O1
LDFLAGS+=	-fsanitize=$(SANITIZE)
else
CFLAGS+=	-O2
endif

# Modules without kore: unit tested on their own.
CORE_SRCS=	sql/sql.c sql/sql_migrate.c kore/app_config.c api/api_json.c \
		api/api_rbac.c api/api_audit_chain.c \
		pseudo/pseudo_key.c pseudo/pseudo_password.c pseudo/pseudo_totp.c \
		pseudo/pseudo_encode.c pseudo/pseudo_plate.c pseudo/pseudo_token.c \
		api/api_json_parse.c api/api_net.c
CORE_SRCS+=	api/api_read.c api/api_time.c rules/rules.c rules/rules_site.c \
		rules/rules_adr.c rules/rules_adr_table.c \
		rules/rules_profile.c api/api_local.c api/api_csv.c \
		api/api_import.c api/api_profile.c \
		api/api_gate_set.c api/api_lcache.c api/api_retention_classes.c \
		api/api_subject.c api/api_rekey.c
CORE_SRCS+=	pseudo/pseudo_evidence.c
CORE_SRCS+=	api/api_vendor.c
CORE_SRCS+=	api/api_multipart.c
CORE_SRCS+=	ocr/ocr.c ocr/ocr_engine.c ocr/ocr_image.c ocr/ocr_choose.c \
		api/api_ocr_fit.c
# Code kore calls: built with kore's feature flags.
KORE_SRCS=	kore/app.c kore/app_db.c kore/app_keyring.c kore/app_work.c kore/sandbox.c api/api_error.c \
		api/api_dispatch.c api/api_util.c api/api_auth.c api/api_users.c \
		api/api_keys.c api/api_audit.c api/api_sites.c api/api_reads.c \
		api/api_lists.c api/api_lists_csv.c api/api_profiles.c api/api_ops.c \
		api/api_gate.c api/api_retention.c api/api_dsr.c \
		api/api_transparency.c api/api_keyrot.c api/api_evidence.c \
		api/api_tenant_export.c \
		api/health.c
SCHEMA=		$(sort $(wildcard sql/schema/*.sql))

CORE_OBJS=	$(CORE_SRCS:%.c=$(OBJDIR)/%.o) $(OBJDIR)/schema.o \
		$(OBJDIR)/common_passwords.o
KORE_OBJS=	$(KORE_SRCS:%.c=$(OBJDIR)/%.o)
TEST_SRCS=	$(sort $(wildcard tests/*/test_*.c))
TESTS=		$(TEST_SRCS:%.c=$(OBJDIR)/%)
CONFIG_TOOL=	$(OBJDIR)/torwart-config
OPEN_TOOL=	$(OBJDIR)/torwart-open

FUZZ_SRCS=	$(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS?=	60
# The pure modules, built once with clang's instrumentation for the targets.
FUZZ_LIB=	$(filter-out sql/% pseudo/pseudo_password.c,$(CORE_SRCS))
FUZZ_OBJS=	$(FUZZ_LIB:%.c=obj-fuzz/%.o)
FUZZ_BINS=	$(FUZZ_SRCS:tests/fuzz/%.c=obj-fuzz/%)
FUZZ_CFLAGS=	-g -O1 -std=c99 -D_GNU_SOURCE -fno-sanitize-recover=undefined \
		$(shell pkg-config --cflags $(PKGS) 2>/dev/null)

LINT_SRCS=	$(CORE_SRCS) $(KORE_SRCS) kore/torwart-config.c $(TEST_SRCS) \
		tests/totp-code.c tests/routes.c tests/ws-client.c \
		tests/ocr-render.c tests/bench/bench-ocr.c \
		$(FUZZ_SRCS)
LINT_SRCS+=	pseudo/torwart-open.c

.PHONY: all run test check bench bench-ocr fuzz lint deps clean adr-table \
	rotate-master-key

all: torwart.so $(CONFIG_TOOL)
all: $(OPEN_TOOL)

deps:
	@kore/install-deps

run: deps
	@$(MAKE) --no-print-directory SANITIZE= all
	@exec kore/run

test: deps
	@$(MAKE) --no-print-directory check

# A new master key; the next start of make run completes the rotation.
rotate-master-key:
	@$(MAKE) --no-print-directory SANITIZE= $(CONFIG_TOOL)
	@kore/rotate-master-key

# Build (plain torwart.so: kore itself is not sanitized) and run everything;
# the integration tests' helpers come from obj/ too (run-tests runs them
# with OBJDIR=obj).
check: $(TESTS)
	@$(MAKE) --no-print-directory SANITIZE= all obj/totp-code obj/routes \
	    obj/ws-client obj/ocr-render $(FUZZ_BINS)
	@OBJDIR=$(OBJDIR) tests/run-tests

# kore's structs change layout with its build options (TASKS, PGSQL): code
# that touches them must see the same -D flags as the kore binary.
$(KORE_OBJS): CFLAGS+=$(KORE_FEATURES)

# -z nodelete: kore's parent reloads modules on SIGHUP without asking; the
# same image (and its state) must stay (kore/app.c, app_init).
torwart.so: $(KORE_OBJS) $(CORE_OBJS)
	$(CC) -shared -Wl,-z,nodelete $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(CONFIG_TOOL): kore/torwart-config.c $(OBJDIR)/kore/app_config.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# The offline opener of sealed evidence (pseudo/README.md); its test runs
# it, so it is built with the test, in the same OBJDIR.
$(OPEN_TOOL): pseudo/torwart-open.c $(OBJDIR)/pseudo/pseudo_evidence.o \
    $(OBJDIR)/pseudo/pseudo_key.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libcrypto)
$(OBJDIR)/tests/pseudo/test_pseudo_evidence: | $(OPEN_TOOL)

$(OBJDIR)/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(OBJDIR)/schema.c: sql/embed-schema $(SCHEMA)
	@mkdir -p $(@D)
	sh sql/embed-schema $(SCHEMA) > $@.tmp && mv $@.tmp $@

# A migration is one string, often longer than the 4095 bytes C99 promises;
# gcc and clang take any length.
$(OBJDIR)/schema.o: $(OBJDIR)/schema.c sql/sql.h
	$(CC) $(CFLAGS) -Wno-overlength-strings -Isql -c -o $@ $<

$(OBJDIR)/common_passwords.c: pseudo/embed-passwords pseudo/common-passwords.txt
	@mkdir -p $(@D)
	sh pseudo/embed-passwords pseudo/common-passwords.txt > $@.tmp && \
	    mv $@.tmp $@

$(OBJDIR)/common_passwords.o: $(OBJDIR)/common_passwords.c pseudo/pseudo.h
	$(CC) $(CFLAGS) -Ipseudo -c -o $@ $<

# The route table for the integration tests and the README's matrix.
$(OBJDIR)/routes: tests/routes.c $(OBJDIR)/api/api_rbac.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# The integration tests' OCR images.
$(OBJDIR)/ocr-render: tests/ocr-render.c tests/ocr/ocr_render.h
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(LDLIBS)

# The integration tests' second factor.
$(OBJDIR)/totp-code: tests/totp-code.c $(CORE_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The gate stream's WebSocket client (tests/run-integ-gate).
$(OBJDIR)/ws-client: tests/ws-client.c
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(shell pkg-config --libs openssl)

$(OBJDIR)/tests/%: tests/%.c $(CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# OCR over a labelled set of crops (tests/bench/bench-ocr.c):
# make bench-ocr DATA=../shared/ocr-dev/br-crops [OCR_ARGS="-c D -v"]
bench-ocr: deps
	@$(MAKE) --no-print-directory SANITIZE= obj/bench-ocr
	@obj/bench-ocr $(OCR_ARGS) $(or $(DATA),$(error DATA=<dir with labels.tsv>))

$(OBJDIR)/bench-ocr: tests/bench/bench-ocr.c $(CORE_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench:
	@kore/install-deps bench
	@$(MAKE) --no-print-directory SANITIZE= all
	@tests/bench/run

# Each target links the pure modules, built once with clang's
# instrumentation; every target runs on a copy of its seed corpus
# (tests/run-fuzz).  make test runs them too, for a few seconds each.
obj-fuzz/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	    -c -o $@ $<

obj-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_utf8.h $(FUZZ_OBJS)
	@echo "clang -fsanitize=fuzzer -o $@"
	@clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(FUZZ_OBJS) $(LDLIBS)

# Not intermediates: kept for the next target and the next run.
.SECONDARY: $(FUZZ_OBJS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@tests/run-fuzz $(FUZZ_SECONDS) $(FUZZ_BINS)

lint:
	@tests/lint $(LINT_SRCS)

# The ADR tables are checked in: regenerate them when the reference data
# changes (rules/README.md).
ADR_DATA?=	../shared/data/adr
adr-table:
	sh rules/adr-gen $(ADR_DATA) > rules/rules_adr_table.c.tmp || \
	    { rm -f rules/rules_adr_table.c.tmp; exit 1; }
	mv rules/rules_adr_table.c.tmp rules/rules_adr_table.c

clean:
	rm -rf obj obj-san obj-fuzz torwart.so
