"""Builds a tiny Marian model laid out exactly like an opus-mt checkpoint, in a few seconds.

Real files, real formats: SentencePiece unigram models trained on the corpus (``source.spm``)
and on a short English text (``target.spm``), a joint ``vocab.json`` ordered like opus-mt's
(``</s>`` 0, ``<unk>`` 1, pieces, ``<pad>`` last), ``tokenizer_config.json``, a ``MarianConfig``
and ``generation_config.json`` with opus-mt's settings, safetensors weights from
``save_pretrained``, and the CTranslate2 conversion beside it in ``<out_dir>-ct2`` made by the
same converter users run. Weights are random but seeded, so every build is identical.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARABIC_SOURCE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
SEED = 20240

#: English side for the target SentencePiece model: a loose rendering of the corpus article.
ENGLISH_TEXT = """\
The signing ceremony welcomed more than 2,500 delegates from 110 countries, 150 international,
regional and private organizations, and more than 50 research institutions.
In his closing speech, General Luong Tam Quang, Minister of Public Security, said that the
signing ceremony of the convention took place over two days in a formal and successful manner,
with the participation of representatives of 72 countries that signed the convention.
The summit included discussion sessions and side events held with great enthusiasm, with many
profound opinions that clearly reflect the picture of cybercrime in the world, the efforts of
every country, organization and individual, and the urgent need to strengthen international
cooperation in preventing and combating cybercrime.
The conference put forward many proposals, initiatives and commitments to implement the Hanoi
Convention effectively and to bring strong changes in preventing and combating cybercrime in
the near future. Technology for people, digitalization for peace.
The Permanent Deputy Minister of Foreign Affairs, Nguyen Minh Vu, informed the press about the
results of the ceremony. The Ministry of Foreign Affairs and the Ministry of Public Security
worked closely with the United Nations Office on Drugs and Crime. The Secretary-General of the
United Nations attended the ceremony and thanked Viet Nam for hosting it.
The convention is the first global treaty on cybercrime. It sets common rules for collecting
electronic evidence, for extradition and for mutual legal assistance between states.
Delegates said the convention would protect children, women and vulnerable groups online, and
would help developing countries build capacity to fight crime on the internet.
"""

#: Sizes kept small so training, saving and converting take a few seconds.
SOURCE_PIECES = 320
TARGET_PIECES = 240
SPECIAL_PIECES = ("</s>", "<unk>")
PAD = "<pad>"
TRAIN_STEPS = 80


def _train_spm(text: str, vocab_size: int, out_file: Path) -> None:
    """Unigram SentencePiece model as OPUS-MT uses, trained in memory from ``text``."""
    import sentencepiece as spm

    model = io.BytesIO()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        unk_id=1,
        eos_id=0,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
        seed_sentencepiece_size=100_000,
    )
    out_file.write_bytes(model.getvalue())


def _spm_pieces(spm_file: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def joint_vocab(source_spm: Path, target_spm: Path, size: int | None = None) -> dict[str, int]:
    """opus-mt's joint ``vocab.json``: ``</s>``, ``<unk>``, the union of both models' pieces,
    padded with synthetic pieces up to ``size`` when given, and ``<pad>`` last."""
    pieces: list[str] = list(SPECIAL_PIECES)
    seen = set(pieces)
    for piece in _spm_pieces(source_spm) + _spm_pieces(target_spm):
        if piece not in seen:
            seen.add(piece)
            pieces.append(piece)
    if size is not None:
        filler = 0
        while len(pieces) < size - 1:
            candidate = f"▁x{filler}"
            filler += 1
            if candidate not in seen:
                pieces.append(candidate)
    pieces.append(PAD)
    return {piece: index for index, piece in enumerate(pieces)}


def write_tokenizer_files(out_dir: Path, *, vocab_size: int | None = None) -> int:
    """Train both SentencePiece models and write the tokenizer files; returns the vocab size."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _train_spm(ARABIC_SOURCE.read_text(encoding="utf-8"), SOURCE_PIECES, out_dir / "source.spm")
    _train_spm(ENGLISH_TEXT, TARGET_PIECES, out_dir / "target.spm")
    vocab = joint_vocab(out_dir / "source.spm", out_dir / "target.spm", vocab_size)
    (out_dir / "vocab.json").write_text(
        json.dumps(vocab, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps(
            {"source_lang": "ar", "target_lang": "en", "model_max_length": 512,
             "separate_vocabs": False},
            indent=2,
        ),
        encoding="utf-8",
    )
    return len(vocab)


def save_marian(
    out_dir: Path,
    vocab_size: int,
    *,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 2,
    ffn: int = 64,
    init_std: float = 0.02,
    train_steps: int = 0,
) -> None:
    """A seeded random ``MarianMTModel`` with opus-mt's configuration, saved as safetensors.

    ``train_steps`` > 0 fits it briefly to the corpus so its outputs are sentence-like and its
    logits have clear winners (float32 CTranslate2 and PyTorch then agree token for token)."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()
    pad_id = vocab_size - 1
    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=init_std,
        architectures=["MarianMTModel"],
    )
    torch.manual_seed(SEED)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        # Marian starts decoding from a zero embedding (CTranslate2's start_from_zero_embedding);
        # opus-mt checkpoints have an all-zero <pad> row.
        model.get_input_embeddings().weight[pad_id].zero_()
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        bos_token_id=0,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        max_length=512,
        num_beams=4,
        pad_token_id=pad_id,
        renormalize_logits=True,
    )
    if train_steps:
        _fit_to_corpus(model, out_dir, train_steps)
    model.save_pretrained(out_dir, safe_serialization=True)


def _sentence_pairs() -> list[tuple[str, str]]:
    """Arabic corpus lines paired with English sentences: not a real parallel text, but enough
    for the model to learn to emit English-looking sentences that end with ``</s>``."""
    arabic = [
        line.strip()
        for line in ARABIC_SOURCE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    english = [s.strip() for s in ENGLISH_TEXT.replace("\n", " ").split(". ") if s.strip()]
    return [(line[:120], english[i % len(english)]) for i, line in enumerate(arabic)]


def _fit_to_corpus(model, out_dir: Path, steps: int) -> None:
    """A few seconds of seeded training so outputs vary and stop, unlike random weights."""
    import torch
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(out_dir))
    pairs = _sentence_pairs()
    batch = tokenizer(
        [a for a, _ in pairs], text_target=[e for _, e in pairs], return_tensors="pt",
        padding=True,
    )
    labels = batch["labels"]
    labels[labels == tokenizer.pad_token_id] = -100
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: one thread is fastest and not slowed by neighbours
    try:
        model.train()
        for _ in range(steps):
            loss = model(**batch).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            with torch.no_grad():  # keep the decoder's start embedding at zero, as Marian has it
                model.get_input_embeddings().weight[tokenizer.pad_token_id].zero_()
    finally:
        torch.set_num_threads(threads)
        model.eval()


def convert_ct2(model_dir: Path, out_dir: Path, quantization: str | None = None) -> Path:
    """CTranslate2 conversion with the tokenizer files copied, as ``model convert`` does."""
    from ctranslate2.converters import TransformersConverter

    files = ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json"]
    converter = TransformersConverter(str(model_dir), copy_files=files)
    converter.convert(str(out_dir), quantization=quantization, force=True)
    return out_dir


def build_tiny_marian(out_dir: Path) -> Path:
    """Tiny opus-mt-like model in ``out_dir`` (HF layout) and ``<out_dir>-ct2`` (CTranslate2)."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    vocab_size = write_tokenizer_files(out_dir)
    save_marian(out_dir, vocab_size, train_steps=TRAIN_STEPS)
    convert_ct2(out_dir, out_dir.parent / f"{out_dir.name}-ct2")
    return out_dir
