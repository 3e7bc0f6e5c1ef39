"""The approval hierarchy: each position points to its superior position (or None at the top)."""

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def creates_cycle(parent_of: Mapping[K, K | None], node: K, new_parent: K | None) -> bool:
    """Whether making new_parent the superior of node would close a loop (node == new_parent included)."""
    if new_parent is None:
        return False
    seen = {node}
    current: K | None = new_parent
    while current is not None:
        if current in seen:
            # Either we reached node, or the chain above new_parent already loops: both must be refused.
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def chain_up(parent_of: Mapping[K, K | None], node: K) -> list[K]:
    """Superiors of node from the direct one to the top; stops where existing data loops."""
    chain = []
    seen = {node}
    current = parent_of.get(node)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parent_of.get(current)
    return chain
