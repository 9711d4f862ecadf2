"""A CJK font for matplotlib, so that charts of the graph show their Chinese labels.

matplotlib's default font (DejaVu Sans) has no Chinese characters: without a CJK font they
come out as empty boxes, with "Glyph ... missing from font(s) DejaVu Sans" warnings.
:func:`use_cjk_font` finds Noto Sans CJK (SIL Open Font License 1.1), registers it with
matplotlib and puts it first in ``font.sans-serif``. It looks, in order, in

- the PyPI package ``noto-cjk-sans-otc``, which ``pip install -e '.[notebook]'`` brings;
- the system's fonts: Debian's and Ubuntu's ``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``),
  or another Noto Sans CJK, Source Han Sans or WenQuanYi font;
- the fonts matplotlib already knows.

matplotlib is imported only when the function is called.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

# Family names, best first: simplified Chinese forms before the other CJK variants.
FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK JP", "Noto Sans CJK TC",
)
# Font files outside Python packages, as the usual Linux and macOS packages install them.
SYSTEM_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",   # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",        # Arch, Fedora
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",             # fonts-wqy-zenhei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",           # fonts-wqy-microhei
    "/System/Library/Fonts/PingFang.ttc",
)
SYSTEM_GLOBS = tuple(f"/usr/share/fonts/**/{name}-Regular.{ext}"
                     for name in ("NotoSansCJK*", "SourceHanSans*") for ext in ("ttc", "otf", "ttf"))
HINT = ("No CJK font found: Chinese labels will show as empty boxes. Install one with\n"
        "    pip install noto-cjk-sans-otc      (or: pip install -e '.[notebook]')\n"
        "or, on Debian/Ubuntu,\n"
        "    apt-get install fonts-noto-cjk\n"
        "then restart the kernel (or Python) and run this again.")


def font_files() -> list[Path]:
    """Files that may hold a CJK font, in the order :func:`use_cjk_font` tries them."""
    found: list[Path] = []
    try:
        import noto_cjk_sans_otc  # the PyPI package of the notebook extra
        found.append(Path(str(noto_cjk_sans_otc.FONT_PATH)))
    except (ImportError, AttributeError):
        pass
    found += [Path(p) for p in SYSTEM_FILES]
    for pattern in SYSTEM_GLOBS:
        found += [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
    return [p for p in dict.fromkeys(found) if p.is_file()]


def use_cjk_font(quiet: bool = False) -> str | None:
    """Make matplotlib draw Chinese: register a CJK font and put its family first in
    ``rcParams["font.sans-serif"]`` (``font.family`` becomes sans-serif). Returns the family,
    or None, after printing how to install one, when no CJK font is found."""
    import matplotlib as mpl
    from matplotlib import font_manager

    def known(families: tuple[str, ...]) -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((family for family in families if family in names), None)

    chinese = FAMILIES[:6]  # with the simplified Chinese forms
    family = known(chinese)
    if family is None:
        for path in font_files():
            try:
                font_manager.fontManager.addfont(os.fspath(path))
            except (OSError, RuntimeError, ValueError):  # unreadable: try the next one
                continue
            family = known(chinese)
            if family is not None:
                break
    family = family or known(FAMILIES)
    if family is None:
        if not quiet:
            print(HINT)
        return None
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    return family
