"""Rasa input channels of this project (credentials.yml names them by module path)."""
