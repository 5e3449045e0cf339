"""news-extract: structured, evidence-backed facts about party-member recruitment
(phát triển đảng viên) from Vietnamese news articles."""

from .extract import extract
from .model import Article, Directive, Extraction, Fact, Unit, UnitMention

__version__ = "0.1.0"
__all__ = ["extract", "Article", "Directive", "Extraction", "Fact", "Unit", "UnitMention"]
