"""What the table generators in tools/ share: write a generated file, or
with --check only compare it with what is committed."""

import pathlib
import sys


def write_or_check(out: pathlib.Path, text: str, script: str) -> int:
    """Writes `text` to `out`, or with --check on the command line reports
    whether `out` already holds it (exit status 1 if stale)."""
    if "--check" in sys.argv:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            print(f"{out} is stale: run python3 tools/{script}", file=sys.stderr)
            return 1
        print(f"{out} is up to date")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


def clean_dir_arg(root: pathlib.Path) -> pathlib.Path:
    """The clean-corpus directory: the first argument that is not an
    option, else ../shared/data/clean beside the repository."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    return pathlib.Path(args[0]) if args else root.parent / "shared" / "data" / "clean"
