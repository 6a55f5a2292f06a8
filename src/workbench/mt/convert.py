"""``model convert``: write the CTranslate2 version of a Marian model beside it (``<name>-ct2``),
tokenizer files included, so the fast engine loads it with the same tokenizer."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt.models import (
    CT2_SUFFIX,
    OPTIONAL_TOKENIZER_FILES,
    TOKENIZER_FILES,
    ModelError,
    ModelNotAvailable,
    check_transformers_dir,
    resolve_model,
)

QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int16", "float16", "float32", "none")


def convert_model(
    config: Config,
    model: str | None = None,
    *,
    target_language: str | None = None,
    quantization: str = "int8",
    force: bool = False,
    allow_pickle: bool = False,
) -> Path:
    """Convert an installed model; returns the CTranslate2 directory."""
    if quantization not in QUANTIZATIONS:
        raise WorkbenchError(
            f"unknown quantization {quantization!r}",
            hint=f"choose one of: {', '.join(QUANTIZATIONS)}",
        )
    resolved = resolve_model(config, model, target_language)
    source = resolved.transformers_dir
    if source is None:
        raise ModelNotAvailable(
            f"{resolved.name} has no original (Hugging Face) directory to convert from",
            hint="install the original model beside the -ct2 directory",
        )
    safetensors = check_transformers_dir(source, allow_pickle=allow_pickle)
    output = source.with_name(source.name + CT2_SUFFIX)
    if output.exists() and not force:
        raise WorkbenchError(
            "a converted model already exists", output, hint="pass --force to replace it"
        )
    files = [n for n in TOKENIZER_FILES + OPTIONAL_TOKENIZER_FILES if (source / n).is_file()]
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    except OSError as exc:
        raise ModelError(
            f"cannot write the converted model beside the original: {exc.strerror}",
            output.parent,
            hint="copy the model directory into a folder you can write (e.g. models/) and "
            "convert that copy",
        ) from None
    try:
        _converter(str(source), files, safetensors).convert(
            str(staging), quantization=None if quantization == "none" else quantization,
            force=True,
        )
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    except Exception as exc:  # the converter surfaces loader errors of any
        # type (e.g. SafetensorError for truncated weights): all mean "cannot convert this"
        from workbench.mt.transformers_engine import weights_problem

        raise ModelError(
            f"conversion failed: {weights_problem(exc)}",
            source,
            hint="check that the model loads ('workbench translate -m DIR --engine "
            "transformers TEXT'), or re-download it with 'workbench model pull'",
        ) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return output


def _converter(source: str, files: list[str], safetensors: bool):  # type: ignore[no-untyped-def]
    """CTranslate2's converter, loading weights the safe way and only from local files."""
    from ctranslate2.converters import TransformersConverter

    from workbench.mt.marian import quiet_transformers

    quiet_transformers()

    class SafeConverter(TransformersConverter):
        def load_model(self, model_class, model_name_or_path, **kwargs):  # type: ignore[no-untyped-def]
            kwargs.pop("trust_remote_code", None)
            return model_class.from_pretrained(
                model_name_or_path, use_safetensors=safetensors, local_files_only=True, **kwargs
            )

        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):  # type: ignore[no-untyped-def]
            kwargs.pop("trust_remote_code", None)
            return tokenizer_class.from_pretrained(
                model_name_or_path, local_files_only=True, **kwargs
            )

    return SafeConverter(source, copy_files=files, trust_remote_code=False)
