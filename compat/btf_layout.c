// SPDX-License-Identifier: GPL-2.0-only
/*
 * btf_layout - member offsets of kernel structs, read from BTF.
 *
 * Runs on the build machine (compat/layout.sh compiles and runs it), so
 * that vfsmod can reach into structs private to fs/ (struct mount, struct
 * mnt_namespace) with the layout of the very kernel it is built for,
 * never a hand-copied struct.  Needs only a C compiler: no pahole,
 * bpftool or python on a DKMS build machine.
 *
 *   btf_layout scan FILE
 *	prints "<format> <offset>" for every place in FILE where an xz,
 *	zstd, gzip or lz4 stream may start (a bzImage's compressed vmlinux).
 *   btf_layout layout FILE [NAME=SPEC...]
 *	FILE is raw BTF (/sys/kernel/btf/vmlinux), an ELF file with a
 *	.BTF section (vmlinux) or a raw kernel image that holds vmlinux's
 *	.BTF section without any ELF header around it (arm64's Image: the
 *	vmlinuz of Debian's arm64 kernels, or what its gzip stream holds).
 *	SPEC is "struct.member" (byte offset of a member, found through
 *	anonymous structs and unions), "sizeof.struct" or "enum.NAME" (the
 *	value of enumerator NAME: a private flag's bit).  Prints
 *	"#define NAME VALUE" per argument; exit status 1 if any is missing,
 *	2 if FILE holds no BTF.
 *   btf_layout btf FILE
 *	writes the BTF that "layout" reads in FILE to stdout as raw BTF:
 *	pahole takes raw BTF or ELF as a module's base, not an Image.
 *
 * Format: include/uapi/linux/btf.h and Documentation/bpf/btf.rst.  Only
 * what is needed to walk struct members is decoded; every other kind is
 * skipped by its documented size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BTF_MAGIC	0xeB9F
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* as the kernel's asm-generic/int-ll64.h has them */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

enum {
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION,
	KIND_ENUM, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST,
	KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC,
	KIND_FLOAT, KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64,
};

struct btf_header {
	u16 magic;
	u8 version;
	u8 flags;
	u32 hdr_len;
	u32 type_off;
	u32 type_len;
	u32 str_off;
	u32 str_len;
};

struct btf_type {
	u32 name_off;
	u32 info;
	u32 size_type;
};

struct btf_member {
	u32 name_off;
	u32 type;
	u32 offset;
};

static const char *strs;
static u32 strs_len;
static const struct btf_type **types;	/* by id; types[0] is void */
static u32 ntypes;

static unsigned int kind_of(const struct btf_type *t)
{
	return (t->info >> 24) & 0x1f;
}

static unsigned int vlen_of(const struct btf_type *t)
{
	return t->info & 0xffff;
}

static const char *name_of(u32 off)
{
	return off < strs_len ? strs + off : "";
}

/* Bytes that follow struct btf_type for type @t, or -1 if unknown. */
static long extra_size(const struct btf_type *t)
{
	unsigned int n = vlen_of(t);

	switch (kind_of(t)) {
	case KIND_INT: case KIND_VAR: case KIND_DECL_TAG:
		return 4;
	case KIND_PTR: case KIND_FWD: case KIND_TYPEDEF: case KIND_VOLATILE:
	case KIND_CONST: case KIND_RESTRICT: case KIND_FUNC: case KIND_FLOAT:
	case KIND_TYPE_TAG:
		return 0;
	case KIND_ARRAY:
		return 12;
	case KIND_STRUCT: case KIND_UNION: case KIND_DATASEC: case KIND_ENUM64:
		return 12L * n;
	case KIND_ENUM: case KIND_FUNC_PROTO:
		return 8L * n;
	}
	return -1;
}

static int load_btf(const unsigned char *p, size_t len)
{
	const struct btf_header *h = (const void *)p;
	const unsigned char *tp, *end;
	u32 cap = 1 << 16;

	types = NULL;
	if (len < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len > len ||
	    (u64)h->hdr_len + h->type_off + h->type_len > len ||
	    (u64)h->hdr_len + h->str_off + h->str_len > len)
		return -1;
	strs = (const char *)p + h->hdr_len + h->str_off;
	strs_len = h->str_len;
	tp = p + h->hdr_len + h->type_off;
	end = tp + h->type_len;
	types = malloc(cap * sizeof(*types));
	if (!types)
		return -1;
	types[0] = NULL;
	ntypes = 1;
	while (tp + sizeof(struct btf_type) <= end) {
		const struct btf_type *t = (const void *)tp;
		long x = extra_size(t);

		if (x < 0) {
			fprintf(stderr, "btf_layout: unknown BTF kind %u (type %u)\n",
				kind_of(t), ntypes);
			return -1;
		}
		if (ntypes == cap) {
			cap *= 2;
			types = realloc(types, cap * sizeof(*types));
			if (!types)
				return -1;
		}
		types[ntypes++] = t;
		tp += sizeof(*t) + x;
	}
	return 0;
}

