"""Print the text overlaps and rule crossings of PDF files: check_pdf_layout.py FILE..."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.pdf.layoutcheck import layout_problems

if __name__ == "__main__":
    for name in sys.argv[1:]:
        problems = layout_problems(Path(name).read_bytes(), limit=200)
        print(f"{name}: {len(problems)} problems")
        for problem in problems[:30]:
            print("   ", problem)
