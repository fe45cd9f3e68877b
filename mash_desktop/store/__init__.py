"""The encrypted store: SQLCipher engine, keys, models, migrations, backup."""
