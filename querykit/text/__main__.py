"""``python -m querykit.text``: regenerate the shipped parse tables after editing a grammar."""

from querykit.text.tables import regenerate
from querykit.update.tables import regenerate as regenerate_update

print(f"wrote {regenerate()}")
print(f"wrote {regenerate_update()}")
