"""``model adapt``: fine-tune a Marian model on the project's approved translations.

OPUS-CAT MT Engine does this for translators in Windows CAT tools; its fine-tuning recipe
(``customize.yml``) is the starting point here: a small learning rate (2e-5) so a model of a
few hundred pairs keeps what it knew, batches of about 400 target words, validation on a
held-out set with early stopping. Differences: PyTorch and transformers instead of Marian
itself (what the workbench already loads, CPU only), validation once per epoch, and the held-out
set chosen by document (:func:`~workbench.tuning.pairs.split_by_document`) so near-duplicates
of a training sentence in the same text do not inflate the score.

Training data: the approved pairs of the catalogs (what the translation memory is built from)
plus the glossary's terms as pairs of their own, so official titles are learnt as approved.
Glossary pairs only ever train: the held-out score is on real sentences.

Written atomically: everything goes to a hidden staging folder ``models/.<name>-adapted.staging``
which is renamed to ``models/<name>-adapted`` when complete, then converted for CTranslate2.
A checkpoint after each epoch in the staging folder makes a killed run resumable: the same
command continues from the last finished epoch, provided base model and pairs are unchanged.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.glossary.termbase import Glossary
from workbench.mt.engine import DecodeOptions
from workbench.mt.models import (
    ADAPTED_SUFFIX,
    OPTIONAL_TOKENIZER_FILES,
    PROVENANCE_FILE,
    TOKENIZER_FILES,
    ModelNotAvailable,
    local_name,
    resolve_model,
)
from workbench.tuning.evaluation import chrf_and_bleu
from workbench.tuning.pairs import ApprovedPair, split_by_document

#: OPUS-CAT's ``learn-rate``: small, so a few hundred pairs adapt the model without wiping it.
LEARNING_RATE = 2e-5
EPOCHS = 3
#: OPUS-CAT's ``mini-batch-words: 400``: a batch holds about this many target tokens.
BATCH_TOKENS = 400
HOLDOUT_PERCENT = 10.0
MIN_PAIRS = 100
#: Epochs without a better held-out chrF before training stops (the best epoch is kept).
#: OPUS-CAT waits 20 validations of 100 updates; an epoch of a project's pairs is a few of those.
PATIENCE = 2
#: Each glossary pair is trained this many times an epoch: a term is a few tokens against a
#: sentence's twenty or more, so once an epoch it is drowned by the sentences around it.
TERM_REPEATS = 3
CHECKPOINT = "checkpoint.pt"
GLOSSARY_DOCUMENT = "(glossary)"
#: Greedy decoding for the held-out scores: every epoch is scored, and beam search would
#: multiply that time for a ranking that rarely differs.
HELD_OUT_DECODING = DecodeOptions(beam=1, n_best=1, max_length=256)


@dataclass(frozen=True)
class AdaptSettings:
    epochs: int = EPOCHS
    holdout_percent: float = HOLDOUT_PERCENT
    min_pairs: int = MIN_PAIRS
    learning_rate: float = LEARNING_RATE
    batch_tokens: int = BATCH_TOKENS
    patience: int = PATIENCE
    seed: int = 1


@dataclass
class AdaptResult:
    """What ``model adapt`` did: where the model went and whether it is now the default."""

    base_model: str
    path: Path
    ctranslate2_path: Path | None
    pairs_used: int  # training pairs: approved entries + glossary terms
    glossary_pairs: int
    held_out: int
    chrf_before: float
    chrf_after: float
    epochs_run: int
    losses: list[float] = field(default_factory=list)  # mean training loss per epoch
    made_default: bool = False
    resumed_from_epoch: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "base_model": self.base_model,
            "path": str(self.path),
            "ctranslate2_path": None if self.ctranslate2_path is None else str(
                self.ctranslate2_path
            ),
            "pairs_used": self.pairs_used,
            "glossary_pairs": self.glossary_pairs,
            "held_out": self.held_out,
            "chrf_before": round(self.chrf_before, 2),
            "chrf_after": round(self.chrf_after, 2),
            "epochs": self.epochs_run,
            "losses": [round(loss, 4) for loss in self.losses],
            "default": self.made_default,
        }


#: Called after each step with (steps done, steps in all, current loss), for a progress bar.
Progress = Callable[[int, int, float], None]


def term_pairs(glossary: Glossary | None) -> list[ApprovedPair]:
    """The glossary's terms as training pairs (source term -> approved rendering)."""
    if glossary is None:
        return []
    return [ApprovedPair(t.source, t.target, GLOSSARY_DOCUMENT) for t in glossary.terms]


