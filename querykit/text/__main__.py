"""``python -m querykit.text``: regenerate the shipped parse tables after editing the grammar."""

from querykit.text.tables import regenerate

print(f"wrote {regenerate()}")