/* The .BTF section of an ELF64 little-endian file, or NULL. */
static const unsigned char *elf_btf(const unsigned char *p, size_t len,
				    size_t *btf_len)
{
	u64 shoff;
	u16 shentsize, shnum, shstrndx, i;
	const unsigned char *sh, *shstr;

	if (len < 64 || memcmp(p, "\177ELF", 4) || p[4] != 2 || p[5] != 1)
		return NULL;
	memcpy(&shoff, p + 0x28, 8);
	memcpy(&shentsize, p + 0x3a, 2);
	memcpy(&shnum, p + 0x3c, 2);
	memcpy(&shstrndx, p + 0x3e, 2);
	if (shentsize < 64 || shstrndx >= shnum ||
	    shoff + (u64)shnum * shentsize > len)
		return NULL;
	shstr = p + shoff + (u64)shstrndx * shentsize;
	for (i = 0; i < shnum; i++) {
		u64 off, size, stroff;
		u32 name;

		sh = p + shoff + (u64)i * shentsize;
		memcpy(&name, sh, 4);
		memcpy(&off, sh + 0x18, 8);
		memcpy(&size, sh + 0x20, 8);
		memcpy(&stroff, shstr + 0x18, 8);
		if (stroff + name + 5 > len || off + size > len)
			continue;
		if (!strcmp((const char *)p + stroff + name, ".BTF")) {
			*btf_len = size;
			return p + off;
		}
	}
	return NULL;
}

/*
 * The BTF a raw kernel image carries (its .BTF section, placed by the
 * linker script with no header that points to it): the first place that
 * looks like the start of a whole BTF blob (the header vmlinux's .BTF
 * has: version 1, no flags, types first, strings right after them, the
 * string table starting and ending with a NUL) and that load_btf()
 * accepts.  A match of the magic elsewhere (code, data) fails those checks.
 * Sets *at and *btf_len to where the blob is.
 */
static int load_embedded_btf(const unsigned char *p, size_t len,
			     size_t *at, size_t *btf_len)
{
	struct btf_header h;
	size_t i;

	for (i = 0; i + sizeof(h) <= len; i++) {
		if (p[i] != (BTF_MAGIC & 0xff) || p[i + 1] != (BTF_MAGIC >> 8))
			continue;
		memcpy(&h, p + i, sizeof(h));
		if (h.version != 1 || h.flags || h.hdr_len != sizeof(h) ||
		    h.type_off || h.str_off != h.type_len || !h.str_len ||
		    (u64)h.hdr_len + h.str_off + h.str_len > len - i)
			continue;
		if (p[i + h.hdr_len + h.str_off] ||
		    p[i + h.hdr_len + h.str_off + h.str_len - 1])
			continue;
		*at = i;
		*btf_len = h.hdr_len + h.str_off + h.str_len;
		if (!load_btf(p + i, *btf_len))
			return 0;
		free(types);
	}
	return -1;
}

/* Skip typedefs and qualifiers. */
static const struct btf_type *resolve(u32 id)
{
	int depth;

	for (depth = 0; depth < 32 && id && id < ntypes; depth++) {
		const struct btf_type *t = types[id];

		switch (kind_of(t)) {
		case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST:
		case KIND_RESTRICT: case KIND_TYPE_TAG:
			id = t->size_type;
			continue;
		}
		return t;
	}
	return NULL;
}

/*
 * The one complete struct named @name.  Several complete structs of that
 * name with different sizes make the answer ambiguous: none is returned.
 */
static const struct btf_type *find_struct(const char *name)
{
	const struct btf_type *found = NULL;
	u32 id;

	for (id = 1; id < ntypes; id++) {
		const struct btf_type *t = types[id];

		if (kind_of(t) != KIND_STRUCT || strcmp(name_of(t->name_off), name))
			continue;
		if (found && found->size_type != t->size_type) {
			fprintf(stderr, "btf_layout: struct %s: two layouts\n", name);
			return NULL;
		}
		found = t;
	}
	return found;
}

/* Byte offset of member @name in @t (anonymous members searched), or -1. */
static long member_offset(const struct btf_type *t, const char *name,
			  int depth)
{
	const struct btf_member *m = (const void *)(t + 1);
	unsigned int i, bitfields = t->info >> 31;

	if (depth > 8)
		return -1;
	for (i = 0; i < vlen_of(t); i++) {
		u32 bits = bitfields ? m[i].offset & 0xffffff : m[i].offset;
		const char *mn = name_of(m[i].name_off);

		if (*mn) {
			if (strcmp(mn, name))
				continue;
			if (bits % 8)
				return -1;
			return bits / 8;
		}
		{
			const struct btf_type *a = resolve(m[i].type);
			long off;

			if (!a || (kind_of(a) != KIND_STRUCT &&
				   kind_of(a) != KIND_UNION))
				continue;
			off = member_offset(a, name, depth + 1);
			if (off >= 0)
				return off + bits / 8;
		}
	}
	return -1;
}

