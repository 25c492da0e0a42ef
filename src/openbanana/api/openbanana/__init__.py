"""openbanana's own extension endpoints (not part of the Gemini API), under ``/{version}/openbanana/``."""
