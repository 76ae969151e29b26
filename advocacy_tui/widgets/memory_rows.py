"""A row source for lists already in memory (tens or hundreds of rows: a cohort, the
scored candidates), so small tables use the same PagedTable as the large ones."""

from __future__ import annotations

from typing import Callable, Generic, Sequence, TypeVar

Item = TypeVar("Item")


class MemoryRows(Generic[Item]):
    def __init__(self, items: Sequence[Item], key: Callable[[Item], str], cells: Callable[[int, Item], tuple]) -> None:
        self.items = list(items)
        self._key = key
        self._cells = cells

    def count(self) -> int:
        return len(self.items)

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        return [
            (self._key(item), self._cells(offset + index, item))
            for index, item in enumerate(self.items[offset : offset + limit])
        ]

    def index_of(self, key: str | None) -> int | None:
        for index, item in enumerate(self.items):
            if self._key(item) == key:
                return index
        return None

    def item_at(self, index: int) -> Item | None:
        return self.items[index] if 0 <= index < len(self.items) else None
