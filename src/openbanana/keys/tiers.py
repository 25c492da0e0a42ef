"""Rate-limit tiers: Google's published Gemini API tiers, so a key behaves like its Google counterpart.

Requests per minute and per day follow Google's table for the image models. Google publishes tokens per
minute per model and no concurrency limit; the values below are our choice (documented in
``docs/platform/keys-quotas.md``): TPM counts *input* tokens, the same thing Google meters, and the
concurrency cap keeps one tenant from taking every generation slot of a self-hosted server.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    """A key's limits; None means "no limit" (static keys from the command line have none at all)."""

    rpm: int | None = None
    rpd: int | None = None
    tpm: int | None = None
    concurrency: int | None = None

    @property
    def unlimited(self) -> bool:
        return self.rpm is None and self.rpd is None and self.tpm is None and self.concurrency is None

    def with_overrides(
        self, *, rpm: int | None = None, rpd: int | None = None, tpm: int | None = None, concurrency: int | None = None
    ) -> Limits:
        """These limits with every override that is given (not None) replacing the tier's value."""
        given = {"rpm": rpm, "rpd": rpd, "tpm": tpm, "concurrency": concurrency}
        return replace(self, **{k: v for k, v in given.items() if v is not None})


UNLIMITED = Limits()

#: name → limits. RPM/RPD: Google's published tiers; TPM and concurrency: ours (see the module docstring).
TIERS: dict[str, Limits] = {
    "free": Limits(rpm=60, rpd=1_500, tpm=250_000, concurrency=4),
    "tier1": Limits(rpm=500, rpd=10_000, tpm=1_000_000, concurrency=16),
    "tier2": Limits(rpm=2_000, rpd=50_000, tpm=3_000_000, concurrency=32),
    "tier3": Limits(rpm=4_000, rpd=100_000, tpm=8_000_000, concurrency=64),
}


def tier_limits(tier: str) -> Limits:
    try:
        return TIERS[tier]
    except KeyError:
        raise ValueError(f"unknown tier {tier!r}; choose one of {', '.join(TIERS)}") from None