/*
 * The value of enumerator @name in *@v: 0, or -1 where no enum has it or
 * two enums give it different values.
 */
static int find_enumerator(const char *name, long *v)
{
	int found = 0;
	u32 id;

	for (id = 1; id < ntypes; id++) {
		const struct btf_type *t = types[id];
		const u32 *e = (const void *)(t + 1);
		unsigned int i, words;

		if (kind_of(t) == KIND_ENUM)
			words = 2;	/* struct btf_enum: name, val */
		else if (kind_of(t) == KIND_ENUM64)
			words = 3;	/* struct btf_enum64: name, lo32, hi32 */
		else
			continue;
		for (i = 0; i < vlen_of(t); i++, e += words) {
			long val = words == 2 ? (long)(int)e[1] :
				   (long)((u64)e[2] << 32 | e[1]);

			if (strcmp(name_of(e[0]), name))
				continue;
			if (found && *v != val) {
				fprintf(stderr, "btf_layout: enumerator %s: two values\n",
					name);
				return -1;
			}
			*v = val;
			found = 1;
		}
	}
	return found ? 0 : -1;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				break;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*len = n;
	return buf;
}

static int scan(const unsigned char *p, size_t len)
{
	static const struct {
		const char *name;
		const char *magic;
		size_t len;
	} fmt[] = {
		{ "xz", "\xfd\x37\x7a\x58\x5a\x00", 6 },
		{ "zstd", "\x28\xb5\x2f\xfd", 4 },
		{ "gzip", "\x1f\x8b\x08", 3 },
		/* the legacy frame the kernel's lz4 images use */
		{ "lz4", "\x02\x21\x4c\x18", 4 },
	};
	size_t i, f;

	for (i = 0; i + 8 <= len; i++)
		for (f = 0; f < ARRAY_SIZE(fmt); f++)
			if (!memcmp(p + i, fmt[f].magic, fmt[f].len))
				printf("%s %zu\n", fmt[f].name, i);
	return 0;
}

int main(int argc, char **argv)
{
	const unsigned char *btf;
	unsigned char *file;
	size_t len, btf_len, at = 0;
	int i, err, missing = 0;

	if (argc < 3 || (strcmp(argv[1], "scan") && strcmp(argv[1], "layout") &&
			 strcmp(argv[1], "btf"))) {
		fprintf(stderr, "usage: %s scan FILE | layout FILE NAME=SPEC... | btf FILE\n",
			argv[0]);
		return 2;
	}
	file = read_file(argv[2], &len);
	if (!file) {
		perror(argv[2]);
		return 2;
	}
	if (!strcmp(argv[1], "scan"))
		return scan(file, len);

	btf = elf_btf(file, len, &btf_len);
	if (btf) {
		err = load_btf(btf, btf_len);
	} else {
		/* Raw BTF, else a raw kernel image. */
		btf = file;
		btf_len = len;
		err = load_btf(file, len);
		if (err) {
			free(types);
			err = load_embedded_btf(file, len, &at, &btf_len);
			btf = file + at;
		}
	}
	if (err) {
		fprintf(stderr, "btf_layout: no BTF in %s\n", argv[2]);
		return 2;
	}
	if (!strcmp(argv[1], "btf"))
		return fwrite(btf, 1, btf_len, stdout) == btf_len && !fflush(stdout) ? 0 : 2;
	for (i = 3; i < argc; i++) {
		char spec[256], *name, *dot;
		const struct btf_type *t;
		long v = -1;
		int ok;

		snprintf(spec, sizeof(spec), "%s", argv[i]);
		name = strchr(spec, '=');
		if (!name)
			return 2;
		*name++ = '\0';
		dot = strchr(name, '.');
		if (!dot)
			return 2;
		*dot++ = '\0';
		if (!strcmp(name, "enum")) {
			ok = !find_enumerator(dot, &v);
		} else if (!strcmp(name, "sizeof")) {
			t = find_struct(dot);
			if (t)
				v = t->size_type;
			ok = v >= 0;
		} else {
			t = find_struct(name);
			if (t)
				v = member_offset(t, dot, 0);
			ok = v >= 0;
		}
		if (!ok) {
			fprintf(stderr, "btf_layout: %s: not found\n", argv[i]);
			missing = 1;
			continue;
		}
		printf("#define %s %ld\n", spec, v);
	}
	return missing;
}
