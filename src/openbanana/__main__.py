from openbanana.cli import app

app()
