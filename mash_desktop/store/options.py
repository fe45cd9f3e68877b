"""Execution options the store's engines understand (local and hub alike)."""

# A read that writes nothing: no write lock is taken, and the engine refuses any write in it.
READ_ONLY_OPTION = "mash_read_only"
