"""Migrations of the mail app (generated with `tortoise makemigrations`)."""
