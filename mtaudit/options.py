"""How to audit: `AuditOptions` (rules, languages) and `EvidenceOptions` (model evidence).

Plain frozen records, read by the pipeline (`mtaudit.pipeline`) and the evidence step
(`mtaudit.evidence.gather`); they import nothing of mtaudit at run time, so both can depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mtaudit.glossary import Glossary


@dataclass(frozen=True)
class EvidenceOptions:
    """Which model evidence to gather (see `mtaudit.evidence`); all off by default.

    `translator` and `lm` hold engine names as given on the command line ("none" switches that
    evidence off even under `deep`); `mtaudit.evidence.gather` resolves the defaults.
    """

    deep: bool = False
    translator: str | None = None
    translator_model: str | None = None
    backtranslations: str | None = None
    lm: str | None = None
    lm_model: str | None = None
    device: str = "auto"
    # "auto" (float16 on CUDA, float32 on CPU), "float32", "float16" or "bfloat16": the dtype
    # the transformers engines load their weights in (CTranslate2: its compute type).
    precision: str = "auto"
    allow_download: bool = False
    cache_dir: str | None = None
    use_cache: bool = True

    @property
    def enabled(self) -> bool:
        # Naming a model (or a file of back-translations) turns that evidence on, as naming an engine does.
        translator = self.translator not in (None, "none") or (self.translator is None and bool(self.translator_model or self.backtranslations))
        lm = self.lm not in (None, "none") or (self.lm is None and bool(self.lm_model))
        return self.deep or translator or lm


@dataclass(frozen=True)
class AuditOptions:
    """How to audit: which rules, which languages when not given, which model evidence, and the
    team's resources: a glossary (`mtaudit.glossary.Glossary`, read by the `terminology.glossary`
    check) and known names (never flagged as misspellings or wrong case; see
    `mtaudit.glossary.drop_known_names`)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    source_lang: str | None = None
    target_lang: str | None = None
    evidence: EvidenceOptions = field(default_factory=EvidenceOptions)
    glossary: Glossary | None = None
    names: frozenset[str] = frozenset()
    # House style: True when the publication writes a dash as "--" (`typography.dash` leaves it alone).
    double_hyphen_dashes: bool = False
    # House style: True when a hyphen with a space on each side between words ("jung - ein") is a
    # dash typed as a hyphen (typeset text, Duden's Gedankenstrich); default False: tolerated,
    # as MQM annotators and most news copy tolerate it in every language.
    spaced_hyphen_dashes: bool = False
    # Folders searched for Hunspell dictionaries before the system's; None: `MTAUDIT_DICT_PATH`.
    dict_dirs: tuple[str, ...] | None = None
