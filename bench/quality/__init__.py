"""Quality suite: prompts with machine checks judged on the output pixels (``python -m bench.quality``)."""
