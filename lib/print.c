#include <stdbool.h>
#include <stdint.h>

#include "console/output.h"
#include "lib/print.h"

/* Where formatted characters go: a bounded buffer; console output formats into one too. */
struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void sink_put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

struct spec {
	bool left;
	bool zero;
	unsigned width;
	int length; /* 0: int, 1: long, 2: long long, 3: size_t */
};

static void put_padded(struct sink *s, const char *text, size_t n, const struct spec *sp)
{
	size_t pad = sp->width > n ? sp->width - n : 0;
	char fill = sp->zero && !sp->left ? '0' : ' ';
	size_t i;

	if (!sp->left)
		for (i = 0; i < pad; i++)
			sink_put(s, fill);
	for (i = 0; i < n; i++)
		sink_put(s, text[i]);
	if (sp->left)
		for (i = 0; i < pad; i++)
			sink_put(s, ' ');
}

static void put_number(struct sink *s, uint64_t v, unsigned base, bool upper, bool negative,
		       const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0, i;
	char out[24];

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	i = 0;
	if (negative) {
		if (sp->zero && sp->width > 0) {
			/* The sign goes before zero padding. */
			struct spec rest = *sp;

			sink_put(s, '-');
			rest.width = sp->width > 0 ? sp->width - 1 : 0;
			while (n > 0)
				out[i++] = tmp[--n];
			put_padded(s, out, i, &rest);
			return;
		}
		out[i++] = '-';
	}
	while (n > 0)
		out[i++] = tmp[--n];
	put_padded(s, out, i, sp);
}

static uint64_t take_unsigned(va_list *ap, int length)
{
	switch (length) {
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t take_signed(va_list *ap, int length)
{
	switch (length) {
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->left = false;
	sp->zero = false;
	sp->width = 0;
	sp->length = 0;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9' && sp->width < 1000)
		sp->width = sp->width * 10 + (unsigned)(*f++ - '0');
	if (*f == 'z') {
		sp->length = 3;
		f++;
	}
	while (*f == 'l' && sp->length < 2) {
		sp->length++;
		f++;
	}
	return f;
}

static void format_one(struct sink *s, char conv, const struct spec *sp, va_list *ap)
{
	const char *str;
	int64_t sv;
	char c;

	switch (conv) {
	case 's':
		str = va_arg(*ap, const char *);
		if (str == NULL)
			str = "(null)";
		{
			size_t n = 0;

			while (str[n] != '\0')
				n++;
			put_padded(s, str, n, sp);
		}
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_padded(s, &c, 1, sp);
		break;
	case 'd':
	case 'i':
		sv = take_signed(ap, sp->length);
		put_number(s, sv < 0 ? 0 - (uint64_t)sv : (uint64_t)sv, 10, false, sv < 0, sp);
		break;
	case 'u':
		put_number(s, take_unsigned(ap, sp->length), 10, false, false, sp);
		break;
	case 'x':
	case 'X':
		put_number(s, take_unsigned(ap, sp->length), 16, conv == 'X', false, sp);
		break;
	case 'p':
		sink_put(s, '0');
		sink_put(s, 'x');
		put_number(s, (uintptr_t)va_arg(*ap, void *), 16, false, false, sp);
		break;
	case '%':
		sink_put(s, '%');
		break;
	default:
		sink_put(s, '%');
		sink_put(s, conv);
		break;
	}
}

size_t vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			sink_put(&s, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (*fmt == '\0')
			break;
		format_one(&s, *fmt++, &sp, &args);
	}
	va_end(args);
	if (size > 0)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len < size ? s.len : (size > 0 ? size - 1 : 0);
}

size_t format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void print(const char *fmt, ...)
{
	/* One console line or message at a time; longer output is cut, never overflowed. */
	char buf[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n);
}
