"""Labelled evaluation of syncer's matcher (see README.md)."""
