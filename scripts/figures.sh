#!/usr/bin/env bash
# Regenerates one example of every kinvis figure into a folder (default: figures/), as PNG unless EXT=svg|pdf.
# Usage: scripts/figures.sh [DIR]   (a few minutes on 2 cores: the ranking refits ~900 times, the raster limit
# runs 9 CLs limits, the sampler 64 HMC chains × 800 iterations)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
out=${1:-figures}
ext=${EXT:-png}
mkdir -p "$out"
k() { "$root/scripts/kinvis" "$@" > /dev/null; }
cpu=(--backend cpu)
set -x
k scan "${cpu[@]}" --values 0:10:21 --plot "$out/scan.$ext"
k limit "${cpu[@]}" --mu 0.5,1,1.5,2,2.5,3,4,5,6,7,8,9,10 --plot "$out/cls.$ext"
k spectrum "${cpu[@]}" --scenario wet --set cvl=11.3 --set ctl=8.21 --plot "$out/spectrum-wet.$ext" \
  --bins-plot "$out/bins-wet.$ext"
k spectrum "${cpu[@]}" --scenario scalar --set mass=2 --set width=0.05 --plot "$out/spectrum-scalar.$ext" \
  --bins-plot "$out/bins-scalar.$ext"
k reinterpret "${cpu[@]}" --scenario wet --scan cvl --values 0:20:21 --scan2 ctl --values2 0:16:17 \
  --plot "$out/scan2-wet.$ext"
k reinterpret "${cpu[@]}" --scenario scalar --set width=0.1 --limit gs --over mass --values 0.5:4.5:9 \
  --plot "$out/limits-scalar.$ext"
k sample "${cpu[@]}" --seed 1 --params mu,mu_bkg_ccbar,nBB --plot "$out/corner.$ext"
k yields "${cpu[@]}" --stage prefit --plot "$out/yields-prefit.$ext"
k yields "${cpu[@]}" --plot "$out/yields-postfit.$ext"
k pulls "${cpu[@]}" --plot "$out/pulls.$ext"
k correlation "${cpu[@]}" --plot "$out/correlation.$ext"
k gof "${cpu[@]}" --plot "$out/gof.$ext"
k ranking "${cpu[@]}" --top 20 --plot "$out/ranking.$ext"
