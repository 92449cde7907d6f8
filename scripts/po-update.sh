#!/usr/bin/env bash
# po-update.sh - refreshes the message catalogs from the sources.
#
# Collects every translatable English string into po/tuki.pot: from the C
# sources with xgettext (_(), N_(), i18n_gettext(), i18n_ngettext()) and
# from the {{_ "..."}} tags in templates/*.html, which xgettext cannot
# read. Then merges the new template into po/fi.po with msgmerge: new
# msgids arrive untranslated, vanished ones become obsolete (#~).
#
#   scripts/po-update.sh          rewrite po/tuki.pot and update po/fi.po
#   scripts/po-update.sh --check  change nothing; exit 1 listing every
#                                 msgid that has no finished Finnish
#                                 translation (missing, empty or fuzzy)
#
# Template msgids must be on one line; their \" and \\ escapes are the
# same in a .po file, so they are copied as they are.
set -euo pipefail

cd "$(dirname "$0")/.."

check=0
case "${1:-}" in
"") ;;
--check) check=1 ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Writes the msgids of the C sources to $1.
extract_c() {
	local files
	mapfile -t files < <([[ ! -d src ]] || find src -name '*.[ch]' | LC_ALL=C sort)
	if ((${#files[@]} == 0)); then
		printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' >"$1"
		return
	fi
	xgettext -L C -k_ -kN_ -ki18n_gettext:3 -ki18n_ngettext:3,4 \
		--from-code=UTF-8 --package-name=tuki --force-po \
		--add-comments=TRANSLATORS: -o "$1" "${files[@]}"
}

# Writes the msgids of the templates' {{_ "..."}} tags to $1 after the
# header of the .pot $2: one entry per msgid with every place it is used,
# in order of first use. The shared header lets msgcat merge the two
# without conflict markers.
extract_templates() {
	local files
	shopt -s nullglob
	files=(templates/*.html)
	shopt -u nullglob
	((${#files[@]} > 0)) || files=(/dev/null)
	sed '/^$/q' "$2" >"$1"
	awk '
	{
		line = $0
		while (match(line, /[{][{][ \t]*_[ \t]*"/)) {
			rest = substr(line, RSTART + RLENGTH)
			id = ""
			closed = 0
			for (i = 1; i <= length(rest); i++) {
				c = substr(rest, i, 1)
				if (c == "\"") { closed = 1; break }
				if (c == "\\") { c = substr(rest, i, 2); i++ }
				id = id c
			}
			if (!closed) {
				printf "%s:%d: unterminated or multi-line {{_ \"...\"}}\n",
					FILENAME, FNR > "/dev/stderr"
				bad = 1
				break
			}
			ref = FILENAME ":" FNR
			if (id == "") {
				# The template loader rejects it; msgid "" is the header.
			} else if (!(id in refs)) {
				order[n++] = id
				refs[id] = ref
			} else if (index(" " refs[id] " ", " " ref " ") == 0) {
				refs[id] = refs[id] " " ref
			}
			line = substr(rest, i + 1)
		}
	}
	END {
		if (bad)
			exit 1
		for (k = 0; k < n; k++) {
			print "#: " refs[order[k]]
			print "msgid \"" order[k] "\""
			print "msgstr \"\""
			print ""
		}
	}' "${files[@]}" >>"$1"
}

# Builds the full template $1 from both extractions.
make_pot() {
	extract_c "$tmp/c.pot"
	extract_templates "$tmp/html.pot" "$tmp/c.pot"
	msgcat --force-po -o "$1" "$tmp/c.pot" "$tmp/html.pot"
}

# Prints the msgids (one per line, as quoted in the .po) of the entries
# msgattrib selects from $1 with option $2.
list_msgids() {
	msgattrib "$2" --no-obsolete --no-wrap "$1" |
		grep '^msgid "' | grep -v '^msgid ""$' || true
}

if ((check)); then
	make_pot "$tmp/tuki.pot"
	msgmerge --quiet --no-fuzzy-matching -o "$tmp/fi.po" po/fi.po "$tmp/tuki.pot"
	untranslated=$(list_msgids "$tmp/fi.po" --untranslated)
	fuzzy=$(list_msgids "$tmp/fi.po" --only-fuzzy)
	if [[ -z "$untranslated" && -z "$fuzzy" ]]; then
		exit 0
	fi
	echo "po/fi.po: messages without a finished Finnish translation:" >&2
	[[ -z "$untranslated" ]] || sed 's/^msgid /  untranslated: /' <<<"$untranslated" >&2
	[[ -z "$fuzzy" ]] || sed 's/^msgid /  fuzzy: /' <<<"$fuzzy" >&2
	exit 1
fi

make_pot po/tuki.pot
msgmerge --quiet --update --backup=off --no-fuzzy-matching po/fi.po po/tuki.pot
echo "updated po/tuki.pot and po/fi.po"
