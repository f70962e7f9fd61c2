"""What a coordinator sees in an exported deck, read back with python-pptx: for comparing the
browser's export with the command line's and for checking one against the deck it came from."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE


def pptx_content(source: bytes | Path) -> list[dict[str, Any]]:
    data = source.read_bytes() if isinstance(source, Path) else source
    prs = Presentation(io.BytesIO(data))
    slides = []
    for slide in prs.slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        texts = [
            s.text_frame.text
            for s in slide.shapes
            if s.has_text_frame and s != slide.shapes.title and s.text_frame.text
        ]
        slides.append(
            {
                "title": slide.shapes.title.text if slide.shapes.title is not None else None,
                "texts": texts,
                "pictures": len(pictures),
                "alt": [p._element.nvPicPr.cNvPr.get("descr") for p in pictures],
                "notes": slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "",
            }
        )
    return slides
