// SPDX-License-Identifier: GPL-2.0-only
/*
 * table.c - an open-addressing hash table from a 128-bit key to an index,
 * the lookup behind vfsmod-top's per-file and per-task statistics.
 */
#include <stdlib.h>
#include <string.h>

#include "vfsmod-top.h"

static size_t key_hash(struct key k)
{
	uint64_t h = k.a * 0x9e3779b97f4a7c15ULL ^ (k.b + 0x7f4a7c159e3779b9ULL) * 0xbf58476d1ce4e5b9ULL;

	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 29;
	return (size_t)h;
}

void table_init(struct table *t, size_t cap)
{
	size_t i;

	t->cap = cap;
	t->n = 0;
	t->keys = xmalloc(cap * sizeof(*t->keys));
	t->vals = xmalloc(cap * sizeof(*t->vals));
	for (i = 0; i < cap; i++)
		t->vals[i] = -1;
}

void table_free(struct table *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

int table_get(const struct table *t, struct key k)
{
	size_t i = key_hash(k) & (t->cap - 1);

	while (t->vals[i] >= 0) {
		if (t->keys[i].a == k.a && t->keys[i].b == k.b)
			return t->vals[i];
		i = (i + 1) & (t->cap - 1);
	}
	return -1;
}

static void table_grow(struct table *t)
{
	struct table n;
	size_t i;

	table_init(&n, t->cap * 2);
	for (i = 0; i < t->cap; i++)
		if (t->vals[i] >= 0)
			table_put(&n, t->keys[i], t->vals[i]);
	table_free(t);
	*t = n;
}

/* Insert or replace. */
void table_put(struct table *t, struct key k, int v)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		table_grow(t);
	i = key_hash(k) & (t->cap - 1);
	while (t->vals[i] >= 0) {
		if (t->keys[i].a == k.a && t->keys[i].b == k.b) {
			t->vals[i] = v;
			return;
		}
		i = (i + 1) & (t->cap - 1);
	}
	t->keys[i] = k;
	t->vals[i] = v;
	t->n++;
}

void table_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		t->vals[i] = -1;
	t->n = 0;
}
