"""Machine translation: one :class:`Engine` interface over Marian models (transformers and
CTranslate2 backends), model management, OPUS-MT pre/post-processing and a suggestion cache."""

from workbench.mt.engine import DecodeOptions, Engine, Suggestion
from workbench.mt.loader import load_engine
from workbench.mt.models import ModelError, ModelNotAvailable, UnsafeModel

__all__ = [
    "DecodeOptions",
    "Engine",
    "ModelError",
    "ModelNotAvailable",
    "Suggestion",
    "UnsafeModel",
    "load_engine",
]
