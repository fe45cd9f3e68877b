"""Execution options the store's engines understand (local and hub alike)."""

# A read that writes nothing: no write lock is taken, and the engine refuses any write in it.
READ_ONLY_OPTION = "mash_read_only"

# A writing transaction whose caller locks the rows it changes (and relies on version checks):
# on a hub it runs beside other such transactions instead of one writer at a time.
ROW_LOCKS_OPTION = "mash_row_locks"
