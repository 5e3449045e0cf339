"""The extractor as a spaCy pipeline component.

``nlp = spacy_component.blank()`` (or ``spacy.blank("vi", config=NO_PYVI)`` and
``nlp.add_pipe("news_extract")``) puts facts, units and directives in ``doc.spans``
("facts", "units", "directives"); each span keeps its record in ``span._.record``
(a dict). The extractor reads the text itself, so the pipeline's tokenizer splits
syllables on blanks; spaCy's default Vietnamese tokenizer would need pyvi (and with
it scikit-learn and SciPy, about 230 MB) for word segmentation nothing here uses.
"""

from __future__ import annotations

from dataclasses import asdict

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .extract import extract

NO_PYVI = {"nlp": {"tokenizer": {"use_pyvi": False}}}

if not Span.has_extension("record"):
    Span.set_extension("record", default=None)


class NewsExtractComponent:
    def __init__(self, published: str | None = None, outlet: str | None = None):
        self.published = published
        self.outlet = outlet

    def __call__(self, doc: Doc) -> Doc:
        result = extract(doc.text, published=self.published, outlet=self.outlet)
        groups = {
            "facts": [(f.value_start, f.value_end, f.metric, asdict(f)) for f in result.facts],
            "units": [(m.start, m.end, m.level, asdict(m)) for m in result.mentions],
            "directives": [(d.start, d.end, d.kind, asdict(d)) for d in result.directives],
        }
        for key, items in groups.items():
            spans = []
            for start, end, label, record in items:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None:
                    span._.record = record
                    spans.append(span)
            doc.spans[key] = spans
        return doc


@Language.factory("news_extract", default_config={"published": None, "outlet": None})
def make_news_extract(nlp: Language, name: str, published: str | None, outlet: str | None):
    return NewsExtractComponent(published=published, outlet=outlet)


def blank(published: str | None = None, outlet: str | None = None) -> Language:
    """A blank Vietnamese pipeline (syllable tokens, no pyvi) with the extractor added."""
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("news_extract", config={"published": published, "outlet": outlet})
    return nlp
