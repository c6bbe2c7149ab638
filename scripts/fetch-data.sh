#!/usr/bin/env bash
# Makes the Belle II B+ -> K+ nu nubar public data available as data/belle2 (git-ignored).
# Where ../shared/belle2-knunu exists beside the repository (this workplace), it is linked; elsewhere the
# script says where the public record is and how to point kinvis at a downloaded copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/data/belle2"
mkdir -p "$root/data"
if [ -f "$target/combined_likelihood.json" ]; then
  echo "kinvis: data present in $target" >&2
  exit 0
fi
for src in "${KINVIS_DATA:-}" "$root/../shared/belle2-knunu"; do
  if [ -n "$src" ] && [ -f "$src/combined_likelihood.json" ]; then
    rm -rf "$target"
    ln -s "$(cd "$src" && pwd)" "$target"
    echo "kinvis: linked $target -> $(cd "$src" && pwd)" >&2
    exit 0
  fi
done
cat >&2 <<MSG
kinvis: the Belle II data is not available on this machine.
  The likelihood is public: Belle II, PRD 109, 112006 (2024), arXiv:2311.14647, and its reinterpretation
  arXiv:2507.12393 (HEPData doi:10.17182/hepdata.166082; the files ship with the example
  'knunu-reinterpretation-mini', folder scripts/data/). Download combined_likelihood.json and the three
  number_density_*.csv files into a folder and either copy it to $target,
  set KINVIS_DATA=/that/folder, or pass --data /that/folder to kinvis.
MSG
exit 0
