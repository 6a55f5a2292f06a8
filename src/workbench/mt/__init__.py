"""Machine translation: one :class:`Engine` interface over Marian models (transformers and
CTranslate2 backends), model management, OPUS-MT pre/post-processing and a suggestion cache."""

from workbench.mt.engine import DecodeOptions, Engine, Suggestion

__all__ = ["DecodeOptions", "Engine", "Suggestion"]
