"""openbanana: a self-hosted, Gemini-compatible image generation and editing server."""

__version__ = "0.1.0"
