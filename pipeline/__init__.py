"""newsfacts: multilingual tech-business news in, a SQLite knowledge store of payments out."""

__version__ = "0.1.0"