def _data_key(base: Path, training: Sequence[ApprovedPair], settings: AdaptSettings) -> str:
    """Identifies a run: a checkpoint is resumed only for the same base weights, pairs and
    settings."""
    digest = hashlib.sha256()
    for weights in sorted(base.glob("*.safetensors")):
        stat = weights.stat()
        digest.update(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for pair in training:
        digest.update(f"{pair.source}\0{pair.target}\0".encode())
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def adapt_model(
    config: Config,
    pairs: Sequence[ApprovedPair],
    glossary: Glossary | None = None,
    *,
    base_model: str | None = None,
    target_language: str | None = None,
    settings: AdaptSettings | None = None,
    progress: Progress | None = None,
) -> AdaptResult:
    """Fine-tune ``base_model`` (default: the configured model) on ``pairs`` and the glossary's
    terms; write ``models/<name>-adapted`` and its CTranslate2 conversion (module docstring).

    Refuses with fewer than ``settings.min_pairs`` approved pairs. The adapted model becomes the
    default for its language (``default`` in its provenance file) only when its held-out chrF
    is at least the base model's."""
    settings = settings or AdaptSettings()
    if len(pairs) < settings.min_pairs:
        raise WorkbenchError(
            f"only {len(pairs)} approved pairs found; adapting needs at least "
            f"{settings.min_pairs}",
            hint="approve more translations, or lower --min-pairs (few pairs risk overfitting)",
        )
    model_id = base_model or config.default_mt_model(target_language)
    resolved = resolve_model(config, model_id)
    base = resolved.transformers_dir
    if base is None:
        raise ModelNotAvailable(
            f"{resolved.name} has no original (Hugging Face) directory to adapt",
            hint="adapting needs the transformers weights: run 'workbench model pull'",
        )
    training, held_out = split_by_document(pairs, settings.holdout_percent, settings.seed)
    if not held_out:
        raise WorkbenchError(
            f"no held-out pairs with --holdout {settings.holdout_percent:g}",
            hint="raise --holdout so the adapted model can be compared with the base model",
        )
    terms = term_pairs(glossary)
    pairs_used = len(training) + len(terms)
    training = training + terms * TERM_REPEATS
    name = local_name(resolved.name).removesuffix(ADAPTED_SUFFIX) + ADAPTED_SUFFIX
    destination = config.models / name
    staging = destination.with_name(f".{name}.staging")
    staging.mkdir(parents=True, exist_ok=True)
    trainer = Trainer(base, staging, training, held_out, settings, _data_key(base, training,
                                                                              settings))
    result = trainer.run(progress)
    provenance = {
        "base_model": model_id,
        "base_path": str(base),
        "target_language": target_language or config.primary_target_language,
        "pairs_used": pairs_used,
        "glossary_pairs": len(terms),
        "held_out": len(held_out),
        "held_out_documents": sorted({pair.document for pair in held_out}),
        "chrf_before": round(result.chrf_before, 2),
        "chrf_after": round(result.chrf_after, 2),
        "epochs": result.epochs_run,
        "losses": [round(loss, 4) for loss in result.losses],
        "learning_rate": settings.learning_rate,
        "default": result.chrf_after >= result.chrf_before,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    trainer.save(provenance)
    _install(staging, destination)
    from workbench.mt.convert import convert_model

    converted = convert_model(config, str(destination), force=True)
    return AdaptResult(
        base_model=model_id,
        path=destination,
        ctranslate2_path=converted,
        pairs_used=pairs_used,
        glossary_pairs=len(terms),
        held_out=len(held_out),
        chrf_before=result.chrf_before,
        chrf_after=result.chrf_after,
        epochs_run=result.epochs_run,
        losses=result.losses,
        made_default=bool(provenance["default"]),
        resumed_from_epoch=result.resumed_from_epoch,
    )


def _install(staging: Path, destination: Path) -> None:
    """Put the finished staging folder in place; an older adapted model is replaced only
    once the new one is complete."""
    (staging / CHECKPOINT).unlink(missing_ok=True)
    old = destination.with_name(f".{destination.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if destination.exists():
        destination.rename(old)
    staging.rename(destination)
    if old.exists():
        shutil.rmtree(old)


@dataclass
class _Outcome:
    chrf_before: float
    chrf_after: float
    epochs_run: int
    losses: list[float]
    resumed_from_epoch: int


class Trainer:
    """The training loop: batches by target tokens, AdamW, early stopping on held-out chrF,
    a checkpoint per epoch."""

    def __init__(
        self,
        base: Path,
        staging: Path,
        training: Sequence[ApprovedPair],
        held_out: Sequence[ApprovedPair],
        settings: AdaptSettings,
        key: str,
    ) -> None:
        from workbench.mt.transformers_engine import TransformersEngine

        self.base, self.staging, self.settings, self.key = base, staging, settings, key
        self.training, self.held_out = list(training), list(held_out)
        self.engine = TransformersEngine(base, base.name)  # decodes held-out as users get it
        self.model = self.engine.model
        self.tokenizer = self.engine.tokenizer

    def _batches(self, epoch: int) -> list[list[ApprovedPair]]:
        """Pairs shuffled per epoch (seeded), cut into batches of about ``batch_tokens``
        target tokens."""
        from workbench.mt.text import normalize_source

        order = list(self.training)
        random.Random(self.settings.seed * 1000 + epoch).shuffle(order)
        batches: list[list[ApprovedPair]] = []
        current: list[ApprovedPair] = []
        tokens = 0
        for pair in order:
            # Target tokens, by the target SentencePiece model (``tokenize`` uses the source's).
            length = len(self.tokenizer(text_target=normalize_source(pair.target))["input_ids"])
            if current and tokens + length > self.settings.batch_tokens:
                batches.append(current)
                current, tokens = [], 0
            current.append(pair)
            tokens += length
        if current:
            batches.append(current)
        return batches

    def held_out_chrf(self) -> float:
        self.model.eval()
        outputs = [
            suggestions[0].text if suggestions else ""
            for suggestions in self.engine.translate_batch(
                [pair.source for pair in self.held_out], HELD_OUT_DECODING
            )
        ]
        return chrf_and_bleu(outputs, [pair.target for pair in self.held_out])[0]

    def run(self, progress: Progress | None) -> _Outcome:
        import torch

        torch.manual_seed(self.settings.seed)
        optimizer = torch.optim.AdamW(self.model.parameters(), lr=self.settings.learning_rate)
        state = self._resume(optimizer)
        if state is None:
            before = self.held_out_chrf()
            state = {"epoch": 0, "before": before, "best": before, "best_epoch": 0,
                     "losses": []}  # fmt: skip
            resumed = 0
        else:
            resumed = int(state["epoch"])
        best_path = self.staging / "best.pt"  # the best epoch's weights, for early stopping
        per_epoch = len(self._batches(0))
        total = per_epoch * self.settings.epochs
        done = resumed * per_epoch
        epoch = resumed
        while epoch < self.settings.epochs:
            losses, done = self.train_epoch(optimizer, epoch, progress, done, total)
            epoch += 1
            state["losses"].append(sum(losses) / len(losses))
            chrf = self.held_out_chrf()
            state["epoch"] = epoch
            if chrf > state["best"] or (chrf == state["best"] and state["best_epoch"] == 0):
                state["best"], state["best_epoch"] = chrf, epoch
                torch.save(self.model.state_dict(), best_path)
            self._checkpoint(optimizer, state)
            if epoch - int(state["best_epoch"]) > self.settings.patience:
                break
        if state["best_epoch"] == 0:  # never better than the base: keep the last epoch's
            state["best"] = self.held_out_chrf()  # weights, scored, and say so
        elif int(state["best_epoch"]) != epoch:
            self.model.load_state_dict(torch.load(best_path, weights_only=True))
        return _Outcome(float(state["before"]), float(state["best"]), epoch,
                        list(state["losses"]), resumed)  # fmt: skip

    def train_epoch(
        self, optimizer: object, epoch: int, progress: Progress | None = None, done: int = 0,
        total: int = 0,
    ) -> tuple[list[float], int]:
        """One pass over the training pairs: the loss of each batch, and ``done`` advanced by
        the steps taken (``progress`` is told after each)."""
        import torch

        from workbench.mt.text import normalize_source

        self.model.train()
        pad = self.tokenizer.pad_token_id
        losses = []
        for batch in self._batches(epoch):
            encoded = self.tokenizer(
                [normalize_source(p.source) for p in batch],
                text_target=[normalize_source(p.target) for p in batch],
                return_tensors="pt", padding=True, truncation=True, max_length=512,
            )  # fmt: skip
            encoded["labels"][encoded["labels"] == pad] = -100
            loss = self.model(**encoded).loss
            optimizer.zero_grad()  # type: ignore[attr-defined]
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), 5.0)
            optimizer.step()  # type: ignore[attr-defined]
            losses.append(float(loss.detach()))
            done += 1
            if progress is not None:
                progress(done, total, losses[-1])
        return losses, done

    def _checkpoint(self, optimizer: object, state: dict) -> None:
        import torch

        partial = self.staging / f"{CHECKPOINT}.partial"
        torch.save(
            {"key": self.key, "state": state, "model": self.model.state_dict(),
             "optimizer": optimizer.state_dict()},  # type: ignore[attr-defined]
            partial,
        )  # fmt: skip
        partial.replace(self.staging / CHECKPOINT)

    def _resume(self, optimizer: object) -> dict | None:
        """The state of a killed run of the same data, loaded into model and optimizer."""
        import torch

        path = self.staging / CHECKPOINT
        if not path.is_file():
            return None
        try:
            saved = torch.load(path, weights_only=True)
        except Exception:  # a checkpoint cut short by the kill: start again
            return None
        if saved.get("key") != self.key:
            return None
        self.model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])  # type: ignore[attr-defined]
        state: dict = saved["state"]
        return state

    def save(self, provenance: dict) -> None:
        """Weights (safetensors), tokenizer files and the provenance into the staging folder."""
        self.model.eval()
        self.model.save_pretrained(self.staging, safe_serialization=True)
        for name in (*TOKENIZER_FILES, *OPTIONAL_TOKENIZER_FILES, "generation_config.json"):
            if (self.base / name).is_file():
                shutil.copy2(self.base / name, self.staging / name)
        (self.staging / "best.pt").unlink(missing_ok=True)
        (self.staging / PROVENANCE_FILE).write_text(
            json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

