#!/usr/bin/env bash
# Regenerates the tables in docs/MODEL.md that the program prints (`tests/docs.rs` fails when
# they differ): the parameter table (`counterpulse params --markdown`) and the validation
# table (`counterpulse validate`) and what each preset produces (`counterpulse presets --markdown`). usage: bash docs/update.sh [path/to/counterpulse]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${CARGO_TARGET_DIR:-target}/debug/counterpulse}"
"$bin" params --markdown > /tmp/counterpulse-params.md
"$bin" presets --markdown > /tmp/counterpulse-presets.md
# The validation table without the notice line and the blank line after it.
"$bin" validate | tail -n +3 > /tmp/counterpulse-validate.md
python3 - /tmp/counterpulse-params.md /tmp/counterpulse-validate.md /tmp/counterpulse-presets.md <<'PY'
import sys
doc = open('docs/MODEL.md').read()
for name, path in (('params', sys.argv[1]), ('validate', sys.argv[2]), ('presets', sys.argv[3])):
    begin, end = f'<!-- begin {name} -->\n', f'<!-- end {name} -->'
    a = doc.index(begin) + len(begin)
    b = doc.index(end, a)
    doc = doc[:a] + open(path).read() + doc[b:]
open('docs/MODEL.md', 'w').write(doc)
PY
echo "docs/MODEL.md updated"
