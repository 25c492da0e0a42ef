"""Safety filters: harm categories, a lexicon classifier, the policy and the gate the engine calls.

See ``docs/safety.md``. Public entry points: :class:`~openbanana.safety.gate.SafetyGate`,
:class:`~openbanana.safety.classifier.Classifier` (protocol) and
:class:`~openbanana.safety.classifier.LexiconClassifier`, :class:`~openbanana.safety.policy.SafetyPolicy`.
"""
